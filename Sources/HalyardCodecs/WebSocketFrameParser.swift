// How the parser works: bytes are appended to `buffer`, `start` marks the first unconsumed byte. A header is
// decoded as soon as its 2–14 bytes are there; its length is checked against the limits before the payload
// arrives. The decoded header waits in `pendingHeader` until the whole payload is buffered; the payload is then
// copied out once and unmasked in place eight bytes at a time.

/// An incremental RFC 6455 frame parser: feed bytes, then call `next()` until it returns nil.
///
/// A pure value owned by its connection. Enforces (close 1002): reserved bits without a negotiated extension,
/// unknown opcodes, fragmented or over-125-byte control frames, the masking rule of `role` (servers require
/// masked frames, clients refuse them), a 64-bit length with its top bit set. Enforces (close 1009) the frame and
/// message size limits as soon as a header announces the length. Does not check fragmentation order or UTF-8 —
/// `WebSocketMessageAssembler` does.
///
///     var parser = WebSocketFrameParser(role: .server)
///     parser.feed([0x81, 0x82, 1, 2, 3, 4, 0x69, 0x6B])   // masked "hi"
///     try parser.next()   // WebSocketFrame(fin: true, opcode: .text, payload: "hi")
public struct WebSocketFrameParser: Sendable {
    public let role: WebSocketRole
    public var limits: WebSocketLimits
    /// RSV bits an extension has negotiated (`0x40` for permessage-deflate); others are protocol errors.
    public var allowedReservedBits: UInt8 = 0

    var buffer: [UInt8] = []
    var start = 0
    var pendingHeader: WebSocketFrameHeader?
    var messageBytes = 0
    var failure: WebSocketError?

    public init(role: WebSocketRole = .server, limits: WebSocketLimits = .init()) {
        self.role = role
        self.limits = limits
    }

    /// Appends bytes; they are kept until `next()` consumes them. After an error they are dropped.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes; they are kept until `next()` consumes them. After an error they are dropped.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        guard failure == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Number of fed bytes not yet consumed.
    public var bufferedByteCount: Int { buffer.count - start }

    /// The next complete frame, unmasked; nil when more bytes are needed.
    /// - Throws: `WebSocketError` E_WS_PROTOCOL (1002) or E_WS_TOO_BIG (1009); afterwards every call throws it.
    public mutating func next() throws(WebSocketError) -> WebSocketFrame? {
        if let failure { throw failure }
        let header: WebSocketFrameHeader
        if let pendingHeader {
            header = pendingHeader
        } else {
            let result = buffer.withUnsafeBytes { raw in
                Result { () throws(WebSocketError) in try decodeHeader(UnsafeRawBufferPointer(rebasing: raw[start...]))
                }
            }
            let decoded: (WebSocketFrameHeader, Int)?
            switch result {
            case .success(let value): decoded = value
            case .failure(let error):
                failure = error
                throw error
            }
            guard let (decodedHeader, headerSize) = decoded else { return nil }
            commit(decodedHeader)
            start += headerSize
            header = decodedHeader
        }
        guard buffer.count - start >= header.length else {
            pendingHeader = header
            return nil
        }
        pendingHeader = nil
        var payload = Array(buffer[start..<(start + header.length)])
        start += header.length
        if let key = header.maskKey { WebSocketMasking.apply(key: key, to: &payload) }
        return WebSocketFrame(
            fin: header.fin, reservedBits: header.reservedBits, opcode: header.opcode, payload: payload)
    }

    /// Drops consumed bytes when that is cheap relative to what stays.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 16384)
            start = 0
        } else if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }
}
