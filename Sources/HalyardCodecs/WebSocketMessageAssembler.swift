/// Joins data frames into messages: fragmentation order, size limit, and UTF-8 of text validated incrementally
/// (per frame, across fragments, failing on the first bad frame).
///
/// A pure value owned by its connection. Control frames never pass through it (they may arrive between
/// fragments and are handled by `WebSocketStateMachine`).
public struct WebSocketMessageAssembler: Sendable {
    public var maxMessageSize: Int
    private var kind: WebSocketMessage.Kind?
    private var data: [UInt8] = []
    private var validator = UTF8Validator()

    public init(maxMessageSize: Int = 1 << 20) {
        self.maxMessageSize = maxMessageSize
    }

    /// Whether a fragmented message has started and not yet ended.
    public var isAssembling: Bool { kind != nil }

    /// The kind of the fragmented message in progress, if any.
    var assemblingKind: WebSocketMessage.Kind? { kind }

    /// The UTF-8 state a continuation frame's text continues from.
    var validatorSnapshot: UTF8Validator { validator }

    /// Adds a data frame (text, binary or continuation); returns the message when its final frame arrives.
    /// - Throws: E_WS_PROTOCOL (continuation without a message, a new message inside a fragmented one, a control
    ///   frame), E_WS_INVALID_UTF8 (1007), E_WS_TOO_BIG (1009).
    public mutating func append(_ frame: WebSocketFrame) throws(WebSocketError) -> WebSocketMessage? {
        let frameKind: WebSocketMessage.Kind
        switch frame.opcode {
        case .continuation:
            guard let kind else { throw .protocolError("continuation frame without a message") }
            frameKind = kind
        case .text, .binary:
            guard kind == nil else { throw .protocolError("new message before the fragmented one ended") }
            frameKind = frame.opcode == .text ? .text : .binary
            if frame.fin {
                // Single-frame message: no copy.
                guard frame.payload.count <= maxMessageSize else { throw .tooBig("message larger than the limit") }
                if frameKind == .text, !UTF8Validator.isValid(frame.payload) {
                    throw .invalidUTF8("text message is not valid UTF-8")
                }
                return WebSocketMessage(kind: frameKind, data: frame.payload)
            }
            validator = UTF8Validator()
            data = []
        case .close, .ping, .pong:
            throw .protocolError("control frame passed to the message assembler")
        }
        guard data.count + frame.payload.count <= maxMessageSize else {
            throw .tooBig("message larger than the limit")
        }
        if frameKind == .text, !validator.validate(frame.payload) {
            throw .invalidUTF8("text message is not valid UTF-8")
        }
        if data.isEmpty { data = frame.payload } else { data += frame.payload }
        guard frame.fin else {
            kind = frameKind
            return nil
        }
        kind = nil
        if frameKind == .text, !validator.isComplete { throw .invalidUTF8("text message ends inside a character") }
        defer { data = [] }
        return WebSocketMessage(kind: frameKind, data: data)
    }
}
