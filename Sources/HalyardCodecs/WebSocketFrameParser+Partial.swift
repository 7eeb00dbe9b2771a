// Peeking at a payload still arriving, so text can be UTF-8-checked before its frame is complete (fail fast).

extension WebSocketFrameParser {
    /// While a frame's payload is still arriving: its header and the payload bytes received so far from `offset`
    /// on, unmasked (a copy). Nil when no frame is waiting for its payload.
    public func pendingPayload(from offset: Int) -> (header: WebSocketFrameHeader, bytes: [UInt8])? {
        guard let header = pendingHeader else { return nil }
        let available = min(buffer.count - start, header.length)
        guard available > offset else { return (header, []) }
        var bytes = Array(buffer[(start + offset)..<(start + available)])
        if let key = header.maskKey { WebSocketMasking.apply(key: Self.rotate(key, by: offset), to: &bytes) }
        return (header, bytes)
    }

    /// The masking key as it applies from payload byte `offset` on (key byte `offset % 4` first).
    static func rotate(_ key: UInt32, by offset: Int) -> UInt32 {
        let shift = UInt32(offset % 4) * 8
        guard shift > 0 else { return key }
        let little = key.littleEndian
        return UInt32(littleEndian: little >> shift | little << (32 - shift))
    }
}
