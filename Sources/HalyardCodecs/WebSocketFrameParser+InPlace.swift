// Zero-copy path: when nothing is buffered, frames are decoded straight out of the caller's read buffer and
// unmasked in place; only a trailing partial frame is copied into the parser. With bytes already buffered it
// falls back to `feed` + `next`.

extension WebSocketFrameParser {
    /// Parses every complete frame in `bytes` (unmasking in place) and calls `body` with its header and payload;
    /// keeps a trailing partial frame for the next call. The payload pointer is valid only during `body`.
    ///
    ///     try parser.parse(readBuffer) { header, payload in
    ///         if header.opcode == .text { handle(payload) }
    ///     }
    /// - Throws: the same errors as `next()`; frames before the bad one have been passed to `body`.
    public mutating func parse(
        _ bytes: UnsafeMutableRawBufferPointer, _ body: (WebSocketFrameHeader, UnsafeRawBufferPointer) -> Void
    ) throws(WebSocketError) {
        if let failure { throw failure }
        if bufferedByteCount > 0 || pendingHeader != nil {
            feed(UnsafeRawBufferPointer(bytes))
            while let frame = try next() {
                let header = WebSocketFrameHeader(
                    fin: frame.fin, reservedBits: frame.reservedBits, opcode: frame.opcode,
                    length: frame.payload.count, maskKey: nil)
                frame.payload.withUnsafeBytes { body(header, $0) }
            }
            return
        }
        var offset = 0
        while offset < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            let decoded: (WebSocketFrameHeader, Int)?
            do {
                decoded = try decodeHeader(rest)
            } catch {
                failure = error
                throw error
            }
            guard let (header, headerSize) = decoded, rest.count - headerSize >= header.length else { break }
            commit(header)
            let payloadStart = offset + headerSize
            let payload = UnsafeMutableRawBufferPointer(
                rebasing: bytes[payloadStart..<(payloadStart + header.length)])
            if let key = header.maskKey { WebSocketMasking.apply(key: key, to: payload) }
            var unmasked = header
            unmasked.maskKey = nil
            body(unmasked, UnsafeRawBufferPointer(payload))
            offset = payloadStart + header.length
        }
        if offset < bytes.count { feed(UnsafeRawBufferPointer(rebasing: bytes[offset...])) }
    }
}
