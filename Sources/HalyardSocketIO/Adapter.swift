/// Which sockets an operation targets: members of any of `rooms` (every socket when empty) that are not in any
/// of `except`. A socket's own id is a room holding only that socket.
///
///     BroadcastOptions(rooms: ["lobby"], except: [senderID])
public struct BroadcastOptions: Sendable, Hashable {
    public var rooms: Set<String>
    public var except: Set<String>

    public init(rooms: Set<String> = [], except: Set<String> = []) {
        self.rooms = rooms
        self.except = except
    }
}

/// What a cluster-wide fetch returns about one socket.
public struct SocketDescriptor: Sendable, Equatable {
    public var id: String
    public var rooms: Set<String>
    public var data: [String: SocketValue]

    public init(id: String, rooms: Set<String>, data: [String: SocketValue] = [:]) {
        self.id = id
        self.rooms = rooms
        self.data = data
    }
}

/// Room membership and delivery across every node of a cluster, for one namespace.
///
/// The namespace hands the adapter its node-local side (``LocalNamespace``) in ``attach(_:)``; the adapter
/// delivers locally through it and reaches other nodes its own way (the in-memory adapter: none, or other
/// in-process nodes through an ``InMemoryCluster``; the Redis adapter: pub/sub). Every operation that names
/// sockets by room is cluster-wide and completes when every reachable node has applied it. Every adapter must
/// pass ``AdapterConformance``.
public protocol Adapter: AnyObject, Sendable {
    /// Connects the adapter to this node's sockets; called once, before any other method.
    func attach(_ local: LocalNamespace) async throws
    /// Delivers `packet` to the matching sockets on every node; returns the number of local recipients.
    /// - Throws: `E_SIO_ADAPTER` when forwarding failed (local delivery has happened).
    func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) async throws -> Int
    /// The non-suspending broadcast used on the hot path: delivers locally through
    /// ``LocalNamespace/deliverNow(_:options:completion:)`` and forwards to the other nodes; `localCount` (optional)
    /// gets the number of local recipients. The default implementation runs ``broadcast(_:options:)`` in a task.
    func broadcastNow(_ packet: SocketIOPacket, options: BroadcastOptions, localCount: (@Sendable (Int) -> Void)?)
    /// Ids of the matching sockets on every node.
    func sockets(_ options: BroadcastOptions) async throws -> Set<String>
    /// Rooms of a socket on any node (its own id included), or nil when no node has it.
    func socketRooms(_ id: String) async throws -> Set<String>?
    /// Descriptions of the matching sockets on every node.
    func fetchSockets(_ options: BroadcastOptions) async throws -> [SocketDescriptor]
    /// Makes the matching sockets on every node join `rooms`.
    func addSockets(_ options: BroadcastOptions, rooms: Set<String>) async throws
    /// Makes the matching sockets on every node leave `rooms`.
    func delSockets(_ options: BroadcastOptions, rooms: Set<String>) async throws
    /// Makes the matching sockets on every node leave every room but their own.
    func delSocketsFromAllRooms(_ options: BroadcastOptions) async throws
    /// Disconnects the matching sockets on every node (`close`: also close their Engine.IO sessions).
    func disconnectSockets(_ options: BroadcastOptions, close: Bool) async throws
    /// Every room with at least one member on any node (socket-id rooms included).
    func allRooms() async throws -> Set<String>
    /// Stops forwarding (server shutdown).
    func close() async
}

extension Adapter {
    public func broadcastNow(
        _ packet: SocketIOPacket, options: BroadcastOptions, localCount: (@Sendable (Int) -> Void)?
    ) {
        Task {
            let count = (try? await broadcast(packet, options: options)) ?? 0
            localCount?(count)
        }
    }

    /// Socket `id` (on any node) joins `rooms`.
    public func addAll(_ id: String, rooms: Set<String>) async throws {
        try await addSockets(BroadcastOptions(rooms: [id]), rooms: rooms)
    }

    /// Socket `id` (on any node) leaves `room`.
    public func del(_ id: String, room: String) async throws {
        try await delSockets(BroadcastOptions(rooms: [id]), rooms: [room])
    }

    /// Socket `id` (on any node) leaves every room but its own.
    public func delAll(_ id: String) async throws {
        try await delSocketsFromAllRooms(BroadcastOptions(rooms: [id]))
    }
}
