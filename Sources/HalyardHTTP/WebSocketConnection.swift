public import HalyardCodecs
public import HalyardServer

// How a WebSocket connection runs: after the 101 the TCP connection's handler becomes this object. Received bytes
// go into the codec's `WebSocketStateMachine`; its actions are carried out here (deliver a message to the
// callbacks, write a pong or close frame, close the TCP connection once flushed). Sends encode one unmasked
// frame straight into one buffer; `send(preEncodedFrame:)` writes shared bytes without copying, so a broadcast
// is encoded once for every member. A close we start waits (bounded) for the peer's close frame.

/// A server-side WebSocket connection after a successful upgrade.
///
/// Owned by its event-loop thread: call every method and set every callback on `eventLoop` (from other threads
/// go through `eventLoop.execute` with a `LoopBound`). Callbacks run on the loop.
///
///     routes.webSocket("/echo") { socket in
///         socket.onText = { [unowned socket] text in socket.send(text: text) }
///         socket.onBinary = { [unowned socket] bytes in socket.send(binary: bytes) }
///         socket.onClose = { code, reason in print("closed", code?.rawValue ?? 1006) }
///     }
public final class WebSocketConnection: TCPConnectionHandler, ServerConnection {
    /// The loop that owns this connection.
    public let eventLoop: EventLoop
    /// The upgrade request: path, query (`EIO=4`), headers (`Origin`), remote address.
    public let request: HTTPRequest
    /// A text message arrived (valid UTF-8, fragments joined).
    public var onText: ((String) -> Void)?
    /// A binary message arrived (fragments joined).
    public var onBinary: (([UInt8]) -> Void)?
    /// A pong arrived.
    public var onPong: (([UInt8]) -> Void)?
    /// The write queue emptied (called after every flush that empties it; for senders that pause above a
    /// `bufferedAmount` threshold).
    public var onDrain: (() -> Void)? {
        didSet { updateDrainReports() }
    }
    /// The TCP connection closed; called exactly once. The code is the peer's close code, or nil when the peer
    /// sent none (1005) or the connection dropped without a close frame (1006).
    public var onClose: ((WebSocketCloseCode?, String) -> Void)?

    let connection: TCPConnection
    private let registry: ConnectionRegistry
    private var machine: WebSocketStateMachine
    private var closeTimer: LoopTimer?
    private var peerCloseCode: WebSocketCloseCode?
    private var peerCloseReason = ""
    private var finished = false
    private let pauseAbove: Int?
    private var readingPaused = false {
        didSet { updateDrainReports() }
    }

    init(
        connection: TCPConnection, request: HTTPRequest, maxMessageBytes: Int, pauseAbove: Int?,
        registry: ConnectionRegistry
    ) {
        self.pauseAbove = pauseAbove
        self.eventLoop = connection.eventLoop
        self.connection = connection
        self.request = request
        self.registry = registry
        let size = Swift.max(maxMessageBytes, 125)
        machine = WebSocketStateMachine(
            role: .server, limits: WebSocketLimits(maxFrameSize: size, maxMessageSize: size))
    }

    /// The peer's address, when known.
    public var remoteAddress: SocketAddress? { connection.remoteAddress }
    /// Outbound bytes queued but not yet taken by the kernel.
    public var bufferedAmount: Int { connection.bufferedBytes }
    /// True while messages can be sent (before a close frame was sent or received).
    public var isOpen: Bool { machine.state == .open && connection.isOpen }

    /// Sends a text message as one frame.
    public func send(text: String) {
        var text = text
        text.withUTF8 { send(opcode: .text, payload: UnsafeRawBufferPointer($0)) }
    }

    /// Sends a binary message as one frame.
    public func send(binary: [UInt8]) {
        binary.withUnsafeBytes { send(opcode: .binary, payload: $0) }
    }

    /// Writes a complete frame encoded once for many sockets (`WebSocketFrameEncoder.frame(text:)`), without
    /// copying it.
    public func send(preEncodedFrame frame: SharedBytes) {
        guard isOpen else { return }
        connection.write(frame)
    }

    /// Sends a ping (a heartbeat; the pong arrives through `onPong`).
    public func sendPing(_ payload: [UInt8] = []) {
        guard let frame = machine.ping(payload) else { return }
        connection.write(frame)
    }

    /// Starts the close handshake; the TCP connection closes when the peer answers, or after `timeout`.
    public func close(code: WebSocketCloseCode = .normal, reason: String = "", timeout: Duration = .seconds(5)) {
        guard !finished else { return }
        guard let frame = machine.close(code: code, reason: reason) else { return }
        connection.write(frame)
        let timer = LoopTimer(on: eventLoop)
        timer.start(after: timeout) { [weak self] in self?.connection.close(.immediately) }
        closeTimer = timer
    }

    /// Drops the TCP connection without a close handshake.
    public func forceClose() {
        connection.close(.immediately)
    }

    private func send(opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        guard isOpen else { return }
        // Header and payload are appended to the connection's tick buffer: one copy of the payload.
        var header: [UInt8] = []
        header.reserveCapacity(14)
        WebSocketFrameEncoder.appendHeader(opcode: opcode, payloadLength: payload.count, into: &header)
        connection.write(header)
        connection.write(payload)
    }

    // MARK: connection events

    func start(initialBytes: [UInt8]) {
        registry.add(self)
        connection.handler = self
        updateDrainReports()
        connection.startReading()
        if !initialBytes.isEmpty {
            machine.feed(initialBytes)
            runActions()
        }
    }

    public func connectionDidRead(_ connection: TCPConnection, _ bytes: UnsafeRawBufferPointer) {
        machine.feed(bytes)
        runActions()
        if let pauseAbove, connection.bufferedBytes > pauseAbove, connection.isOpen {
            connection.stopReading()
            readingPaused = true
        }
    }

    /// Drain events are needed only to resume paused reading or for `onDrain`.
    private func updateDrainReports() {
        connection.reportsDrain = readingPaused || onDrain != nil
    }

    public func connectionDidDrain(_ connection: TCPConnection) {
        if readingPaused, connection.isOpen {
            readingPaused = false
            connection.startReading()
        }
        onDrain?()
    }

    public func connectionDidClose(_ connection: TCPConnection, error: UVError?) {
        guard !finished else { return }
        finished = true
        closeTimer?.close()
        closeTimer = nil
        registry.remove(self)
        let onClose = self.onClose
        self.onText = nil
        self.onBinary = nil
        self.onPong = nil
        self.onDrain = nil
        self.onClose = nil
        onClose?(peerCloseCode, peerCloseReason)
    }

    private func runActions() {
        while !finished, connection.isOpen, let action = machine.nextAction() {
            switch action {
            case .deliver(let message):
                switch message.kind {
                case .text: onText?(message.text)
                case .binary: onBinary?(message.data)
                }
            case .send(let frame):
                connection.write(frame)
            case .pong(let payload):
                onPong?(payload)
            case .peerClosed(let code, let reason):
                peerCloseCode = code
                peerCloseReason = reason
            case .failed:
                break
            case .closeConnection:
                connection.close()
            }
        }
    }

    func beginGracefulShutdown() {
        close(code: .goingAway, reason: "server shutting down")
    }
}

@available(*, unavailable) extension WebSocketConnection: Sendable {}
