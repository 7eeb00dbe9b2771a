import Testing

@testable import HalyardCodecs

@Suite("WebSocket frame parser and encoder")
struct WebSocketFrameParserTests {
    @Test(arguments: Split.all)
    func maskedFramesOfEverySizeClass(split: Split) {
        let sizes = [0, 1, 7, 8, 9, 125, 126, 127, 65535, 65536, 70000]
        var input: [UInt8] = []
        var expected: [WebSocketFrame] = []
        for (index, size) in sizes.enumerated() {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            input += clientFrame(.binary, payload, maskKey: UInt32(truncatingIfNeeded: index &* 0x9E37_79B9))
            expected.append(WebSocketFrame(opcode: .binary, payload: payload))
        }
        let (frames, error) = parseFrames(input, split: split)
        #expect(error == nil)
        #expect(frames == expected)
    }

    @Test func knownWireBytes() throws {
        // RFC 6455 §5.7: a masked "Hello".
        var parser = WebSocketFrameParser(role: .server)
        parser.feed([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(try parser.next() == WebSocketFrame(opcode: .text, payload: [UInt8]("Hello")))
        #expect(WebSocketFrameEncoder.frame(text: "Hello") == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        let long = WebSocketFrameEncoder.frame(opcode: .binary, payload: [UInt8](repeating: 0, count: 256))
        #expect(Array(long.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        let huge = WebSocketFrameEncoder.frame(opcode: .binary, payload: [UInt8](repeating: 0, count: 65536))
        #expect(Array(huge.prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(WebSocketFrameEncoder.headerSize(payloadLength: 65536, masked: true) == 14)
    }

    @Test(arguments: Split.all)
    func clientRoleReadsServerFrames(split: Split) {
        let input =
            WebSocketFrameEncoder.frame(text: "42[\"tick\",1]")
            + WebSocketFrameEncoder.frame(opcode: .ping, payload: [1, 2])
        let (frames, error) = parseFrames(input, split: split, role: .client)
        #expect(error == nil)
        #expect(frames.map(\.opcode) == [.text, .ping])
        #expect(frames.first?.payload == [UInt8]("42[\"tick\",1]"))
    }

    @Test func maskingMatchesTheByteLoopAtEveryLengthAndOffset() {
        var generator = SeededGenerator(seed: 3)
        for length in 0..<70 {
            for offset in 0..<5 where offset <= length {
                let key = UInt32.random(in: .min ... .max, using: &generator)
                let original = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                var fast = original
                WebSocketMasking.apply(key: key, to: &fast, from: offset)
                let keyBytes = withUnsafeBytes(of: key) { Array($0) }
                let slow = original.enumerated().map { index, byte in
                    index < offset ? byte : byte ^ keyBytes[(index - offset) % 4]
                }
                #expect(fast == slow)
            }
        }
    }

    static let rejected: [([UInt8], String, WebSocketRole)] = [
        ([0x81, 0x02, 0x68, 0x69], "E_WS_PROTOCOL", .server),  // unmasked client frame
        ([0x81, 0x82, 0, 0, 0, 0, 0x68, 0x69], "E_WS_PROTOCOL", .client),  // masked server frame
        ([0xC1, 0x80, 0, 0, 0, 0], "E_WS_PROTOCOL", .server),  // RSV1
        ([0xA1, 0x80, 0, 0, 0, 0], "E_WS_PROTOCOL", .server),  // RSV2
        ([0x91, 0x80, 0, 0, 0, 0], "E_WS_PROTOCOL", .server),  // RSV3
        ([0x83, 0x80, 0, 0, 0, 0], "E_WS_PROTOCOL", .server),  // opcode 3
        ([0x8B, 0x80, 0, 0, 0, 0], "E_WS_PROTOCOL", .server),  // opcode 0xB
        ([0x09, 0x80, 0, 0, 0, 0], "E_WS_PROTOCOL", .server),  // fragmented ping
        ([0x89, 0xFE, 0x00, 0x7E], "E_WS_PROTOCOL", .server),  // 126-byte ping
        ([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0], "E_WS_PROTOCOL", .server),  // 64-bit MSB
        ([0x82, 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 1], "E_WS_TOO_BIG", .server),  // 1 MiB + 1, header only
        ([0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "E_WS_TOO_BIG", .server),
    ]

    @Test(arguments: rejected)
    func rejectedAsSoonAsTheHeaderIsKnown(input: [UInt8], code: String, role: WebSocketRole) {
        for split in Split.all {
            let (frames, error) = parseFrames(input, split: split, role: role)
            #expect(frames.isEmpty)
            #expect(error?.code == code, "\(split)")
        }
    }

    @Test func messageLimitCountsFragmentsBeforeTheirPayload() {
        let limits = WebSocketLimits(maxFrameSize: 100, maxMessageSize: 150)
        let input =
            clientFrame(.text, [UInt8](repeating: 0x61, count: 100), fin: false)
            + [0x80, 0xFE, 0x00, 0x33]  // continuation header announcing 51 bytes: 151 in total
        let (frames, error) = parseFrames(input, split: .byteByByte, limits: limits)
        #expect(frames.count == 1)
        #expect(error?.code == "E_WS_TOO_BIG")
        #expect(error?.closeCode == .messageTooBig)
    }

    @Test func clientMaskedEncodingRoundTrips() throws {
        var bytes: [UInt8] = []
        WebSocketFrameEncoder.appendFrame(
            opcode: .text, payload: [UInt8]("abcdefghijk"), maskKey: 0xDEAD_BEEF, into: &bytes)
        #expect(bytes[1] & 0x80 != 0)
        var parser = WebSocketFrameParser(role: .server)
        parser.feed(bytes)
        #expect(try parser.next()?.payload == [UInt8]("abcdefghijk"))
    }

    @Test func closePayloadCutsOnACharacterBoundary() {
        let reason = String(repeating: "a", count: 122) + "éé"
        let payload = WebSocketFrameEncoder.closePayload(code: .goingAway, reason: reason)
        #expect(payload.count == 2 + 122)
        #expect(Array(payload.prefix(2)) == [0x03, 0xE9])
        let fits = WebSocketFrameEncoder.closePayload(code: .normal, reason: String(repeating: "a", count: 121) + "é")
        #expect(fits.count == 125)
        #expect(UTF8Validator.isValid(Array(payload.dropFirst(2))))
    }
}

@Suite("WebSocket frame parser — in-place parsing")
struct WebSocketFrameParserInPlaceTests {
    @Test(arguments: Split.all)
    func inPlaceParsingMatchesNext(split: Split) throws {
        var input: [UInt8] = []
        for size in [0, 3, 125, 126, 300, 70000] {
            input += clientFrame(
                .text, [UInt8](repeating: UInt8(ascii: "a") + UInt8(size % 26), count: size), fin: false)
            input += clientFrame(.ping, [1, 2, 3])
            input += clientFrame(.continuation, [UInt8]("end"))
        }
        let (expected, expectedError) = parseFrames(input, split: .whole)
        #expect(expectedError == nil)
        var parser = WebSocketFrameParser(role: .server)
        var frames: [WebSocketFrame] = []
        for var piece in split.pieces(input) {
            try piece.withUnsafeMutableBytes { raw in
                try parser.parse(raw) { header, payload in
                    frames.append(WebSocketFrame(fin: header.fin, opcode: header.opcode, payload: Array(payload)))
                }
            }
        }
        #expect(frames == expected)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func inPlaceParsingReportsErrors() {
        var parser = WebSocketFrameParser(role: .server)
        var input = clientFrame(.text, "ok") + [0x81, 0x01, 0x61]
        var seen = 0
        #expect(throws: WebSocketError.self) {
            try input.withUnsafeMutableBytes { raw in try parser.parse(raw) { _, _ in seen += 1 } }
        }
        #expect(seen == 1)
    }

    @Test func messageAtExactLimitDripFed() {
        // The continuation header arrives before its masking key; its length must be counted once.
        let limits = WebSocketLimits(maxFrameSize: 100, maxMessageSize: 150)
        let input =
            clientFrame(.text, [UInt8](repeating: 0x61, count: 100), fin: false)
            + clientFrame(.continuation, [UInt8](repeating: 0x62, count: 50))
        for split in Split.all {
            let (frames, error) = parseFrames(input, split: split, limits: limits)
            #expect(error == nil, "\(split)")
            #expect(frames.count == 2)
        }
    }
}
