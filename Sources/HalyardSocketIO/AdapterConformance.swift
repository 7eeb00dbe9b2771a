import Foundation
import HalyardEngineIO

/// The behaviour every ``Adapter`` must show, as a reusable suite: it starts `nodes` Socket.IO servers in this
/// process (each on two loops, each namespace's adapter made by `makeAdapter(node)`), connects in-process
/// clients to them and checks membership, room operations, broadcasts and disconnects across nodes.
///
/// Room names are unique per run. Throws ``AdapterConformance/Failure`` naming the first failed check.
///
///     @Test func inMemoryAdapterConforms() async throws {
///         let cluster = InMemoryCluster()
///         try await AdapterConformance.run(nodes: 2) { _ in InMemoryAdapter(cluster: cluster) }
///     }
package enum AdapterConformance {
    /// A failed conformance check (code `E_ADAPTER_CONFORMANCE`).
    package struct Failure: Error, CustomStringConvertible {
        package let code = "E_ADAPTER_CONFORMANCE"
        package let check: String
        package let detail: String
        package var description: String { "adapter conformance: \(check): \(detail)" }
    }

    /// Runs every check. With `nodes == 1` only single-node behaviour is checked.
    package static func run(nodes: Int = 2, makeAdapter: @escaping @Sendable (_ node: Int) -> any Adapter)
        async throws
    {
        var servers: [SocketIOServer] = []
        var loops: [[DispatchEngineLoop]] = []
        for node in 0..<max(1, nodes) {
            let nodeLoops = [
                DispatchEngineLoop(label: "conformance-\(node)-a"), DispatchEngineLoop(label: "conformance-\(node)-b"),
            ]
            var config = SocketIOConfiguration()
            config.adapterFactory = { _ in makeAdapter(node) }
            config.namespace("/other") { _ in }
            servers.append(try await SocketIOServer.start(configuration: config, loops: nodeLoops))
            loops.append(nodeLoops)
        }
        defer { for server in servers { Task { await server.shutdown() } } }
        let suffix = EngineSID.generate()
        let room = "room-\(suffix)"
        let other = "other-\(suffix)"
        let last = servers.count - 1

        // Two clients on node 0 (one per loop), one on the last node.
        let a = try await LoopbackClient.connect(to: servers[0], on: loops[0][0])
        let b = try await LoopbackClient.connect(to: servers[0], on: loops[0][1])
        let c = try await LoopbackClient.connect(to: servers[last], on: loops[last][0])
        guard let idA = a.socketID(), let idB = b.socketID(), let idC = c.socketID() else {
            throw Failure(check: "connect", detail: "no socket id in the CONNECT reply")
        }
        let adapter0 = try root(servers[0]).adapter
        let adapterN = try root(servers[last]).adapter

        // Membership by id, seen from every node.
        try await adapter0.addAll(idA, rooms: [room])
        try await adapterN.addAll(idC, rooms: [room])
        try await adapterN.addAll(idB, rooms: [other])
        try expect("sockets(room) from node 0", try await adapter0.sockets(.init(rooms: [room])), [idA, idC])
        try expect("sockets(room) from last node", try await adapterN.sockets(.init(rooms: [room])), [idA, idC])
        try expect("sockets(all)", try await adapter0.sockets(.init()), [idA, idB, idC])
        try expect("sockets(room) except", try await adapter0.sockets(.init(rooms: [room], except: [idA])), [idC])
        try expect("own-id room", try await adapterN.sockets(.init(rooms: [idB])), [idB])
        try expect("socketRooms of a remote socket", try await adapter0.socketRooms(idC), [idC, room])
        try expect("socketRooms of nobody", try await adapter0.socketRooms("nobody-\(suffix)"), nil)
        let allRooms = try await adapterN.allRooms()
        guard allRooms.isSuperset(of: [room, other, idA, idC]) else {
            throw Failure(check: "allRooms", detail: "\(allRooms) lacks \(room), \(other) or socket rooms")
        }

        // Broadcast: rooms, except, once per socket, local count.
        let news = SocketIOPacket(.event, data: [.string("news-\(suffix)"), 1])
        let local = try await adapter0.broadcast(news, options: .init(rooms: [room], except: [idA]))
        try expect("broadcast local count", local, servers.count == 1 ? 1 : 0)
        try await c.waitForMessage { $0.hasPrefix("42[\"news-\(suffix)\"") }
        let everyone = SocketIOPacket(.event, data: [.string("all-\(suffix)")])
        try expect(
            "broadcast to all, local count", try await adapterN.broadcast(everyone, options: .init()),
            servers.count == 1 ? 3 : 1)
        for client in [a, b, c] { try await client.waitForMessage { $0 == "42[\"all-\(suffix)\"]" } }
        let twice = SocketIOPacket(.event, data: [.string("once-\(suffix)")])
        _ = try await adapter0.broadcast(twice, options: .init(rooms: [room, idC]))
        try await c.waitForMessage { $0 == "42[\"once-\(suffix)\"]" }
        try await Task.sleep(nanoseconds: 50_000_000)
        try expect("each socket once", c.texts.filter { $0 == "42[\"once-\(suffix)\"]" }.count, 1)
        try expect(
            "a socket outside the rooms gets nothing",
            b.texts.contains { $0.contains("news-\(suffix)") || $0.contains("once-\(suffix)") }, false)
        try expect("excepted socket gets nothing", a.texts.contains { $0.contains("news-\(suffix)") }, false)

        let fast = SocketIOPacket(.event, data: [.string("fast-\(suffix)")])
        let counted = LocalCount()
        adapterN.broadcastNow(fast, options: .init(rooms: [room]), localCount: { counted.set($0) })
        for client in [a, c] { try await client.waitForMessage { $0 == "42[\"fast-\(suffix)\"]" } }
        try await counted.wait()
        try expect("broadcastNow local count", counted.value, servers.count == 1 ? 2 : 1)

        // Room operations by room, cluster-wide.
        try await adapterN.addSockets(.init(rooms: [room]), rooms: [other])
        try expect("addSockets", try await adapter0.sockets(.init(rooms: [other])), [idA, idB, idC])
        try await adapter0.delSockets(.init(rooms: [room]), rooms: [other])
        try expect("delSockets", try await adapterN.sockets(.init(rooms: [other])), [idB])
        try await adapter0.delSocketsFromAllRooms(.init(rooms: [idC]))
        try expect("delSocketsFromAllRooms", try await adapter0.socketRooms(idC), [idC])
        try await adapterN.del(idA, room: room)
        try expect("del", try await adapter0.sockets(.init(rooms: [room])), [])

        // Fetch.
        try await adapter0.addAll(idC, rooms: [room])
        let fetched = try await adapter0.fetchSockets(.init(rooms: [room]))
        try expect("fetchSockets ids", Set(fetched.map(\.id)), [idC])
        try expect("fetchSockets rooms", fetched.first?.rooms, [idC, room])

        // Disconnect by room: the client gets DISCONNECT and the socket leaves every room.
        try await adapter0.disconnectSockets(.init(rooms: [room]), close: false)
        try await c.waitForMessage { $0 == "41" }
        try expect("disconnected socket is gone", try await adapter0.sockets(.init()), [idA, idB])

        // Namespaces are separate.
        let d = try await LoopbackClient.connect(to: servers[last], on: loops[last][1], namespace: "/other")
        guard let idD = d.socketID(namespace: "/other"), let otherAdapter = servers[0].namespace("/other")?.adapter
        else {
            throw Failure(check: "namespace connect", detail: "no /other socket")
        }
        try expect("other namespace sockets", try await otherAdapter.sockets(.init()), [idD])
        try expect("root namespace unaffected", try await adapter0.sockets(.init(rooms: [idD])), [])
    }

    private static func root(_ server: SocketIOServer) throws -> Namespace {
        guard let root = server.namespace("/") else { throw Failure(check: "setup", detail: "no / namespace") }
        return root
    }

    private static func expect<T: Equatable>(_ check: String, _ actual: T, _ expected: T) throws {
        guard actual == expected else { throw Failure(check: check, detail: "got \(actual), expected \(expected)") }
    }
}

/// A count reported from another thread.
///
/// Protected by `lock`.
private final class LocalCount: @unchecked Sendable {
    // @unchecked Sendable: `count` is guarded by `lock`.
    private let lock = NSLock()
    private var count: Int?

    func set(_ value: Int) { lock.withLock { count = value } }
    var value: Int? { lock.withLock { count } }

    func wait() async throws {
        for _ in 0..<15_000 where value == nil { try await Task.sleep(nanoseconds: 2_000_000) }
        guard value != nil else {
            throw AdapterConformance.Failure(check: "broadcastNow", detail: "no local count within 30 s")
        }
    }
}
