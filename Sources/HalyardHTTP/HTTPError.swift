/// An error a handler throws to answer with a given status; also what the server maps unknown errors to.
///
/// The HTTP edge turns errors into responses in one place (`HTTPError.response(for:)`): an `HTTPError` becomes
/// `{"code": ..., "message": ...}` with its status; any other error becomes a 500 `E_INTERNAL`.
///
///     throw HTTPError(code: "E_NOT_FOUND", status: 404, message: "no user 7")
///     // HTTP/1.1 404 Not Found  {"code":"E_NOT_FOUND","message":"no user 7"}
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// Stable error code (`E_NOT_FOUND`, `E_INVALID_JSON`, ...).
    public let code: String
    /// HTTP status to answer with.
    public let status: Int
    /// Human-readable explanation sent to the client.
    public let message: String

    public init(code: String, status: Int, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    /// The response for any error thrown by a handler.
    public static func response(for error: any Error) -> HTTPResponse {
        if let error = error as? HTTPError {
            return .json(["code": error.code, "message": error.message], status: error.status)
        }
        return .json(["code": "E_INTERNAL", "message": "internal server error"], status: 500)
    }
}

/// A pattern for `catch` clauses matching one `HTTPError` code.
///
///     do { ... } catch HTTPErrorCode("E_INVALID_JSON") { ... }
public struct HTTPErrorCode: Sendable {
    public let code: String
    public init(_ code: String) { self.code = code }

    public static func ~= (pattern: HTTPErrorCode, error: any Error) -> Bool {
        (error as? HTTPError)?.code == pattern.code
    }
}
