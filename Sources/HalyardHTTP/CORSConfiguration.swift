import HalyardCodecs

/// Which cross-origin requests the router allows, and the headers it answers them with.
///
/// Requests without `Origin` are untouched. For an allowed origin, responses get
/// `Access-Control-Allow-Origin` (`*` for `.any` without credentials, otherwise the request's origin echoed, with
/// `Vary: Origin`). A preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered 204 with the allowed
/// methods/headers, or 403 when the origin is not allowed.
///
///     router.cors = CORSConfiguration(allowedOrigins: .list(["https://app.example"]), allowCredentials: true)
public struct CORSConfiguration: Sendable {
    /// The origins allowed to make cross-origin requests.
    public enum AllowedOrigins: Sendable {
        /// Every origin (`*`).
        case any
        /// Exactly these origins (`scheme://host[:port]`, compared case-insensitively).
        case list([String])
    }

    public var allowedOrigins: AllowedOrigins
    /// Sends `Access-Control-Allow-Credentials: true` (and echoes the origin instead of `*`).
    public var allowCredentials: Bool
    public var allowedMethods: [String]
    public var allowedHeaders: [String]
    public var exposedHeaders: [String]
    /// `Access-Control-Max-Age` for preflights, in seconds.
    public var maxAge: Int?

    public init(
        allowedOrigins: AllowedOrigins = .any, allowCredentials: Bool = false,
        allowedMethods: [String] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allowedHeaders: [String] = ["content-type", "authorization", "x-requested-with"],
        exposedHeaders: [String] = [], maxAge: Int? = 600
    ) {
        self.allowedOrigins = allowedOrigins
        self.allowCredentials = allowCredentials
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAge = maxAge
    }

    /// Whether `origin` may make cross-origin requests.
    public func allows(origin: String) -> Bool {
        switch allowedOrigins {
        case .any: true
        case .list(let origins): origins.contains { $0.lowercased() == origin.lowercased() }
        }
    }

    /// Headers added to a normal response for an allowed `origin`.
    func responseHeaders(origin: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if case .any = allowedOrigins, !allowCredentials {
            headers.add(name: "Access-Control-Allow-Origin", value: "*")
        } else {
            headers.add(name: "Access-Control-Allow-Origin", value: origin)
            headers.add(name: "Vary", value: "Origin")
        }
        if allowCredentials { headers.add(name: "Access-Control-Allow-Credentials", value: "true") }
        if !exposedHeaders.isEmpty {
            headers.add(name: "Access-Control-Expose-Headers", value: exposedHeaders.joined(separator: ", "))
        }
        return headers
    }

    /// The answer to a preflight request from `origin`.
    func preflightResponse(origin: String, requestedHeaders: String?) -> HTTPResponse {
        guard allows(origin: origin) else { return .status(403) }
        var response = HTTPResponse(status: 204, headers: responseHeaders(origin: origin))
        response.headers.add(name: "Access-Control-Allow-Methods", value: allowedMethods.joined(separator: ", "))
        let headers = requestedHeaders ?? allowedHeaders.joined(separator: ", ")
        if !headers.isEmpty { response.headers.add(name: "Access-Control-Allow-Headers", value: headers) }
        if let maxAge { response.headers.add(name: "Access-Control-Max-Age", value: String(maxAge)) }
        return response
    }
}
