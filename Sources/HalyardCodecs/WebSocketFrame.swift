/// One WebSocket frame with its payload already unmasked.
public struct WebSocketFrame: Sendable, Equatable {
    public var fin: Bool
    /// RSV1–RSV3 as the high nibble bits (`0x40` = RSV1); zero without extensions.
    public var reservedBits: UInt8
    public var opcode: WebSocketOpcode
    public var payload: [UInt8]

    public init(fin: Bool = true, reservedBits: UInt8 = 0, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.reservedBits = reservedBits
        self.opcode = opcode
        self.payload = payload
    }
}

/// The fixed part of a frame, known before its payload arrives.
public struct WebSocketFrameHeader: Sendable, Equatable {
    public var fin: Bool
    public var reservedBits: UInt8
    public var opcode: WebSocketOpcode
    /// Payload length in bytes.
    public var length: Int
    /// The masking key as loaded from the wire (memory order); nil for unmasked frames.
    public var maskKey: UInt32?
}
