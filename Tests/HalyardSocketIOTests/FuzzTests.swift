import HalyardEngineIO
import Testing

@testable import HalyardSocketIO

/// Random and mutated input: never a trap, and every outcome is a value or a typed error.
@Suite struct FuzzTests {
    @Test func mutatedSocketIOPacketsNeverTrap() {
        var rng = SystemRandomNumberGenerator()
        let seeds = [
            #"451-5/admin,7["bin",{"_placeholder":true,"num":0}]"#, #"2/admin,7["foo",1,{"a":[true,null]}]"#,
            #"0/admin,{"token":"t"}"#, "1/x,", #"31[{"a":1}]"#, #"61-5[{"_placeholder":true,"num":0}]"#,
        ]
        var decoded = 0
        for _ in 0..<20_000 {
            var bytes = Array(seeds[Int.random(in: 0..<seeds.count, using: &rng)].utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &rng)
                case 1: if bytes.count > 1 { bytes.remove(at: index) }
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
                }
            }
            do {
                let (packet, attachments) = try SocketIOPacket.decode(String(decoding: bytes, as: UTF8.self))
                decoded += 1
                var reassembler = BinaryReassembler()
                if var complete = try reassembler.start(packet, attachments: attachments) {
                    complete.namespace = packet.namespace
                    _ = complete.encode()
                } else {
                    for _ in 0..<attachments { _ = try reassembler.add([1, 2, 3]) }
                }
            } catch {
                #expect(error.code == "E_SIO_BAD_PACKET" || error.code == "E_SIO_BAD_JSON", "\(error)")
            }
        }
        #expect(decoded > 0 && decoded < 20_000)
    }

    @Test func randomSessionEventSequencesKeepInvariants() {
        var rng = SystemRandomNumberGenerator()
        var config = EngineConfiguration()
        config.pingInterval = 100
        config.pingTimeout = 50
        config.maxPayload = 64
        let bodies: [[UInt8]] = [
            Array("42[1]".utf8), Array("1".utf8), Array("3".utf8), Array("2".utf8), Array("9".utf8),
            [0, 1, 0xff, 0x36],
            Array("2:40".utf8), [],
        ]
        for _ in 0..<2_000 {
            let version: EngineVersion = Bool.random(using: &rng) ? .v3 : .v4
            let transport: EngineSession.Transport = Bool.random(using: &rng) ? .polling : .websocket
            var session = EngineSession(sid: "s", version: version, transport: transport, configuration: config, now: 0)
            var now: UInt64 = 0
            var actions = session.open()
            for _ in 0..<40 {
                now += UInt64.random(in: 0...80, using: &rng)
                let body = bodies[Int.random(in: 0..<bodies.count, using: &rng)]
                switch Int.random(in: 0..<8, using: &rng) {
                case 0: actions = session.receivePoll(now: now)
                case 1: actions = session.receivePost(body, contentType: nil, now: now)
                case 2:
                    actions = session.receiveWebSocket(
                        .text(String(decoding: body, as: UTF8.self)), probe: false, now: now)
                case 3:
                    actions = session.receiveWebSocket(
                        .text(Bool.random(using: &rng) ? "2probe" : "5"), probe: true, now: now)
                case 4:
                    _ = session.attachProbe(now: now)
                    actions = []
                case 5: actions = session.tick(now: now)
                case 6: actions = session.send(EnginePacket(.message, text: "x"))
                default: actions = session.webSocketClosed(probe: Bool.random(using: &rng))
                }
                // A closed session reports `.closed` exactly once and then stays silent.
                let closes = actions.filter { if case .closed = $0 { true } else { false } }.count
                #expect(closes <= 1)
                if closes == 1 { #expect(session.isClosed) }
                if session.isClosed { #expect(session.send(EnginePacket(.message, text: "y")).isEmpty) }
            }
        }
    }
}
