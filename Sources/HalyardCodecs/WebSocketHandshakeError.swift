/// A refused WebSocket upgrade; answer with `response` and close.
public struct WebSocketHandshakeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable code: E_WS_HANDSHAKE (400), E_WS_METHOD (405), E_WS_VERSION (426).
    public let code: String
    public let status: Int
    public let reason: String
    /// Fields to add to the error response (`Sec-WebSocket-Version: 13` for 426, `Allow: GET` for 405).
    public let headers: HTTPHeaders

    public init(code: String, status: Int, reason: String, headers: HTTPHeaders = [:]) {
        self.code = code
        self.status = status
        self.reason = reason
        self.headers = headers
    }

    public var description: String { "\(code) (\(status)): \(reason)" }

    public static func ~= (code: String, error: WebSocketHandshakeError) -> Bool { error.code == code }

    /// The error response head, with `Content-Length: 0` and `Connection: close`.
    public var response: HTTPResponseHead {
        var fields = headers
        fields.add(name: "Content-Length", value: "0")
        fields.add(name: "Connection", value: "close")
        return HTTPResponseHead(status: status, headers: fields)
    }

    static func invalid(_ reason: String) -> Self { Self(code: "E_WS_HANDSHAKE", status: 400, reason: reason) }
}
