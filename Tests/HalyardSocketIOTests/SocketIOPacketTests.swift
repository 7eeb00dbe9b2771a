import Foundation
import Testing

@testable import HalyardSocketIO

@Suite struct SocketValueJSONTests {
    @Test func parsesAndWritesJSON() throws {
        let text = #"{"a":[1,-2.5,"x\n\"y\u00e9\ud83d\ude00",true,false,null,{}],"b":[]}"#
        let value = try SocketValue(json: Array(text.utf8))
        #expect(value["a"] == [1, -2.5, "x\n\"yé😀", true, false, nil, [:]])
        #expect(value["b"] == [])
        #expect(try SocketValue(json: Array(value.jsonString.utf8)) == value)
        #expect(SocketValue.string("a\u{1}b").jsonString == #""a\u0001b""#)
        #expect(SocketValue.double(3).jsonString == "3")
        #expect(SocketValue.double(0.1).jsonString == "0.1")
    }

    @Test func rejectsMalformedJSON() {
        let bad = [
            "", "{", "[1,]", "{\"a\"}", "01", "1.", "-", "tru", "\"\\x\"", "\"\u{1}\"", "\"\\ud800\"", "[1] x",
            "{\"a\":1,}", "nan", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        ]
        for text in bad {
            #expect(throws: SocketIOError.badJSON, "\(text)") { try SocketValue(json: Array(text.utf8)) }
        }
    }

    @Test func randomValuesRoundTripAndAgreeWithFoundation() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aé\"\\\n😀/\t\u{1}")
        func random(_ depth: Int) -> SocketValue {
            switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .int(Int.random(in: -1_000_000...1_000_000, using: &rng))
            case 3: return .double(Double.random(in: -1e6...1e6, using: &rng))
            case 4:
                return .string(
                    String(
                        (0..<Int.random(in: 0..<8, using: &rng)).map { _ in
                            alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                        }))
            case 5: return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in random(depth + 1) })
            default:
                return .object(
                    Dictionary(
                        uniqueKeysWithValues: (0..<Int.random(in: 0..<4, using: &rng)).map {
                            ("k\($0)", random(depth + 1))
                        }))
            }
        }
        for _ in 0..<500 {
            let value = random(0)
            let text = value.jsonString
            #expect(try SocketValue(json: Array(text.utf8)) == value)
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil)
        }
    }

    @Test func mutatedInputNeverTraps() {
        var rng = SystemRandomNumberGenerator()
        let seed = Array(#"{"a":[1,-2.5e3,"x\n\ud83d\ude00",true,null],"b":{"c":[]}}"#.utf8)
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[index] = UInt8.random(in: 0...255, using: &rng)
            }
            if let value = try? SocketValue(json: bytes) {
                accepted += 1
                // Whatever we accept, Foundation accepts too (we are not more lenient).
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil,
                    "\(value)")
            }
        }
        #expect(accepted < 20_000)
    }
}

@Suite struct SocketIOPacketTests {
    @Test func encodesTheWireForms() {
        #expect(SocketIOPacket(.connect, data: ["sid": "abc"]).encode().text == #"0{"sid":"abc"}"#)
        #expect(
            SocketIOPacket(.event, namespace: "/admin", id: 7, data: ["foo", 1]).encode().text == #"2/admin,7["foo",1]"#
        )
        #expect(SocketIOPacket(.ack, id: 1, data: [["a": 1]]).encode().text == #"31[{"a":1}]"#)
        #expect(SocketIOPacket(.disconnect, namespace: "/x").encode().text == "1/x,")
        let binary = SocketIOPacket(.ack, id: 5, data: [["len": 3]]).encode()
        #expect(binary.attachments.isEmpty)
        let withBinary = SocketIOPacket(.ack, id: 5, data: [.binary([0, 1, 2])]).encode()
        #expect(withBinary.text == #"61-5[{"_placeholder":true,"num":0}]"#)
        #expect(withBinary.attachments == [[0, 1, 2]])
    }

    @Test func decodesAndReassemblesBinary() throws {
        let (packet, count) = try SocketIOPacket.decode(#"51-5["bin",{"_placeholder":true,"num":0}]"#)
        #expect(packet.kind == .binaryEvent && packet.id == 5 && count == 1)
        var reassembler = BinaryReassembler()
        #expect(try reassembler.start(packet, attachments: count) == nil)
        let done = try reassembler.add([0, 1, 2])
        #expect(done?.data == ["bin", .binary([0, 1, 2])])
        #expect(throws: SocketIOError.badPacket) { try reassembler.add([1]) }
    }

    @Test func decodesNamespacesIdsAndV4Queries() throws {
        let (connect, _) = try SocketIOPacket.decode(#"0/admin,{"token":"t"}"#)
        #expect(connect.namespace == "/admin" && connect.data?["token"] == "t")
        let (legacy, _) = try SocketIOPacket.decode("0/admin?x=1,", version: .v4)
        #expect(legacy.namespace == "/admin")
        let (event, _) = try SocketIOPacket.decode(#"2/admin,7["foo",1]"#)
        #expect(event.namespace == "/admin" && event.id == 7 && event.data == ["foo", 1])
        let (plain, _) = try SocketIOPacket.decode("0")
        #expect(plain.namespace == "/" && plain.data == nil)
    }

    @Test func rejectsInvalidPackets() {
        let bad = [
            "", "9", "x", "2", "2{}", "2[]", "2[1]", "3[1]", "31{}", "1[1]", "0[1]", "4\"nope\"", "5[\"a\"]",
            "599999-[\"a\"]", "2[\"a\"", "21234567890123456[\"a\"]",
        ]
        for text in bad {
            #expect(throws: SocketIOError.self, "\(text)") { try SocketIOPacket.decode(text) }
        }
    }

    @Test func badPlaceholderIsRejected() throws {
        let (packet, count) = try SocketIOPacket.decode(#"51-["bin",{"_placeholder":true,"num":3}]"#)
        var reassembler = BinaryReassembler()
        _ = try reassembler.start(packet, attachments: count)
        #expect(throws: SocketIOError.badPacket) { try reassembler.add([1]) }
    }
}
