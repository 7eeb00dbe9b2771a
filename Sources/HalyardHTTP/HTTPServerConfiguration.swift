public import HalyardCodecs

/// Settings of an `HTTPServer`, fixed at start.
///
///     var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
///     configuration.headerTimeout = .seconds(5)
public struct HTTPServerConfiguration: Sendable {
    /// Numeric address to bind (`127.0.0.1`, `0.0.0.0`, `::1`).
    public var host: String
    /// Port to bind; 0 picks a free one (see `HTTPServer.localAddress`).
    public var port: Int
    /// Parser limits: request line (414), header block (431), body (413).
    public var limits: HTTPParserLimits
    /// A request's head must arrive within this time of its first byte, or the connection is closed.
    public var headerTimeout: Duration
    /// A connection with no request in progress (or a body that stalls) is closed after this long.
    public var idleTimeout: Duration
    /// How long a graceful shutdown waits for in-flight requests and WebSocket closes before forcing.
    public var shutdownDeadline: Duration
    /// Listen backlog.
    public var backlog: Int32

    public init(
        host: String = "127.0.0.1", port: Int = 0, limits: HTTPParserLimits = .init(),
        headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
        shutdownDeadline: Duration = .seconds(10), backlog: Int32 = 1024
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.shutdownDeadline = shutdownDeadline
        self.backlog = backlog
    }
}
