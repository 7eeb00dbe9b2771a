import Foundation

// How requests find their session
// --------------------------------
// A session lives on the loop whose connection made the handshake. Polling requests for it may arrive on any
// loop (another keep-alive connection), so `sessions` maps sid -> (loop, socket) under `lock`, and the request
// hops to the session's loop; HTTP responses are completable from any thread. Each loop also keeps a
// `LoopSessions` list (loop-owned) that one repeating timer per loop sweeps for heartbeat deadlines.

/// The Engine.IO server: validates handshakes (version, transport, origin, `beforeConnect`), owns the table of
/// live sessions, routes polling requests and upgrade probes to them, and runs heartbeats.
///
/// Protected by `lock` (the session table and per-loop state table); sessions themselves are loop-owned.
///
///     let engine = EngineServer(configuration: config) { socket in socket.delegate = MyHandler() }
///     // HTTP glue: engine.handle(request, writer) for every /socket.io/ request
public final class EngineServer: Sendable {
    public let configuration: EngineConfiguration
    let clock: EngineClock
    let onConnection: @Sendable (EngineSocket) -> Void
    let beforeConnect: (@Sendable (EngineHandshake) async throws -> Void)?
    private let lock = NSLock()
    // @unchecked-free: both tables are only touched under `lock`; entries are Sendable boxes.
    nonisolated(unsafe) private var sessions: [String: SessionRef] = [:]
    nonisolated(unsafe) private var loops: [ObjectIdentifier: UncheckedBox<LoopSessions>] = [:]

    /// - Parameters:
    ///   - beforeConnect: runs before a session is created; throwing refuses the handshake with 403 and
    ///     `{"code":4,"message":"<error description>"}` (use ``EngineRefusal`` for a clean message).
    ///   - onConnection: runs on the session's loop right after the session opened (before the handshake
    ///     response is written, so packets sent here travel with the open packet on polling).
    public init(
        configuration: EngineConfiguration, clock: EngineClock = .system,
        beforeConnect: (@Sendable (EngineHandshake) async throws -> Void)? = nil,
        onConnection: @escaping @Sendable (EngineSocket) -> Void
    ) {
        self.configuration = configuration
        self.clock = clock
        self.beforeConnect = beforeConnect
        self.onConnection = onConnection
    }

    /// The number of live sessions.
    public var sessionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return sessions.count
    }

    /// A `Sendable` handle to a session on its loop.
    public struct SessionRef: Sendable {
        public let eventLoop: any EngineLoop
        let socket: UncheckedBox<EngineSocket>

        /// A handle to `socket` (create on its loop).
        public init(_ socket: EngineSocket) {
            eventLoop = socket.eventLoop
            self.socket = UncheckedBox(socket)
        }

        /// Runs `body` with the session on its loop.
        public func execute(_ body: @escaping @Sendable (EngineSocket) -> Void) {
            let socket = self.socket
            eventLoop.executeOrInline { body(socket.value) }
        }
    }

    /// Looks a session up by id.
    public func session(_ sid: String) -> SessionRef? {
        lock.lock()
        defer { lock.unlock() }
        return sessions[sid]
    }

    /// Creates and opens a session on `loop` (call on that loop). For WebSocket sessions pass the transport.
    @discardableResult
    public func openSession(
        handshake: EngineHandshake, on loop: any EngineLoop,
        webSocket: (any EngineWebSocketTransport)? = nil, base64: Bool = false
    ) -> EngineSocket {
        var session = EngineSession(
            sid: EngineSID.generate(), version: handshake.version, transport: webSocket == nil ? .polling : .websocket,
            configuration: configuration, now: clock.now())
        session.base64Only = base64
        let socket = EngineSocket(session: session, handshake: handshake, eventLoop: loop, clock: clock) {
            [weak self] socket, reason in self?.remove(socket, reason: reason)
        }
        socket.webSocket = webSocket
        let loopSessions = sessionsOn(loop)
        loopSessions.add(socket)
        lock.lock()
        sessions[socket.id] = SessionRef(socket)
        lock.unlock()
        socket.open()
        onConnection(socket)
        return socket
    }

    private func remove(_ socket: EngineSocket, reason: EngineSession.CloseReason) {
        lock.lock()
        sessions[socket.id] = nil
        let loopSessions = loops[ObjectIdentifier(socket.eventLoop)]
        lock.unlock()
        loopSessions?.value.remove(socket)
    }

    /// Closes every session (server shutdown); returns after the close jobs were queued on their loops.
    public func closeAll() {
        lock.lock()
        let all = Array(sessions.values)
        lock.unlock()
        for ref in all { ref.execute { $0.close() } }
    }

    private func sessionsOn(_ loop: any EngineLoop) -> LoopSessions {
        let key = ObjectIdentifier(loop)
        lock.lock()
        if let existing = loops[key] {
            lock.unlock()
            return existing.value
        }
        let created = LoopSessions(loop: loop, clock: clock, tick: tickInterval)
        loops[key] = UncheckedBox(created)
        lock.unlock()
        created.startTicking()
        return created
    }

    private var tickInterval: UInt64 {
        max(5, min(1000, min(configuration.pingInterval, configuration.pingTimeout) / 5))
    }
}

/// The sessions living on one loop, swept by one repeating timer for heartbeat deadlines.
///
/// Owned by its event-loop thread.
final class LoopSessions {
    let loop: any EngineLoop
    let clock: EngineClock
    let tick: UInt64
    private var sockets: [ObjectIdentifier: EngineSocket] = [:]

    init(loop: any EngineLoop, clock: EngineClock, tick: UInt64) {
        self.loop = loop
        self.clock = clock
        self.tick = tick
    }

    func add(_ socket: EngineSocket) { sockets[ObjectIdentifier(socket)] = socket }
    func remove(_ socket: EngineSocket) { sockets[ObjectIdentifier(socket)] = nil }

    func startTicking() {
        loop.schedule(afterMilliseconds: tick) { [weak self] in
            guard let self else { return }
            let now = self.clock.now()
            for socket in Array(self.sockets.values) { socket.tick(now: now) }
            self.startTicking()
        }
    }
}

@available(*, unavailable) extension LoopSessions: Sendable {}

/// A `beforeConnect` refusal (code `E_EIO_REFUSED`): the client sees `status` and
/// `{"code":4,"message":<message>}`.
public struct EngineRefusal: Error, Sendable {
    /// The stable error code.
    public let code = "E_EIO_REFUSED"
    public var status: Int
    public var message: String

    public init(_ message: String, status: Int = 403) {
        self.message = message
        self.status = status
    }
}
