/// Encodes WebSocket frames into a caller's buffer: unmasked for the server role, masked for the client role.
///
/// A broadcast is encoded once and the same bytes written to every socket:
///
///     let frame = WebSocketFrameEncoder.frame(text: "42[\"hi\"]")   // [0x81, 0x08, 0x34, 0x32, ...]
///     for socket in members { socket.write(frame) }                 // shared storage, no per-socket copy
public enum WebSocketFrameEncoder {
    /// Bytes needed for a frame header carrying `payloadLength` bytes.
    public static func headerSize(payloadLength: Int, masked: Bool = false) -> Int {
        (payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10) + (masked ? 4 : 0)
    }

    /// Appends a frame header. With `maskKey` the payload that follows must be masked with it.
    public static func appendHeader(
        opcode: WebSocketOpcode, payloadLength: Int, fin: Bool = true, reservedBits: UInt8 = 0,
        maskKey: UInt32? = nil, into bytes: inout [UInt8]
    ) {
        bytes.append((fin ? 0x80 : 0) | (reservedBits & 0x70) | opcode.rawValue)
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        if payloadLength < 126 {
            bytes.append(maskBit | UInt8(payloadLength))
        } else if payloadLength <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes.append(UInt8(truncatingIfNeeded: payloadLength >> 8))
            bytes.append(UInt8(truncatingIfNeeded: payloadLength))
        } else {
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: UInt64(payloadLength) >> UInt64(shift)))
            }
        }
        if let maskKey { withUnsafeBytes(of: maskKey) { bytes.append(contentsOf: $0) } }
    }

    /// Appends a whole frame; with `maskKey` (client role) the payload is masked as it is copied.
    public static func appendFrame(
        opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, fin: Bool = true, maskKey: UInt32? = nil,
        into bytes: inout [UInt8]
    ) {
        bytes.reserveCapacity(
            bytes.count + headerSize(payloadLength: payload.count, masked: maskKey != nil)
                + payload.count)
        appendHeader(opcode: opcode, payloadLength: payload.count, fin: fin, maskKey: maskKey, into: &bytes)
        let payloadStart = bytes.count
        bytes.append(contentsOf: payload)
        if let maskKey { WebSocketMasking.apply(key: maskKey, to: &bytes, from: payloadStart) }
    }

    /// Appends a whole frame; with `maskKey` (client role) the payload is masked as it is copied.
    public static func appendFrame(
        opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true, maskKey: UInt32? = nil,
        into bytes: inout [UInt8]
    ) {
        payload.withUnsafeBytes { appendFrame(opcode: opcode, payload: $0, fin: fin, maskKey: maskKey, into: &bytes) }
    }

    /// One unmasked frame as a new array (server role).
    public static func frame(opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        appendFrame(opcode: opcode, payload: payload, fin: fin, into: &bytes)
        return bytes
    }

    /// One unmasked text frame, ready to be written to any number of sockets.
    public static func frame(text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { utf8 in
            var bytes: [UInt8] = []
            appendFrame(opcode: .text, payload: UnsafeRawBufferPointer(utf8), into: &bytes)
            return bytes
        }
    }

    /// A close frame payload: the code in network order, then the reason cut to fit 125 bytes on a UTF-8
    /// character boundary.
    public static func closePayload(code: WebSocketCloseCode, reason: String = "") -> [UInt8] {
        var payload = [UInt8(truncatingIfNeeded: code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue)]
        let utf8 = Array(reason.utf8)
        var end = min(utf8.count, 123)
        while end > 0, end < utf8.count, utf8[end] & 0xC0 == 0x80 { end -= 1 }
        payload += utf8[..<end]
        return payload
    }
}
