import HalyardEngineIO

/// A running namespace: frozen handlers, its adapter, and this node's sockets.
///
/// Immutable (`Sendable`); sockets live in loop-owned shards of ``local``.
public final class Namespace: Sendable {
    public let name: String
    let configuration: NamespaceConfiguration
    /// The cluster side of rooms and broadcasts.
    public let adapter: any Adapter
    /// This node's sockets.
    public let local: LocalNamespace

    init(configuration: NamespaceConfiguration, adapter: any Adapter, loops: [any EngineLoop]) {
        self.name = configuration.name
        self.configuration = configuration
        self.adapter = adapter
        self.local = LocalNamespace(name: configuration.name, loops: loops)
    }

    /// The Sails-style sockets API on this namespace.
    public var sockets: Sockets { Sockets(namespace: self) }

    /// Emits `event` to the matching sockets on every node without suspending (the hot path: local members are
    /// written in this loop tick); `localCount` gets the number of local recipients.
    ///
    ///     socket.namespace.broadcast("news", [data], to: BroadcastOptions(rooms: ["r"], except: [socket.id]))
    public func broadcast(
        _ event: String, _ args: [SocketValue], to options: BroadcastOptions = BroadcastOptions(),
        localCount: (@Sendable (Int) -> Void)? = nil
    ) {
        adapter.broadcastNow(
            SocketIOPacket(.event, namespace: name, data: .array([.string(event)] + args)), options: options,
            localCount: localCount)
    }

    /// Emits `event` to the matching sockets on every node; returns the number of local recipients.
    /// - Throws: `E_SIO_ADAPTER` when forwarding to other nodes failed.
    @discardableResult
    public func emit(_ event: String, _ args: [SocketValue], to options: BroadcastOptions = BroadcastOptions())
        async throws -> Int
    {
        try await adapter.broadcast(
            SocketIOPacket(.event, namespace: name, data: .array([.string(event)] + args)), options: options)
    }
}
