// How the parser works: bytes are appended to `buffer`; `start` marks the first unconsumed byte. Head lines are
// read one CRLF-terminated line at a time (`scanned` remembers how far the current partial line was searched,
// so drip-fed input costs O(n)). Every limit is checked against the partial line too, so an over-long request
// line or header block fails before it is complete. After the head, framing comes from Transfer-Encoding /
// Content-Length (RFC 9112 §6.3) and body bytes are handed out as they arrive.

/// An incremental HTTP/1.x request parser: feed bytes, then call `next()` until it returns nil.
///
/// A pure value: owned by whoever holds it (one connection), no I/O. Enforces, as soon as exceeded:
/// request-line length (414), header block size and count (431), body size (413, from Content-Length or while
/// de-chunking). Rejects with 400: bad method/target/version syntax, control bytes in fields, whitespace before
/// a colon, obs-fold, bare LF, Content-Length with Transfer-Encoding, differing Content-Length values,
/// malformed chunks. Transfer codings other than `chunked` → 501, HTTP major version other than 1 → 505.
/// Does not enforce: timeouts (the connection's job), trailer semantics (trailers are validated and dropped).
///
///     var parser = HTTPRequestParser()
///     parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
///     while let event = try parser.next() { ... }   // .head(GET /), .end
///
/// After an error every further `next()` throws the same error.
public struct HTTPRequestParser: Sendable {
    enum State: Sendable, Equatable {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case end
        /// An upgrade request ended; waiting for `takeRemainingBytes()` or `declineUpgrade()`.
        case paused
        case upgraded
        case failed(HTTPParserError)
    }

    public let limits: HTTPParserLimits
    var state = State.requestLine
    var buffer: [UInt8] = []
    var start = 0
    var scanned = 0
    var head: HTTPRequestHead?
    var headerBytes = 0
    var headerCount = 0
    var emptyLinesSkipped = 0
    var chunkedBodyBytes = 0

    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
    }

    /// Appends bytes; they are kept until `next()` consumes them. After an error they are dropped (the connection
    /// is closing), so memory stays bounded.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        if case .failed = state { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes; they are kept until `next()` consumes them. After an error they are dropped.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if case .failed = state { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next head, body piece or end of request; nil when more bytes are needed (or the parser is paused
    /// after an upgrade request).
    /// - Throws: `HTTPParserError` — E_HTTP_REQUEST_LINE_TOO_LONG (414), E_HTTP_HEADER_TOO_LARGE (431),
    ///   E_HTTP_BODY_TOO_LARGE (413), E_HTTP_BAD_REQUEST_LINE / E_HTTP_BAD_HEADER / E_HTTP_OBS_FOLD /
    ///   E_HTTP_BAD_LINE_ENDING / E_HTTP_BAD_FRAMING / E_HTTP_BAD_CHUNK (400),
    ///   E_HTTP_UNSUPPORTED_TRANSFER_ENCODING (501), E_HTTP_VERSION_NOT_SUPPORTED (505).
    public mutating func next() throws(HTTPParserError) -> HTTPParserEvent? {
        do {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Ends HTTP parsing after an upgrade request: returns the bytes fed beyond it (they belong to the new
    /// protocol). Later `next()` calls return nil.
    public mutating func takeRemainingBytes() -> [UInt8] {
        let rest = Array(buffer[start...])
        buffer = []
        start = 0
        scanned = 0
        state = .upgraded
        return rest
    }

    /// Continues parsing HTTP after an upgrade request the server refused (answered with a normal response).
    public mutating func declineUpgrade() {
        if state == .paused { state = .requestLine }
    }

    /// Whether the parser sits between requests with nothing buffered (safe to close an idle connection).
    public var isIdle: Bool { state == .requestLine && start == buffer.count }

    private mutating func step() throws(HTTPParserError) -> HTTPParserEvent? {
        while true {
            switch state {
            case .failed(let error): throw error
            case .paused, .upgraded: return nil
            case .requestLine:
                guard try parseRequestLine() else { return nil }
            case .headers:
                guard let complete = try parseHeaderLines() else { return nil }
                return .head(complete)
            case .fixedBody(let remaining):
                guard let bytes = takeBody(upTo: remaining) else { return nil }
                state = remaining == bytes.count ? .end : .fixedBody(remaining: remaining - bytes.count)
                return .body(bytes)
            case .chunkSize:
                guard try parseChunkSize() else { return nil }
            case .chunkData(let remaining):
                guard let bytes = takeBody(upTo: remaining) else { return nil }
                state = remaining == bytes.count ? .chunkDataEnd : .chunkData(remaining: remaining - bytes.count)
                return .body(bytes)
            case .chunkDataEnd:
                guard buffer.count - start >= 2 else { return nil }
                guard buffer[start] == ASCII.cr, buffer[start + 1] == ASCII.lf else {
                    throw .badChunk("chunk data not followed by CRLF")
                }
                start += 2
                state = .chunkSize
            case .trailers:
                guard try parseTrailerLine() else { return nil }
            case .end:
                state = head?.isUpgrade == true ? .paused : .requestLine
                head = nil
                return .end
            }
        }
    }

    private mutating func takeBody(upTo remaining: Int) -> [UInt8]? {
        let available = min(buffer.count - start, remaining)
        guard available > 0 else { return nil }
        defer { start += available }
        return Array(buffer[start..<(start + available)])
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

    /// The next complete line (without CRLF) as a range of `buffer`, consuming it; nil when incomplete.
    /// - Throws: `overflow` once the line's content is known to exceed `limit`; E_HTTP_BAD_LINE_ENDING for a
    ///   bare LF.
    mutating func readLine(
        limit: Int, overflow: @autoclosure () -> HTTPParserError
    ) throws(HTTPParserError) -> Range<Int>? {
        let from = start + scanned
        guard let lf = buffer[from...].firstIndex(of: ASCII.lf) else {
            scanned = buffer.count - start
            if scanned - 1 > limit { throw overflow() }
            return nil
        }
        scanned = 0
        guard lf > start, buffer[lf - 1] == ASCII.cr else { throw .badLineEnding }
        let line = start..<(lf - 1)
        if line.count > limit { throw overflow() }
        start = lf + 1
        return line
    }
}
