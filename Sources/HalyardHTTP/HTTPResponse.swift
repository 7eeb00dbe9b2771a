import Foundation
public import HalyardCodecs

/// A complete response: status, headers and body. `Content-Length` and `Connection` are filled in by the server.
///
///     .text("hello")                       // 200, text/plain; charset=utf-8
///     .json(["ok": true], status: 201)     // 201, application/json
///     .status(204)                         // empty body
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int = 200, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// An HTML response.
    public static func html(_ html: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
    }

    /// A JSON response from an `Encodable` value (500 `E_INTERNAL` if it cannot be encoded).
    public static func json(_ value: some Encodable, status: Int = 200) -> HTTPResponse {
        guard let data = try? JSONEncoder().encode(value) else {
            return .json(raw: Array(#"{"code":"E_INTERNAL","message":"response not encodable"}"#.utf8), status: 500)
        }
        return .json(raw: Array(data), status: status)
    }

    /// A JSON response from already-encoded bytes.
    public static func json(raw: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: raw)
    }

    /// A response with only a status; 4xx/5xx carry the reason phrase as a text body.
    public static func status(_ status: Int) -> HTTPResponse {
        if status >= 400 { return .text(HTTPResponseHead.reasonPhrase(for: status), status: status) }
        return HTTPResponse(status: status)
    }
}
