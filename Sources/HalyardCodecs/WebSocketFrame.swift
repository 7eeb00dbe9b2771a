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
struct WebSocketFrameHeader: Sendable, Equatable {
    var fin: Bool
    var reservedBits: UInt8
    var opcode: WebSocketOpcode
    var length: Int
    /// The masking key as loaded from the wire (memory order); nil for unmasked frames.
    var maskKey: UInt32?
}
