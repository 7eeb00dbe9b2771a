/// One Engine.IO session bound to its transports: runs the ``EngineSession`` state machine and performs its
/// actions (writes, poll answers, closes), and reports messages and the close to its delegate.
///
/// Owned by its event-loop thread (`eventLoop`): every method must be called there.
///
///     socket.send(text: "2[\"hello\"]")    // Engine.IO 42["hello"] over WebSocket or polling
///     socket.close()
public final class EngineSocket {
    /// The WebSocket when the session writes to it directly (WebSocket transport, not closed), else nil; kept
    /// first in the object so the broadcast hot path reads one cache line. Refreshed on every change of
    /// `session` or `webSocket`.
    private var directWebSocket: (any EngineWebSocketTransport)?
    /// The Engine.IO session id.
    public let id: String
    /// The loop that owns this session.
    public let eventLoop: any EngineLoop
    /// The handshake request.
    public let handshake: EngineHandshake
    /// Receives messages and the close; cleared after the close.
    public var delegate: (any EngineSocketDelegate)?

    var session: EngineSession {
        didSet { refreshDirectWebSocket() }
    }
    var webSocket: (any EngineWebSocketTransport)? {
        didSet { refreshDirectWebSocket() }
    }
    var probe: (any EngineWebSocketTransport)?
    var parkedPoll: (any EnginePollResponder)?
    let clock: EngineClock
    /// `session.configuration.maxBufferedBytes`, kept here for the per-write backpressure check.
    let maxBufferedBytes: Int
    let onClose: (EngineSocket, EngineSession.CloseReason) -> Void

    init(
        session: EngineSession, handshake: EngineHandshake, eventLoop: any EngineLoop, clock: EngineClock,
        onClose: @escaping (EngineSocket, EngineSession.CloseReason) -> Void
    ) {
        self.id = session.sid
        self.session = session
        self.handshake = handshake
        self.eventLoop = eventLoop
        self.clock = clock
        self.maxBufferedBytes = session.configuration.maxBufferedBytes
        self.onClose = onClose
    }

    /// The Engine.IO protocol revision of this session.
    public var version: EngineVersion { session.version }
    /// The active transport.
    public var transport: EngineSession.Transport { session.transport }
    /// True once the session ended.
    public var isClosed: Bool { session.isClosed }

    /// Bytes waiting to be written to the client.
    public var bufferedAmount: Int {
        session.transport == .websocket ? (webSocket?.bufferedAmount ?? 0) : session.queuedBytes
    }

    /// Sends a text `message` packet.
    public func send(text: String) { send(EnginePacket(.message, text: text)) }

    /// Sends a binary `message` packet.
    public func send(binary: [UInt8]) { send(EnginePacket.binary(binary)) }

    /// Sends one packet.
    public func send(_ packet: EnginePacket) {
        perform(session.send(packet), current: nil)
        checkBackpressure()
    }

    /// Sends a broadcast frame: the shared pre-encoded bytes when on WebSocket, else the queued packet.
    ///
    /// The broadcast hot path (once per member): reads only the session's stored fields it needs, so the session
    /// value is not copied per call.
    public func send(_ frame: BroadcastFrame) {
        if let webSocket = directWebSocket {
            webSocket.send(frame)
            if maxBufferedBytes > 0, webSocket.bufferedAmount > maxBufferedBytes { checkBackpressure() }
            return
        }
        perform(session.send(frame.packet), current: nil)
        checkBackpressure()
    }

    /// Closes the session from the server side.
    public func close() { perform(session.close(reason: .serverClose), current: nil) }

    // MARK: - Transport events (called by the HTTP glue, on this loop)

    /// Opens the session: sends the open packet (a polling session answers it on the handshake GET).
    func open() { perform(session.open(), current: nil) }

    /// A polling GET for this session.
    public func receivePoll(_ responder: any EnginePollResponder) {
        if parkedPoll == nil { parkedPoll = responder }
        perform(session.receivePoll(now: clock.now()), current: responder)
        if !session.isPollPending, parkedPoll === responder { parkedPoll = nil }
    }

