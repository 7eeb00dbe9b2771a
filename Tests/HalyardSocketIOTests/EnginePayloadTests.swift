import Foundation
import HalyardEngineIO
import Testing

@Suite struct EnginePacketTests {
    @Test func textPacketsRoundTrip() throws {
        for kind in [EnginePacket.Kind.open, .close, .ping, .pong, .message, .upgrade, .noop] {
            let packet = EnginePacket(kind, text: "héllo 😀")
            #expect(try EnginePacket.decode(text: Substring(packet.encodedText)) == packet)
        }
        #expect(EnginePacket(.ping, text: "probe").encodedText == "2probe")
    }

    @Test func binaryWebSocketFramingDiffersByVersion() throws {
        let packet = EnginePacket.binary([0, 1, 2])
        #expect(packet.encodeWebSocket(version: .v4) == .binary([0, 1, 2]))
        #expect(packet.encodeWebSocket(version: .v3) == .binary([4, 0, 1, 2]))
        #expect(try EnginePacket.decode(webSocket: .binary([4, 9]), version: .v3) == .binary([9]))
        #expect(try EnginePacket.decode(webSocket: .binary([4, 9]), version: .v4) == .binary([4, 9]))
    }

    @Test func badPacketsThrowTypedErrors() {
        for bad in ["", "9", "x", "b!!!"] {
            #expect(throws: EngineIOError.badPacket) { try EnginePacket.decode(text: Substring(bad)) }
        }
        #expect(throws: EngineIOError.badPacket) { try EnginePacket.decode(webSocket: .binary([]), version: .v3) }
    }
}

@Suite struct EnginePayloadTests {
    @Test func v4JoinsWithRecordSeparator() throws {
        let packets = [EnginePacket(.message, text: "1[1]"), .binary([0, 1, 2])]
        let body = EnginePayload.encodeV4(packets)
        #expect(body == "41[1]\u{1e}bAAEC")
        #expect(try EnginePayload.decodeV4(Array(body.utf8)) == packets)
    }

    @Test func v3TextCountsUTF16Units() throws {
        let packets = [EnginePacket(.message, text: "0"), EnginePacket(.message, text: "é😀")]
        let body = EnginePayload.encodeV3Text(packets)
        #expect(body == "2:404:4é😀")  // "4é😀" is 1 + 1 + 2 UTF-16 units
        #expect(try EnginePayload.decodeV3Text(body) == packets)
        let withBinary = [EnginePacket.binary([0, 1, 2])]
        #expect(EnginePayload.encodeV3Text(withBinary) == "6:b4AAEC")
        #expect(try EnginePayload.decodeV3Text("6:b4AAEC") == withBinary)
    }

    @Test func v3TextRejectsBadFraming() {
        for bad in ["3:40", "x:40", ":40", "2:4", "1:😀", "99999999999:4"] {
            #expect(throws: EngineIOError.badPacket) { try EnginePayload.decodeV3Text(bad) }
        }
    }

    @Test func v3BinaryFraming() throws {
        let packets = [EnginePacket(.message, text: "é"), EnginePacket.binary([7, 8])]
        let body = EnginePayload.encodeV3Binary(packets)
        // text: 0x00, length 3 ("4" + 2 UTF-8 bytes) as digit bytes, 0xff; binary: 0x01, length 3, 0xff, 4 7 8
        #expect(body == [0, 3, 0xff, 0x34, 0xc3, 0xa9, 1, 3, 0xff, 4, 7, 8])
        #expect(try EnginePayload.decodeV3Binary(body) == packets)
        let long = [EnginePacket(.message, text: String(repeating: "a", count: 11))]
        #expect(EnginePayload.encodeV3Binary(long).prefix(4) == [0, 1, 2, 0xff])
    }

    @Test func v3BinaryRejectsBadFraming() {
        for bad: [UInt8] in [
            [2, 1, 0xff, 0x34], [0, 0xff, 0x34], [0, 5, 0xff, 0x34], [0, 12, 0xff], [1, 1, 0xff, 9],
        ] {
            #expect(throws: EngineIOError.badPacket) { try EnginePayload.decodeV3Binary(bad) }
        }
    }

    @Test func randomInputNeverTraps() {
        var rng = SystemRandomNumberGenerator()
        let seeds: [[UInt8]] = [
            Array("2:404:4é😀".utf8), [0, 3, 0xff, 0x34, 0xc3, 0xa9, 1, 3, 0xff, 4, 7, 8],
            Array("41[1]\u{1e}bAAEC".utf8),
        ]
        for _ in 0..<20_000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            _ = try? EnginePayload.decodeV4(bytes)
            _ = try? EnginePayload.decodeV3Binary(bytes)
            _ = try? EnginePayload.decodeV3Text(String(decoding: bytes, as: UTF8.self))
        }
    }
}
