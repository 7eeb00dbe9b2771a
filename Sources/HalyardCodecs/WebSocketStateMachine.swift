// How it works: `feed` buffers bytes in the frame parser; `nextAction` pulls one frame at a time, routes control
// frames (ping → pong, close → reply + close), passes data frames to the assembler, and turns any protocol error
// into [.failed, .send(close frame), .closeConnection]. Follow-up actions wait in `pending` (at most two).

/// The per-connection WebSocket protocol: framing, messages, ping/pong and the close handshake, as actions.
///
/// Owned by its connection's event-loop thread (a pure value; no I/O). Usage:
///
///     var machine = WebSocketStateMachine(role: .server)
///     machine.feed(bytes)
///     while let action = machine.nextAction() {
///         switch action { case .deliver(let message): ...; case .send(let frame): write(frame); ... }
///     }
///     if let frame = machine.close(code: .goingAway) { write(frame) }   // server-initiated close
public struct WebSocketStateMachine: Sendable {
    /// Where the close handshake stands.
    public enum State: Sendable, Hashable {
        case open
        /// We sent a close frame and wait for the peer's.
        case closing
        case closed
    }

    public private(set) var state = State.open
    public let role: WebSocketRole
    private var parser: WebSocketFrameParser
    private var assembler: WebSocketMessageAssembler
    private var pending: [WebSocketAction] = []
    /// Payload bytes of the incomplete frame already UTF-8-checked, and the validator state after them.
    private var partialChecked = 0
    private var partialValidator = UTF8Validator()

    public init(role: WebSocketRole = .server, limits: WebSocketLimits = .init()) {
        self.role = role
        parser = WebSocketFrameParser(role: role, limits: limits)
        assembler = WebSocketMessageAssembler(maxMessageSize: limits.maxMessageSize)
    }

    /// Appends received bytes; once closed they are dropped.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        if state != .closed { parser.feed(bytes) }
    }

    /// Appends received bytes; once closed they are dropped.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if state != .closed { parser.feed(bytes) }
    }

    /// The next thing to do; nil when more bytes are needed or the connection is closed.
    public mutating func nextAction() -> WebSocketAction? {
        if !pending.isEmpty { return pending.removeFirst() }
        while state != .closed {
            do {
                guard let frame = try parser.next() else {
                    try checkPartialText()
                    return nil
                }
                partialChecked = 0
                if let action = try handle(frame) { return action }
            } catch {
                // After our own close frame, a second one must not be sent.
                let closeFrame = encode(.close, WebSocketFrameEncoder.closePayload(code: error.closeCode))
                pending = state == .open ? [.send(closeFrame), .closeConnection] : [.closeConnection]
                state = .closed
                return .failed(error)
            }
        }
        return nil
    }

    /// Starts a close handshake from this side; returns the close frame to send, nil if closing already.
    public mutating func close(code: WebSocketCloseCode = .normal, reason: String = "") -> [UInt8]? {
        guard state == .open else { return nil }
        state = .closing
        return encode(.close, WebSocketFrameEncoder.closePayload(code: code, reason: reason))
    }

    /// A ping frame to send (heartbeat); nil unless open.
    public mutating func ping(_ payload: [UInt8] = []) -> [UInt8]? {
        guard state == .open else { return nil }
        return encode(.ping, Array(payload.prefix(125)))
    }

    /// A data frame for this role (masked when a client), or nil unless open. Servers broadcasting the same
    /// message should use `WebSocketFrameEncoder.frame(text:)` once instead.
    public func frame(_ message: WebSocketMessage) -> [UInt8]? {
        guard state == .open else { return nil }
        return encode(message.kind == .text ? .text : .binary, message.data)
    }

    private mutating func handle(_ frame: WebSocketFrame) throws(WebSocketError) -> WebSocketAction? {
        switch frame.opcode {
        case .ping:
            return state == .open ? .send(encode(.pong, frame.payload)) : nil
        case .pong:
            return .pong(frame.payload)
        case .close:
            let (code, reason) = try Self.parseClose(frame.payload)
            if state == .closing {
                state = .closed
                return .closeConnection
            }
            state = .closed
            let reply = WebSocketFrameEncoder.closePayload(code: code ?? .normal)
            pending = [.send(encode(.close, reply)), .closeConnection]
            return .peerClosed(code: code, reason: reason)
        case .text, .binary, .continuation:
            guard state == .open else { return nil }  // RFC 6455 §5.5.1: data after our close is ignored.
            return try assembler.append(frame).map(WebSocketAction.deliver)
        }
    }

    /// Fails fast on invalid UTF-8 in a text frame whose payload is still arriving (Autobahn 6.4.x).
    private mutating func checkPartialText() throws(WebSocketError) {
        guard state == .open, let (header, bytes) = parser.pendingPayload(from: partialChecked), !bytes.isEmpty
        else { return }
        let continuesText = header.opcode == .continuation && assembler.assemblingKind == .text
        guard header.opcode == .text || continuesText else { return }
        if partialChecked == 0 { partialValidator = continuesText ? assembler.validatorSnapshot : UTF8Validator() }
        guard partialValidator.validate(bytes) else { throw .invalidUTF8("text message is not valid UTF-8") }
        partialChecked += bytes.count
    }

    /// Validates a close payload: empty, or a valid code plus a UTF-8 reason.
    static func parseClose(_ payload: [UInt8]) throws(WebSocketError) -> (WebSocketCloseCode?, String) {
        guard !payload.isEmpty else { return (nil, "") }
        guard payload.count >= 2 else { throw .protocolError("close payload of one byte") }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidOnWire else { throw .protocolError("invalid close code \(code.rawValue)") }
        let reason = Array(payload[2...])
        guard UTF8Validator.isValid(reason) else { throw .invalidUTF8("close reason is not valid UTF-8") }
        return (code, String(decoding: reason, as: UTF8.self))
    }

    private func encode(_ opcode: WebSocketOpcode, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        let maskKey: UInt32? = role == .client ? UInt32.random(in: .min ... .max) : nil
        WebSocketFrameEncoder.appendFrame(opcode: opcode, payload: payload, maskKey: maskKey, into: &bytes)
        return bytes
    }
}
