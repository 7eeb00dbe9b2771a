/// A malformed or over-limit HTTP request; the connection should answer `status` and close.
///
///     do { ... } catch "E_HTTP_HEADER_TOO_LARGE" { ... } catch { ... }
public struct HTTPParserError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable code, such as `E_HTTP_HEADER_TOO_LARGE`.
    public let code: String
    /// The HTTP status to answer with (400, 413, 414, 431, 501 or 505).
    public let status: Int
    /// A human-readable explanation (never echoes request bytes).
    public let reason: String

    public init(code: String, status: Int, reason: String) {
        self.code = code
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(code) (\(status)): \(reason)" }

    /// Matches an error against its code in a `catch` clause.
    public static func ~= (code: String, error: HTTPParserError) -> Bool { error.code == code }

    static func requestLineTooLong(_ limit: Int) -> Self {
        Self(code: "E_HTTP_REQUEST_LINE_TOO_LONG", status: 414, reason: "request line longer than \(limit) bytes")
    }
    static func headerTooLarge(_ reason: String) -> Self {
        Self(code: "E_HTTP_HEADER_TOO_LARGE", status: 431, reason: reason)
    }
    static func bodyTooLarge(_ limit: Int) -> Self {
        Self(code: "E_HTTP_BODY_TOO_LARGE", status: 413, reason: "body larger than \(limit) bytes")
    }
    static func badRequestLine(_ reason: String) -> Self {
        Self(code: "E_HTTP_BAD_REQUEST_LINE", status: 400, reason: reason)
    }
    static func badHeader(_ reason: String) -> Self {
        Self(code: "E_HTTP_BAD_HEADER", status: 400, reason: reason)
    }
    static let obsFold = Self(code: "E_HTTP_OBS_FOLD", status: 400, reason: "obsolete line folding in header")
    static let badLineEnding = Self(code: "E_HTTP_BAD_LINE_ENDING", status: 400, reason: "line not ended by CRLF")
    static func badFraming(_ reason: String) -> Self {
        Self(code: "E_HTTP_BAD_FRAMING", status: 400, reason: reason)
    }
    static func badChunk(_ reason: String) -> Self {
        Self(code: "E_HTTP_BAD_CHUNK", status: 400, reason: reason)
    }
    static let unsupportedTransferEncoding = Self(
        code: "E_HTTP_UNSUPPORTED_TRANSFER_ENCODING", status: 501, reason: "only chunked transfer coding is supported")
    static let versionNotSupported = Self(
        code: "E_HTTP_VERSION_NOT_SUPPORTED", status: 505, reason: "only HTTP/1.x is supported")
}
