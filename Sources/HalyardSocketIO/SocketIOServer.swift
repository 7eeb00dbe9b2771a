import HalyardEngineIO

/// The Socket.IO server: namespaces with their adapters over an Engine.IO server.
///
/// Immutable after ``start(configuration:loops:)`` (`Sendable`); sockets are loop-owned.
///
///     var config = SocketIOConfiguration()
///     config.namespace("/") { $0.on("echo") { _, args, ack in ack?.send(args) } }
///     let io = try await SocketIOServer.start(configuration: config, loops: group.loops)
///     // route /socket.io/ requests to io.engine (HalyardEngineIO's HTTP glue)
public final class SocketIOServer: Sendable {
    public let configuration: SocketIOConfiguration
    /// The Engine.IO server the HTTP layer routes `/socket.io/` requests to.
    public let engine: EngineServer
    let namespaces: [String: Namespace]

    private init(configuration: SocketIOConfiguration, namespaces: [String: Namespace]) {
        self.configuration = configuration
        self.namespaces = namespaces
        let settings = ClientSettings(namespaces: namespaces, ackTimeout: configuration.ackTimeout)
        engine = EngineServer(configuration: configuration.engine, beforeConnect: configuration.beforeConnect) {
            engineSocket in
            let client = SocketIOClient(engine: engineSocket, settings: settings)
            engineSocket.delegate = client
            if engineSocket.version == .v3 { client.connect("/", auth: nil) }
        }
    }

    /// Builds the namespaces, attaches their adapters and returns the running server.
    /// - Parameter loops: every event loop sessions may live on (one shard of each namespace per loop).
    /// - Throws: whatever an adapter's `attach` throws.
    public static func start(configuration: SocketIOConfiguration, loops: [any EngineLoop]) async throws
        -> SocketIOServer
    {
        var namespaces: [String: Namespace] = [:]
        var config = configuration
        if config.namespaces["/"] == nil { config.namespaces["/"] = NamespaceConfiguration("/") }
        for (name, namespaceConfiguration) in config.namespaces {
            let namespace = Namespace(
                configuration: namespaceConfiguration, adapter: config.adapterFactory(name), loops: loops)
            try await namespace.adapter.attach(namespace.local)
            namespaces[name] = namespace
        }
        return SocketIOServer(configuration: config, namespaces: namespaces)
    }

    /// A namespace by name.
    public func namespace(_ name: String = "/") -> Namespace? { namespaces[name] }

    /// The Sails-style sockets API on `/`.
    public var sockets: Sockets {
        guard let root = namespaces["/"] else { preconditionFailure("the / namespace always exists") }
        return root.sockets
    }

    /// Closes every session and the adapters.
    public func shutdown() async {
        engine.closeAll()
        for namespace in namespaces.values { await namespace.adapter.close() }
    }
}
