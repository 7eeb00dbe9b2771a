import HalyardEngineIO

/// A `Sendable` handle to a ``Socket``: every call hops to the socket's loop.
///
///     let ref = socket.handle
///     Task { let answer = try await ref.emitWithAck("question", [1]) }
public struct SocketRef: Sendable {
    public let id: String
    public let namespace: String
    let loop: any EngineLoop
    let socket: UncheckedBox<Socket>

    init(_ socket: Socket) {
        id = socket.id
        namespace = socket.namespace.name
        loop = socket.client.engine.eventLoop
        self.socket = UncheckedBox(socket)
    }

    /// Runs `body` with the socket on its loop.
    public func execute(_ body: @escaping @Sendable (Socket) -> Void) {
        let socket = self.socket
        loop.executeOrInline { body(socket.value) }
    }

    /// Emits an event.
    public func emit(_ event: String, _ args: [SocketValue] = []) { execute { $0.emit(event, args) } }

    /// Emits an event and waits for the client's acknowledgement.
    /// - Throws: `E_SIO_ACK_TIMEOUT`, `E_SIO_DISCONNECTED`.
    public func emitWithAck(_ event: String, _ args: [SocketValue] = [], timeoutMilliseconds: UInt64? = nil)
        async throws(SocketIOError) -> [SocketValue]
    {
        let result: Result<[SocketValue], SocketIOError> = await withCheckedContinuation { continuation in
            execute { socket in
                socket.emit(event, args, timeoutMilliseconds: timeoutMilliseconds) {
                    continuation.resume(returning: $0)
                }
            }
        }
        return try result.get()
    }

    /// Joins a room and returns when done.
    public func join(_ room: String) async { await run { $0.join(room) } }

    /// Leaves a room and returns when done.
    public func leave(_ room: String) async { await run { $0.leave(room) } }

    /// Disconnects the socket.
    public func disconnect(close: Bool = false) { execute { $0.disconnect(close: close) } }

    private func run(_ body: @escaping @Sendable (Socket) -> Void) async {
        await withCheckedContinuation { continuation in
            execute { socket in
                body(socket)
                continuation.resume()
            }
        }
    }
}

/// Sends the acknowledgement a client asked for; usable from any thread, once.
///
///     config.on("echo") { _, args, ack in ack?.send(args) }     // 43<id>[...args]
public struct Ack: Sendable {
    let socket: SocketRef
    let id: Int

    /// Sends the ack with these values.
    public func send(_ args: [SocketValue]) {
        let id = self.id
        socket.execute { socket in
            guard socket.connected else { return }
            socket.client.send(SocketIOPacket(.ack, namespace: socket.namespace.name, id: id, data: .array(args)))
        }
    }

    /// Sends the ack with these values.
    public func callAsFunction(_ args: SocketValue...) { send(args) }
}
