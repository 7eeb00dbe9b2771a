import Foundation

/// The adapter for one node, optionally joined with other in-process nodes through an ``InMemoryCluster``
/// (which is how the adapter conformance suite exercises multi-node behaviour without Redis).
///
/// Protected by `lock` (the attached local namespace is set once).
///
///     config.adapterFactory = { _ in InMemoryAdapter() }                  // single node
///     let cluster = InMemoryCluster()
///     configA.adapterFactory = { _ in InMemoryAdapter(cluster: cluster) }  // nodes sharing rooms
public final class InMemoryAdapter: Adapter {
    private let cluster: InMemoryCluster?
    private let lock = NSLock()
    nonisolated(unsafe) private var attached: LocalNamespace?  // guarded by `lock`

    public init(cluster: InMemoryCluster? = nil) { self.cluster = cluster }

    public func attach(_ local: LocalNamespace) async throws {
        lock.withLock { attached = local }
        cluster?.register(local)
    }

    private var local: LocalNamespace? {
        lock.lock()
        defer { lock.unlock() }
        return attached
    }

    /// This node first, then the other nodes of the cluster.
    private var nodes: [LocalNamespace] {
        guard let local else { return [] }
        return [local] + (cluster?.peers(of: local) ?? [])
    }

    public func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) async throws -> Int {
        let nodes = self.nodes
        guard let first = nodes.first else { return 0 }
        let count = await first.deliver(packet, options: options)
        for node in nodes.dropFirst() { await node.deliver(packet, options: options) }
        return count
    }

    public func broadcastNow(
        _ packet: SocketIOPacket, options: BroadcastOptions, localCount: (@Sendable (Int) -> Void)?
    ) {
        let nodes = self.nodes
        guard let first = nodes.first else {
            localCount?(0)
            return
        }
        first.deliverNow(packet, options: options, completion: localCount)
        for node in nodes.dropFirst() { node.deliverNow(packet, options: options) }
    }

    public func sockets(_ options: BroadcastOptions) async throws -> Set<String> {
        var ids = Set<String>()
        for node in nodes { ids.formUnion(await node.socketIDs(options)) }
        return ids
    }

    public func socketRooms(_ id: String) async throws -> Set<String>? {
        for node in nodes { if let rooms = await node.rooms(of: id) { return rooms } }
        return nil
    }

    public func fetchSockets(_ options: BroadcastOptions) async throws -> [SocketDescriptor] {
        var out: [SocketDescriptor] = []
        for node in nodes { out += await node.fetch(options) }
        return out
    }

    public func addSockets(_ options: BroadcastOptions, rooms: Set<String>) async throws {
        for node in nodes { await node.addSockets(options, rooms: rooms) }
    }

    public func delSockets(_ options: BroadcastOptions, rooms: Set<String>) async throws {
        for node in nodes { await node.delSockets(options, rooms: rooms) }
    }

    public func delSocketsFromAllRooms(_ options: BroadcastOptions) async throws {
        for node in nodes { await node.delSocketsFromAllRooms(options) }
    }

    public func disconnectSockets(_ options: BroadcastOptions, close: Bool) async throws {
        for node in nodes { await node.disconnectSockets(options, close: close) }
    }

    public func allRooms() async throws -> Set<String> {
        var rooms = Set<String>()
        for node in nodes { rooms.formUnion(await node.allRooms()) }
        return rooms
    }

    public func close() async {
        guard let local else { return }
        cluster?.unregister(local)
    }
}

/// In-process nodes that share rooms and broadcasts, per namespace name.
///
/// Protected by `lock`.
public final class InMemoryCluster: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var members: [String: [LocalNamespace]] = [:]  // guarded by `lock`

    public init() {}

    func register(_ local: LocalNamespace) {
        lock.lock()
        members[local.name, default: []].append(local)
        lock.unlock()
    }

    func unregister(_ local: LocalNamespace) {
        lock.lock()
        members[local.name]?.removeAll { $0 === local }
        lock.unlock()
    }

    func peers(of local: LocalNamespace) -> [LocalNamespace] {
        lock.lock()
        defer { lock.unlock() }
        return (members[local.name] ?? []).filter { $0 !== local }
    }
}
