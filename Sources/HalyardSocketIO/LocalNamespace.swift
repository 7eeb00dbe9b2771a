import Foundation
import HalyardEngineIO

/// This node's side of one namespace: its sockets, split by event loop, with local delivery and membership
/// operations. Adapters call it to act on this node.
///
/// Immutable after creation (each shard is owned by its loop; calls hop to each loop and gather results).
///
///     let delivered = await local.deliver(SocketIOPacket(.event, data: ["news", 1]), options: .init(rooms: ["r"]))
public final class LocalNamespace: Sendable {
    /// The namespace name (`/`, `/admin`).
    public let name: String
    let shards: [UncheckedBox<NamespaceShard>]
    private let shardIndex: [ObjectIdentifier: Int]

    // @unchecked-free: shards are reached only through `run(on:)`, which executes on each shard's loop.
    init(name: String, loops: [any EngineLoop]) {
        self.name = name
        shards = loops.map { UncheckedBox(NamespaceShard(loop: $0)) }
        var index: [ObjectIdentifier: Int] = [:]
        for (position, loop) in loops.enumerated() { index[ObjectIdentifier(loop)] = position }
        shardIndex = index
    }

    /// The shard for sockets on `loop` (call on that loop).
    func shard(for loop: any EngineLoop) -> NamespaceShard? {
        guard let index = shardIndex[ObjectIdentifier(loop)] else { return nil }
        return shards[index].value
    }

    /// Runs `body` on every shard's loop and gathers the results.
    func gather<T: Sendable>(_ body: @escaping @Sendable (NamespaceShard) -> T) async -> [T] {
        await withTaskGroup(of: T.self) { group in
            for shard in shards {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        shard.value.loop.executeOrInline { continuation.resume(returning: body(shard.value)) }
                    }
                }
            }
            var results: [T] = []
            for await result in group { results.append(result) }
            return results
        }
    }

    /// Delivers a packet to the matching local sockets, encoded once; returns the number of recipients.
    @discardableResult
    public func deliver(_ packet: SocketIOPacket, options: BroadcastOptions) async -> Int {
        let payload = BroadcastPayload(packet)
        return await gather { shard in shard.forEach(matching: options) { $0.write(payload) } }.reduce(0, +)
    }

    /// Delivers a packet to the matching local sockets without suspending: the packet is encoded once, the
    /// shard of the calling loop (if any) is served inline, the others by one hop each. `completion` (optional)
    /// gets the number of local recipients once every shard is done, on the last shard's loop.
    ///
    /// This is the broadcast hot path: broadcasts issued in one loop tick reach each socket's write queue in that
    /// tick, so the server sends them with one system call per connection.
    public func deliverNow(
        _ packet: SocketIOPacket, options: BroadcastOptions, completion: (@Sendable (Int) -> Void)? = nil
    ) {
        let payload = BroadcastPayload(packet)
        let tally = completion.map { DeliveryTally(shards: shards.count, completion: $0) }
        for shard in shards {
            shard.value.loop.executeOrInline {
                let count = shard.value.forEach(matching: options) { $0.write(payload) }
                tally?.add(count)
            }
        }
    }

    /// Ids of the matching local sockets.
    public func socketIDs(_ options: BroadcastOptions) async -> Set<String> {
        await gather { shard in Set(shard.matching(options).map(\.id)) }.reduce(into: Set()) { $0.formUnion($1) }
    }

    /// Rooms of a local socket (own id included), or nil.
    public func rooms(of id: String) async -> Set<String>? {
        await gather { shard in shard.sockets[id].map { $0.rooms.union([id]) } }.compactMap { $0 }.first
    }

    /// Descriptions of the matching local sockets.
    public func fetch(_ options: BroadcastOptions) async -> [SocketDescriptor] {
        await gather { shard in
            shard.matching(options).map { SocketDescriptor(id: $0.id, rooms: $0.rooms.union([$0.id]), data: $0.data) }
        }.flatMap { $0 }
    }

    /// Matching local sockets join `rooms`.
    public func addSockets(_ options: BroadcastOptions, rooms: Set<String>) async {
        _ = await gather { shard in
            for socket in shard.matching(options) { for room in rooms { shard.join(socket, room) } }
        }
    }

    /// Matching local sockets leave `rooms`.
    public func delSockets(_ options: BroadcastOptions, rooms: Set<String>) async {
        _ = await gather { shard in
            for socket in shard.matching(options) { for room in rooms { shard.leave(socket, room) } }
        }
    }

    /// Matching local sockets leave every room but their own.
    public func delSocketsFromAllRooms(_ options: BroadcastOptions) async {
        _ = await gather { shard in for socket in shard.matching(options) { shard.leaveAll(socket) } }
    }

    /// Disconnects the matching local sockets.
    public func disconnectSockets(_ options: BroadcastOptions, close: Bool) async {
        _ = await gather { shard in
            for socket in shard.matching(options) { socket.disconnect(close: close) }
        }
    }

    /// Rooms with a local member (own-id rooms included).
    public func allRooms() async -> Set<String> {
        await gather { $0.roomNames }.reduce(into: Set()) { $0.formUnion($1) }
    }
}

/// A packet encoded once for every recipient: the shared WebSocket frame for text packets, or text plus
/// attachments for binary ones.
struct BroadcastPayload: Sendable {
    let frame: BroadcastFrame
    let attachments: [[UInt8]]

    init(_ packet: SocketIOPacket) {
        let encoded = packet.encode()
        frame = BroadcastFrame(message: encoded.text)
        attachments = encoded.attachments
    }
}

/// Sums per-shard delivery counts and reports the total once every shard reported.
///
/// Protected by `lock`.
final class DeliveryTally: @unchecked Sendable {
    // @unchecked Sendable: `remaining` and `total` are guarded by `lock`; `completion` is immutable.
    private let lock = NSLock()
    private var remaining: Int
    private var total = 0
    private let completion: @Sendable (Int) -> Void

    init(shards: Int, completion: @escaping @Sendable (Int) -> Void) {
        remaining = shards
        self.completion = completion
        if shards == 0 { completion(0) }
    }

    func add(_ count: Int) {
        lock.lock()
        total += count
        remaining -= 1
        let done = remaining == 0
        let total = self.total
        lock.unlock()
        if done { completion(total) }
    }
}
