// Frame header decoding (RFC 6455 §5.2):
//  0                   1                   2                   3
//  |F|R|R|R| opcode|M| len (7) | extended len (16/64) | masking key (32, when M) | payload ...

extension WebSocketFrameParser {
    /// Decodes the header at the start of `raw` if complete: the header and its size in bytes; nil when more bytes
    /// are needed. Limits are checked as soon as the length is known, even before the masking key arrives.
    /// Does not change any state: call `commit(_:)` once the frame is consumed.
    func decodeHeader(_ raw: UnsafeRawBufferPointer) throws(WebSocketError) -> (WebSocketFrameHeader, Int)? {
        let available = raw.count
        guard available >= 2 else { return nil }
        let first = raw[0]
        let second = raw[1]
        let fin = first & 0x80 != 0
        let reservedBits = first & 0x70
        if reservedBits & ~allowedReservedBits != 0 { throw .protocolError("reserved bits set") }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else { throw .protocolError("unknown opcode") }
        let masked = second & 0x80 != 0
        switch role {
        case .server where !masked: throw .protocolError("client frame not masked")
        case .client where masked: throw .protocolError("server frame masked")
        default: break
        }
        let shortLength = Int(second & 0x7F)
        if opcode.isControl {
            guard fin else { throw .protocolError("fragmented control frame") }
            guard shortLength <= 125 else { throw .protocolError("control frame longer than 125 bytes") }
        }
        let extendedSize = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0
        guard available >= 2 + extendedSize else { return nil }
        var length = shortLength
        if extendedSize > 0 {
            var wide: UInt64 = 0
            for offset in 0..<extendedSize { wide = wide << 8 | UInt64(raw[2 + offset]) }
            guard wide & (1 << 63) == 0 else { throw .protocolError("64-bit length with its top bit set") }
            guard wide <= UInt64(limits.maxFrameSize) else { throw .tooBig("frame larger than the limit") }
            length = Int(wide)
        }
        guard length <= limits.maxFrameSize else { throw .tooBig("frame larger than the limit") }
        if !opcode.isControl {
            let total = opcode == .continuation ? messageBytes + length : length
            guard total <= limits.maxMessageSize else { throw .tooBig("message larger than the limit") }
        }
        let headerSize = 2 + extendedSize + (masked ? 4 : 0)
        guard available >= headerSize else { return nil }
        let maskKey = masked ? raw.loadUnaligned(fromByteOffset: 2 + extendedSize, as: UInt32.self) : nil
        let header = WebSocketFrameHeader(
            fin: fin, reservedBits: reservedBits, opcode: opcode, length: length, maskKey: maskKey)
        return (header, headerSize)
    }

    /// Records a consumed header (the running size of a fragmented message).
    mutating func commit(_ header: WebSocketFrameHeader) {
        guard !header.opcode.isControl else { return }
        messageBytes = header.opcode == .continuation ? messageBytes + header.length : header.length
    }
}
