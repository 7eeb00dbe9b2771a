import HalyardEngineIO
import Testing

@testable import HalyardSocketIO

/// In-process Socket.IO behaviour through LoopbackClient (no network).
@Suite struct SocketIOServerTests {
    func server(_ edit: (inout SocketIOConfiguration) -> Void = { _ in }) async throws -> (
        SocketIOServer, DispatchEngineLoop
    ) {
        let loop = DispatchEngineLoop()
        var config = SocketIOConfiguration()
        config.namespace("/") { root in
            root.on("echo") { _, args, ack in ack?.send(args) }
            root.onConnection = { socket in socket.emit("welcome", [.string(socket.id)]) }
        }
        config.namespace("/admin") { admin in
            admin.use { _, auth in
                guard auth?["token"] == "secret" else { throw ConnectRefusal("bad token", data: ["hint": "token"]) }
            }
        }
        edit(&config)
        return (try await SocketIOServer.start(configuration: config, loops: [loop]), loop)
    }

    @Test func connectReplyPrecedesWhatTheConnectHandlerEmits() async throws {
        let (io, loop) = try await server()
        let client = try await LoopbackClient.connect(to: io, on: loop)
        let id = try #require(client.socketID())
        try await client.waitForMessage { $0.hasPrefix("42[\"welcome\"") }
        let texts = client.texts
        let connectIndex = try #require(texts.firstIndex { $0.hasPrefix("40{") })
        let welcomeIndex = try #require(texts.firstIndex { $0.hasPrefix("42[\"welcome\"") })
        #expect(connectIndex < welcomeIndex)
        #expect(texts[welcomeIndex] == "42[\"welcome\",\"\(id)\"]")
        #expect(texts.first?.hasPrefix("0{\"sid\":") == true)
    }

