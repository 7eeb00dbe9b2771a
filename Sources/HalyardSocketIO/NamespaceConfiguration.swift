import HalyardEngineIO

/// Handles one client event on the socket's loop. `ack` is set when the client asked for an acknowledgement.
///
///     config.on("echo") { socket, args, ack in ack?.send(args) }
public typealias EventHandler = @Sendable (_ socket: Socket, _ args: [SocketValue], _ ack: Ack?) -> Void

/// Runs before a socket joins a namespace; throwing refuses it with CONNECT_ERROR carrying the message
/// (``ConnectRefusal`` gives the client a clean message and optional data).
public typealias ConnectMiddleware = @Sendable (_ socket: Socket, _ auth: SocketValue?) throws -> Void

/// A namespace's handlers, configured at start-up and frozen.
///
///     var chat = NamespaceConfiguration("/chat")
///     chat.use { socket, auth in guard auth?["token"] == "secret" else { throw ConnectRefusal("bad token") } }
///     chat.onConnection = { socket in socket.join("lobby") }
///     chat.on("say") { socket, args, _ in socket.emit("said", args) }
public struct NamespaceConfiguration: Sendable {
    public let name: String
    public var events: [String: EventHandler] = [:]
    public var middleware: [ConnectMiddleware] = []
    /// Runs after the CONNECT reply was sent.
    public var onConnection: (@Sendable (Socket) -> Void)?
    /// Runs when the socket left the namespace, with the reason (`client namespace disconnect`, `transport close`,
    /// `ping timeout`, `server namespace disconnect`, ...).
    public var onDisconnect: (@Sendable (Socket, String) -> Void)?

    public init(_ name: String) { self.name = name }

    /// Registers the handler for `event`.
    public mutating func on(_ event: String, _ handler: @escaping EventHandler) { events[event] = handler }

    /// Adds a connect middleware.
    public mutating func use(_ middleware: @escaping ConnectMiddleware) { self.middleware.append(middleware) }
}

/// A namespace-level connection refusal (code `E_SIO_CONNECT_REFUSED`): the client gets CONNECT_ERROR with
/// `message` (and `data`, v5).
public struct ConnectRefusal: Error, Sendable {
    /// The stable error code.
    public let code = "E_SIO_CONNECT_REFUSED"
    public var message: String
    public var data: SocketValue?

    public init(_ message: String, data: SocketValue? = nil) {
        self.message = message
        self.data = data
    }
}

/// Socket.IO server settings, configured at start-up and frozen.
///
///     var config = SocketIOConfiguration()
///     config.engine.allowedOrigins = ["https://app.example.com"]
///     config.namespace("/") { $0.on("echo") { _, args, ack in ack?.send(args) } }
public struct SocketIOConfiguration: Sendable {
    /// Engine.IO settings (heartbeat, payload and buffer limits, origins, transports).
    public var engine = EngineConfiguration()
    /// The HTTP path prefix (`/socket.io/`).
    public var path = "/socket.io/"
    /// Namespaces by name; `/` always exists.
    public var namespaces: [String: NamespaceConfiguration] = ["/": NamespaceConfiguration("/")]
    /// Milliseconds a server-to-client ack may take before it fails with `E_SIO_ACK_TIMEOUT`.
    public var ackTimeout: UInt64 = 10_000
    /// Runs before an Engine.IO session is created; throwing refuses the handshake (403, JSON message).
    public var beforeConnect: (@Sendable (EngineHandshake) async throws -> Void)?
    /// Creates the adapter of each namespace.
    public var adapterFactory: @Sendable (String) -> any Adapter = { _ in InMemoryAdapter() }

    public init() {}

    /// Edits (creating if needed) the namespace `name`.
    public mutating func namespace(_ name: String, _ configure: (inout NamespaceConfiguration) -> Void) {
        var namespace = namespaces[name] ?? NamespaceConfiguration(name)
        configure(&namespace)
        namespaces[name] = namespace
    }
}
