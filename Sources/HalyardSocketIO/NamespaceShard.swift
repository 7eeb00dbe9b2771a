import HalyardEngineIO

/// The sockets of one namespace that live on one event loop, and their rooms.
///
/// Owned by its event-loop thread. A socket's own-id room is implicit (looked up in `sockets`), which saves a
/// room entry per socket.
final class NamespaceShard {
    let loop: any EngineLoop
    private(set) var sockets: [String: Socket] = [:]
    private var rooms: [String: [ObjectIdentifier: Socket]] = [:]

    init(loop: any EngineLoop) { self.loop = loop }

    func add(_ socket: Socket) { sockets[socket.id] = socket }

    func remove(_ socket: Socket) {
        leaveAll(socket)
        sockets[socket.id] = nil
    }

    func join(_ socket: Socket, _ room: String) {
        guard room != socket.id, socket.rooms.insert(room).inserted else { return }
        rooms[room, default: [:]][ObjectIdentifier(socket)] = socket
    }

    func leave(_ socket: Socket, _ room: String) {
        guard socket.rooms.remove(room) != nil else { return }
        rooms[room]?[ObjectIdentifier(socket)] = nil
        if rooms[room]?.isEmpty == true { rooms[room] = nil }
    }

    func leaveAll(_ socket: Socket) {
        for room in socket.rooms { leave(socket, room) }
    }

    /// Every room with a member here, own-id rooms included.
    var roomNames: Set<String> { Set(rooms.keys).union(sockets.keys) }

    /// Calls `body` once for each matching socket; returns how many matched.
    @discardableResult
    func forEach(matching options: BroadcastOptions, _ body: (Socket) -> Void) -> Int {
        if options.rooms.isEmpty, options.except.isEmpty {
            for socket in sockets.values { body(socket) }
            return sockets.count
        }
        if options.rooms.count == 1, options.except.isEmpty, let room = options.rooms.first {
            var count = 0
            let members = rooms[room]
            if let members {
                for socket in members.values { body(socket) }
                count = members.count
            }
            if let own = sockets[room], members?[ObjectIdentifier(own)] == nil {
                body(own)
                count += 1
            }
            return count
        }
        var excluded = Set<ObjectIdentifier>()
        for room in options.except {
            if let members = rooms[room] { excluded.formUnion(members.keys) }
            if let own = sockets[room] { excluded.insert(ObjectIdentifier(own)) }
        }
        var count = 0
        if options.rooms.isEmpty {
            for socket in sockets.values where !excluded.contains(ObjectIdentifier(socket)) {
                body(socket)
                count += 1
            }
            return count
        }
        var seen = excluded
        for room in options.rooms {
            if let members = rooms[room] {
                for (key, socket) in members where seen.insert(key).inserted {
                    body(socket)
                    count += 1
                }
            }
            if let own = sockets[room], seen.insert(ObjectIdentifier(own)).inserted {
                body(own)
                count += 1
            }
        }
        return count
    }

    /// The matching sockets.
    func matching(_ options: BroadcastOptions) -> [Socket] {
        var out: [Socket] = []
        forEach(matching: options) { out.append($0) }
        return out
    }
}

@available(*, unavailable) extension NamespaceShard: Sendable {}
