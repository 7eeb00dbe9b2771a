import HalyardEngineIO

/// One client connected to one namespace.
///
/// Owned by its event-loop thread: use it inside handlers; from other threads use ``handle`` (a `Sendable`
/// ``SocketRef``).
///
///     socket.join("lobby")
///     socket.emit("welcome", ["hi"])            // 42["welcome","hi"]
///     socket.emit("question", [1]) { result in print(result) }   // 421["question",1], waits for 431[...]
public final class Socket {
    /// The Socket.IO id (also the name of the room holding only this socket).
    public let id: String
    /// The namespace.
    public let namespace: Namespace
    /// The CONNECT auth payload (v5), if any.
    public let auth: SocketValue?
    /// Free-form data for the application (reported by cluster-wide fetches).
    public var data: [String: SocketValue] = [:]
    /// Rooms joined, not counting the own-id room.
    public internal(set) var rooms: Set<String> = []
    /// False once the socket left the namespace.
    public private(set) var connected = true

    unowned let client: SocketIOClient
    /// The Engine.IO session, held strongly for the broadcast hot path (no unowned-retain per write).
    let engine: EngineSocket
    let shard: NamespaceShard
    private var pendingAcks: [Int: (Result<[SocketValue], SocketIOError>) -> Void] = [:]
    private var nextAckID = 0

    init(id: String, namespace: Namespace, auth: SocketValue?, client: SocketIOClient, shard: NamespaceShard) {
        self.id = id
        self.namespace = namespace
        self.auth = auth
        self.client = client
        self.engine = client.engine
        self.shard = shard
    }

    /// The Engine.IO handshake request (headers, query, address).
    public var handshake: EngineHandshake { client.engine.handshake }
    /// The Engine.IO session id.
    public var engineID: String { client.engine.id }
    /// A `Sendable` handle usable from any thread.
    public var handle: SocketRef { SocketRef(self) }

    /// Emits an event to this client.
    public func emit(_ event: String, _ args: [SocketValue] = []) {
        guard connected else { return }
        client.send(SocketIOPacket(.event, namespace: namespace.name, data: .array([.string(event)] + args)))
    }

    /// Emits an event and waits for the client's acknowledgement (or `E_SIO_ACK_TIMEOUT` / `E_SIO_DISCONNECTED`).
    public func emit(
        _ event: String, _ args: [SocketValue], timeoutMilliseconds: UInt64? = nil,
        ack: @escaping (Result<[SocketValue], SocketIOError>) -> Void
    ) {
        guard connected else { return ack(.failure(.disconnected)) }
        let ackID = nextAckID
        nextAckID += 1
        pendingAcks[ackID] = ack
        client.send(SocketIOPacket(.event, namespace: namespace.name, id: ackID, data: .array([.string(event)] + args)))
        let timeout = timeoutMilliseconds ?? client.settings.ackTimeout
        client.engine.eventLoop.schedule(afterMilliseconds: timeout) { [weak self] in
            self?.pendingAcks.removeValue(forKey: ackID)?(.failure(.ackTimeout))
        }
    }

    /// Joins a room (on this node).
    public func join(_ room: String) { if connected { shard.join(self, room) } }

    /// Leaves a room.
    public func leave(_ room: String) { shard.leave(self, room) }

    /// Leaves every room but its own.
    public func leaveAll() { shard.leaveAll(self) }

    /// Disconnects from this namespace (the client gets DISCONNECT); `close` also ends the Engine.IO session.
    public func disconnect(close: Bool = false) {
        if connected {
            client.send(SocketIOPacket(.disconnect, namespace: namespace.name))
            detach(reason: "server namespace disconnect")
        }
        if close { client.engine.close() }
    }

    // MARK: - Internals

    /// Writes a broadcast payload (the shared frame on WebSocket).
    func write(_ payload: BroadcastPayload) {
        if payload.attachments.isEmpty {
            engine.send(payload.frame)
        } else {
            engine.send(payload.frame.packet)
            for attachment in payload.attachments { engine.send(binary: attachment) }
        }
    }

    func receiveAck(_ id: Int, _ args: [SocketValue]) {
        pendingAcks.removeValue(forKey: id)?(.success(args))
    }

    /// Leaves the namespace: rooms, registry, pending acks, the disconnect handler.
    func detach(reason: String) {
        guard connected else { return }
        connected = false
        shard.remove(self)
        client.sockets[namespace.name] = nil
        let acks = pendingAcks
        pendingAcks = [:]
        for ack in acks.values { ack(.failure(.disconnected)) }
        namespace.configuration.onDisconnect?(self, reason)
    }
}

@available(*, unavailable) extension Socket: Sendable {}
