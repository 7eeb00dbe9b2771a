/// The status line and header fields of an HTTP/1.1 response, encodable into bytes.
///
///     var head = HTTPResponseHead(status: 200, headers: ["Content-Length": "2"])
///     var bytes: [UInt8] = []
///     head.encode(into: &bytes)   // "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    /// The reason phrase; nil uses the standard one for `status`.
    public var reason: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders

    public init(status: Int, reason: String? = nil, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:]) {
        self.status = status
        self.reason = reason
        self.version = version
        self.headers = headers
    }

    /// Appends the encoded head (status line, fields, empty line) to `bytes`. CR and LF inside names, values
    /// or the reason are replaced by spaces so a value can never split the response.
    public func encode(into bytes: inout [UInt8]) {
        bytes.append(contentsOf: "HTTP/\(version.major).\(version.minor) ".utf8)
        let code = min(max(status, 100), 999)
        bytes.append(UInt8(ascii: "0") + UInt8(code / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(code % 10))
        bytes.append(ASCII.space)
        Self.appendSanitized(reason ?? Self.reasonPhrase(for: status), to: &bytes)
        bytes.append(contentsOf: [ASCII.cr, ASCII.lf])
        for (name, value) in headers {
            Self.appendSanitized(name, to: &bytes)
            bytes.append(contentsOf: [ASCII.colon, ASCII.space])
            Self.appendSanitized(value, to: &bytes)
            bytes.append(contentsOf: [ASCII.cr, ASCII.lf])
        }
        bytes.append(contentsOf: [ASCII.cr, ASCII.lf])
    }

    /// The encoded head as a new array.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }

    private static func appendSanitized(_ text: String, to bytes: inout [UInt8]) {
        for byte in text.utf8 {
            bytes.append(byte == ASCII.cr || byte == ASCII.lf || byte == 0 ? ASCII.space : byte)
        }
    }

    /// The standard reason phrase for a status code (`404` → `Not Found`); `Unknown` for unlisted codes.
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }
}
