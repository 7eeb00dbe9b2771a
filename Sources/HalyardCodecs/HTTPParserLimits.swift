/// Size limits the HTTP request parser enforces as soon as they are exceeded.
public struct HTTPParserLimits: Sendable, Hashable {
    /// Longest request line, CRLF excluded; beyond it → 414.
    public var maxRequestLineLength: Int
    /// Total bytes of all header lines (and, separately, of the chunked trailers); beyond it → 431.
    public var maxHeaderBytes: Int
    /// Most header fields (and trailer fields); beyond it → 431.
    public var maxHeaderCount: Int
    /// Largest request body, fixed-length or chunked; beyond it → 413.
    public var maxBodyBytes: Int

    public init(
        maxRequestLineLength: Int = 8192, maxHeaderBytes: Int = 16384, maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1 << 20
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