    /// The client of a parked GET went away: the session ends.
    public func pollCancelled(_ responder: any EnginePollResponder) {
        guard parkedPoll === responder else { return }
        parkedPoll = nil
        perform(session.close(reason: .transportClose), current: nil)
    }

    /// A polling POST for this session.
    public func receivePost(_ body: [UInt8], contentType: String?, responder: any EnginePollResponder) {
        perform(session.receivePost(body, contentType: contentType, now: clock.now()), current: responder)
    }

    /// A WebSocket message from `transport` (the active one or the upgrade probe).
    public func receive(_ data: WebSocketData, from transport: any EngineWebSocketTransport) {
        let isProbe = probe === transport
        guard isProbe || webSocket === transport else { return }
        perform(session.receiveWebSocket(data, probe: isProbe, now: clock.now()), current: nil)
    }

    /// A WebSocket of this session closed.
    public func webSocketClosed(_ transport: any EngineWebSocketTransport) {
        if probe === transport {
            probe = nil
            perform(session.webSocketClosed(probe: true), current: nil)
        } else if webSocket === transport {
            webSocket = nil
            perform(session.webSocketClosed(probe: false), current: nil)
        }
    }

    /// Attaches an upgrade probe WebSocket; returns false (the caller closes it) when the session cannot upgrade.
    public func attachProbe(_ transport: any EngineWebSocketTransport) -> Bool {
        guard session.attachProbe(now: clock.now()) else { return false }
        probe = transport
        return true
    }

    /// Advances heartbeat and upgrade timers.
    func tick(now: UInt64) {
        if now >= session.nextDeadline { perform(session.tick(now: now), current: nil) }
    }

    private func refreshDirectWebSocket() {
        directWebSocket = session.transport == .websocket && !session.isClosed ? webSocket : nil
    }

    private func checkBackpressure() {
        let limit = maxBufferedBytes
        if limit > 0, !session.isClosed, bufferedAmount > limit {
            EngineLog.log("engine.io: closing session \(id): \(bufferedAmount) bytes buffered (limit \(limit))")
            perform(session.close(reason: .backpressure), current: nil)
        }
    }

    func perform(_ actions: [EngineSession.Action], current: (any EnginePollResponder)?) {
        for action in actions {
            switch action {
            case .respondPoll(let response):
                let responder = parkedPoll
                parkedPoll = nil
                responder?.respond(status: 200, contentType: response.contentType, body: response.body)
            case .replyCurrent(let status, let contentType, let body):
                current?.respond(status: status, contentType: contentType, body: body)
            case .sendWebSocket(let packet):
                webSocket?.send(packet.encodeWebSocket(version: session.version))
            case .sendProbe(let packet):
                probe?.send(packet.encodeWebSocket(version: session.version))
            case .promoteProbe:
                webSocket = probe
                probe = nil
            case .closeWebSocket(let isProbe):
                if isProbe {
                    probe?.close()
                    probe = nil
                } else {
                    webSocket?.close()
                    webSocket = nil
                }
            case .deliver(let body):
                delegate?.engineSocket(self, didReceive: body)
            case .closed(let reason):
                onClose(self, reason)
                let delegate = self.delegate
                self.delegate = nil
                delegate?.engineSocketDidClose(self, reason: reason)
            }
        }
    }
}

@available(*, unavailable) extension EngineSocket: Sendable {}

/// Milliseconds on a monotonic clock; replaceable in tests.
public struct EngineClock: Sendable {
    public let now: @Sendable () -> UInt64

    public init(now: @escaping @Sendable () -> UInt64) { self.now = now }

    /// The monotonic system clock.
    public static let system = EngineClock {
        let now = ContinuousClock.now - EngineClock.origin
        return UInt64(now.components.seconds) * 1000 + UInt64(now.components.attoseconds / 1_000_000_000_000_000)
    }
    private static let origin = ContinuousClock.now
}