    @Test func eventAckEchoesArguments() async throws {
        let (io, loop) = try await server()
        let client = try await LoopbackClient.connect(to: io, on: loop)
        client.send(#"425["echo",{"a":1},"x"]"#)
        try await client.waitForMessage { $0 == #"435[{"a":1},"x"]"# }
    }

    @Test func serverAckRoundTripAndTimeout() async throws {
        let (io, loop) = try await server { $0.ackTimeout = 100 }
        let client = try await LoopbackClient.connect(to: io, on: loop)
        let id = try #require(client.socketID())
        let ref = try await socketRef(io, id)
        async let answer = ref.emitWithAck("question", ["2+2"])
        let asked = try await client.waitForMessage { $0.hasPrefix("420[\"question\"") }
        #expect(asked == #"420["question","2+2"]"#)
        client.send("430[4]")
        #expect(try await answer == [4])
        await #expect(throws: SocketIOError.ackTimeout) { try await ref.emitWithAck("silent") }
    }

    @Test func unknownNamespaceAndMiddlewareRefusal() async throws {
        let (io, loop) = try await server()
        let client = try await LoopbackClient.connect(to: io, on: loop)
        client.send("40/nope,")
        try await client.waitForMessage { $0 == #"44/nope,{"message":"Invalid namespace"}"# }
        client.send(#"40/admin,{"token":"wrong"}"#)
        let refusal = try await client.waitForMessage { $0.hasPrefix("44/admin,") }
        let payload = try SocketValue(json: Array(refusal.utf8.dropFirst(9)))
        #expect(payload == ["message": "bad token", "data": ["hint": "token"]])
        client.send(#"40/admin,{"token":"secret"}"#)
        try await client.waitForMessage { $0.hasPrefix("40/admin,{\"sid\":") }
        // Still connected to / after the refusals.
        client.send(#"421["echo",1]"#)
        try await client.waitForMessage { $0 == "431[1]" }
    }

    @Test func binaryEventIsReassembledAndAckedWithBinary() async throws {
        let (io, loop) = try await server { config in
            config.namespace("/") {
                $0.on("bin") { _, args, ack in
                    ack?.send([
                        [
                            "len": .int(
                                args.first.flatMap { if case .binary(let b) = $0 { b.count } else { nil } } ?? -1),
                            "data": args[0],
                        ]
                    ])
                }
            }
        }
        let client = try await LoopbackClient.connect(to: io, on: loop)
        client.send(#"451-5["bin",{"_placeholder":true,"num":0}]"#)
        client.send(binary: [0, 1, 2])
        let ack = try await client.waitForMessage { $0.hasPrefix("461-5[") }
        #expect(ack.contains(#""len":3"#) && ack.contains(#""_placeholder":true"#))
        try await eventually { client.binaries.contains([0, 1, 2]) }
    }

    @Test func badPacketClosesOnlyThatClient() async throws {
        let (io, loop) = try await server()
        let bad = try await LoopbackClient.connect(to: io, on: loop)
        let good = try await LoopbackClient.connect(to: io, on: loop)
        bad.send("42{not an array}")
        try await eventually { bad.isClosed }
        good.send(#"427["echo","still here"]"#)
        try await good.waitForMessage { $0 == #"437["still here"]"# }
    }

    @Test func disconnectBothWays() async throws {
        let (io, loop) = try await server()
        let client = try await LoopbackClient.connect(to: io, on: loop)
        let id = try #require(client.socketID())
        client.send("41")
        try await eventually { (try? await io.sockets.members(of: id)) == [] }
        let again = try await LoopbackClient.connect(to: io, on: loop)
        let againID = try #require(again.socketID())
        try await io.namespace()?.adapter.disconnectSockets(.init(rooms: [againID]), close: true)
        try await again.waitForMessage { $0 == "41" }
        try await eventually { again.isClosed }
    }

    @Test func sailsSocketsAPI() async throws {
        let (io, loop) = try await server()
        let a = try await LoopbackClient.connect(to: io, on: loop)
        let b = try await LoopbackClient.connect(to: io, on: loop)
        let idA = try #require(a.socketID())
        let idB = try #require(b.socketID())
        let sockets = io.sockets
        try await sockets.join(idA, "lobby")
        try await sockets.join(idB, "lobby")
        #expect(try await sockets.members(of: "lobby") == [idA, idB].sorted())
        #expect(try await sockets.rooms(of: idA) == [idA, "lobby"].sorted())
        #expect(try await sockets.broadcast(["lobby"], "news", ["n": 1], except: idA) == 1)
        try await b.waitForMessage { $0 == #"42["news",{"n":1}]"# }
        #expect(try await sockets.blast("all", nil) == 2)
        try await a.waitForMessage { $0 == #"42["all"]"# }
        try await sockets.addRoomMembersToRooms("lobby", ["vip"])
        #expect(try await sockets.members(of: "vip") == [idA, idB].sorted())
        try await sockets.removeRoomMembersFromRooms(idA, ["vip"])
        #expect(try await sockets.members(of: "vip") == [idB])
        try await sockets.leaveAll("lobby")
        #expect(try await sockets.rooms(of: idB) == [idB])
        let refA = try await socketRef(io, idA)
        await sockets.join(refA, "local")
        #expect(try await sockets.members(of: "local") == [sockets.getId(refA)])
        await sockets.leave(refA, "local")
        #expect(try await sockets.members(of: "local") == [])
        try await sockets.leave(idA, "nothing")
        #expect(#"42["news",{"n":1}]"# != a.texts.last)
    }

    @Test func eio3ClientIsAutoConnectedToRoot() async throws {
        let (io, loop) = try await server()
        let transport = try await LoopbackClient.connect(to: io, on: loop)  // v4 baseline
        _ = transport
        let recorder = Recorder(loop: loop)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute {
                io.engine.openSession(handshake: EngineHandshake(version: .v3), on: loop, webSocket: recorder)
                continuation.resume()
            }
        }
        let texts = recorder.texts
        #expect(texts.count >= 2)
        #expect(texts.first?.hasPrefix("0{\"sid\":") == true && texts.first?.contains("maxPayload") == false)
        #expect(texts.dropFirst().first == "40")
    }

    func socketRef(_ io: SocketIOServer, _ id: String) async throws -> SocketRef {
        let local = try #require(io.namespace()?.local)
        let refs = await local.gather { shard in shard.sockets[id]?.handle }
        return try #require(refs.compactMap { $0 }.first)
    }
}

/// Polls `condition` for up to five seconds.
func eventually(_ condition: @Sendable () async -> Bool) async throws {
    for _ in 0..<2500 {
        if await condition() { return }
        try await Task.sleep(nanoseconds: 2_000_000)
    }
    Issue.record("condition not met within 5 s")
}

/// A WebSocket transport that records what the server sends.
final class Recorder: EngineWebSocketTransport, @unchecked Sendable {
    // @unchecked Sendable: `sent` is only touched on `eventLoop` or after it drained (tests read it afterwards).
    let eventLoop: any EngineLoop
    private(set) var sent: [WebSocketData] = []
    init(loop: any EngineLoop) { eventLoop = loop }
    func send(_ data: WebSocketData) { sent.append(data) }
    func send(_ frame: BroadcastFrame) { sent.append(.text(frame.packet.encodedText)) }
    func close() {}
    var bufferedAmount: Int { 0 }
    var texts: [String] { sent.compactMap { if case .text(let t) = $0 { t } else { nil } } }
}
