/// The `sails.sockets` API over one namespace: rooms and broadcasts addressed by socket id and room name,
/// cluster-wide through the namespace's adapter.
///
/// Differences from Sails, on purpose: every call is async and completes when applied on every reachable node
/// (Sails calls back after the local part only); a broadcast to several rooms reaches each socket once
/// (Sails sends one message per room).
///
///     let sockets = io.sockets
///     try await sockets.join(socketID, "lobby")
///     try await sockets.broadcast(["lobby"], "message", ["hi"], except: socketID)
///     try await sockets.addRoomMembersToRooms("lobby", ["announcements"])
public struct Sockets: Sendable {
    public let namespace: Namespace

    public init(namespace: Namespace) { self.namespace = namespace }

    /// The default event name of Sails broadcasts.
    public static let defaultEventName = "message"

    /// The socket's id.
    public func getId(_ socket: Socket) -> String { socket.id }

    /// The socket's id.
    public func getId(_ socket: SocketRef) -> String { socket.id }

    /// A socket of this node joins `room` (no cluster round trip).
    public func join(_ socket: SocketRef, _ room: String) async { await socket.join(room) }

    /// A socket of this node leaves `room` (no cluster round trip).
    public func leave(_ socket: SocketRef, _ room: String) async { await socket.leave(room) }

    /// Socket `socketID` (on any node) joins `room`.
    public func join(_ socketID: String, _ room: String) async throws {
        try await namespace.adapter.addAll(socketID, rooms: [room])
    }

    /// Socket `socketID` (on any node) leaves `room`.
    public func leave(_ socketID: String, _ room: String) async throws {
        try await namespace.adapter.del(socketID, room: room)
    }

    /// Emits `event` with `data` to the members of `rooms` on every node, except socket `except`; returns the
    /// number of local recipients.
    @discardableResult
    public func broadcast(
        _ rooms: [String], _ event: String = defaultEventName, _ data: SocketValue?,
        except: String? = nil
    ) async throws -> Int {
        guard !rooms.isEmpty else { return 0 }
        return try await namespace.emit(
            event, data.map { [$0] } ?? [], to: BroadcastOptions(rooms: Set(rooms), except: except.map { [$0] } ?? []))
    }

    /// Emits `event` with `data` to every socket of the namespace on every node, except socket `except`.
    @discardableResult
    public func blast(_ event: String = defaultEventName, _ data: SocketValue?, except: String? = nil) async throws
        -> Int
    {
        try await namespace.emit(
            event, data.map { [$0] } ?? [], to: BroadcastOptions(except: except.map { [$0] } ?? []))
    }

    /// Every member of `sourceRoom` (on every node) joins each of `destRooms`.
    public func addRoomMembersToRooms(_ sourceRoom: String, _ destRooms: [String]) async throws {
        try await namespace.adapter.addSockets(BroadcastOptions(rooms: [sourceRoom]), rooms: Set(destRooms))
    }

    /// Every member of `sourceRoom` (on every node) leaves each of `destRooms`.
    public func removeRoomMembersFromRooms(_ sourceRoom: String, _ destRooms: [String]) async throws {
        try await namespace.adapter.delSockets(BroadcastOptions(rooms: [sourceRoom]), rooms: Set(destRooms))
    }

    /// Every member of `sourceRoom` leaves every room it is in, except its own id room; `sourceRoom` itself
    /// is left too unless `includeSourceRoom` is false.
    public func leaveAll(_ sourceRoom: String, includeSourceRoom: Bool = true) async throws {
        let options = BroadcastOptions(rooms: [sourceRoom])
        if includeSourceRoom {
            try await namespace.adapter.delSocketsFromAllRooms(options)
        } else {
            let members = try await namespace.adapter.fetchSockets(options)
            for member in members {
                let rooms = member.rooms.subtracting([sourceRoom, member.id])
                if !rooms.isEmpty {
                    try await namespace.adapter.delSockets(BroadcastOptions(rooms: [member.id]), rooms: rooms)
                }
            }
        }
    }

    /// Ids of the members of `room` on every node, sorted.
    public func members(of room: String) async throws -> [String] {
        try await namespace.adapter.sockets(BroadcastOptions(rooms: [room])).sorted()
    }

    /// Rooms of socket `socketID` (its own id included), sorted; empty when no node has it.
    public func rooms(of socketID: String) async throws -> [String] {
        (try await namespace.adapter.socketRooms(socketID) ?? []).sorted()
    }
}
