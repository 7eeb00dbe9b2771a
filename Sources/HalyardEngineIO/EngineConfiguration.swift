/// Engine.IO settings, frozen at start-up.
///
///     var config = EngineConfiguration()
///     config.pingInterval = 25_000   // ms
///     config.allowedOrigins = ["https://app.example.com"]
public struct EngineConfiguration: Sendable {
    /// Milliseconds between heartbeats (v4: server pings; v3: the client is told to ping this often).
    public var pingInterval: UInt64 = 25_000
    /// Milliseconds to wait for the heartbeat answer before the session is closed.
    public var pingTimeout: UInt64 = 20_000
    /// The largest polling body or WebSocket message accepted from a client, in bytes.
    public var maxPayload: Int = 1_000_000
    /// Milliseconds a polling session may stay in the upgrade probe before the probe WebSocket is closed.
    public var upgradeTimeout: UInt64 = 10_000
    /// Transports accepted for new sessions.
    public var allowPolling = true
    public var allowWebSocket = true
    /// Accept Engine.IO v3 clients (socket.io-client 2.x / sails.io.js).
    public var allowEIO3 = true
    /// Origins allowed to open a session (exact match on the `Origin` header, e.g. `https://a.example`,
    /// or the literal `null`). Empty: every origin is allowed. A request without an `Origin` header is allowed.
    public var allowedOrigins: [String] = []
    /// Per-session cap on bytes waiting to be written to the client (WebSocket write queue or polling queue).
    /// A session over it is closed with a logged reason.
    public var maxBufferedBytes: Int = 4 << 20

    public init() {}

    /// Whether a request with this `Origin` header value may open a session.
    public func allows(origin: String?) -> Bool {
        guard let origin, !allowedOrigins.isEmpty else { return true }
        return allowedOrigins.contains(origin)
    }
}
