import Testing

@testable import HalyardCodecs

@Suite("WebSocket messages, control frames and the close handshake")
struct WebSocketStateMachineTests {
    @Test(arguments: Split.all)
    func fragmentedTextWithControlFramesInBetween(split: Split) {
        let input =
            clientFrame(.text, "Hel", fin: false) + clientFrame(.ping, "p1")
            + clientFrame(.continuation, "lo ", fin: false)
            + clientFrame(.pong, "x") + clientFrame(.continuation, "world") + clientFrame(.binary, [0, 1, 2])
        let actions = runMachine(input, split: split)
        #expect(
            actions == [
                .send(WebSocketFrameEncoder.frame(opcode: .pong, payload: [UInt8]("p1"))),
                .pong([UInt8]("x")),
                .deliver(WebSocketMessage(kind: .text, data: [UInt8]("Hello world"))),
                .deliver(WebSocketMessage(kind: .binary, data: [0, 1, 2])),
            ])
    }

    @Test func utf8SplitAtEveryByteAcrossFragments() {
        let text = [UInt8]("κόσμε 😀 €uro")
        for cut in 0...text.count {
            let input =
                clientFrame(.text, Array(text[..<cut]), fin: false) + clientFrame(.continuation, Array(text[cut...]))
            let actions = runMachine(input, split: .byteByByte)
            #expect(actions == [.deliver(WebSocketMessage(kind: .text, data: text))], "cut at \(cut)")
        }
    }

    @Test func invalidUTF8FailsOnTheFirstBadFragment() {
        // The second fragment holds a surrogate; the third never arrives: the failure must not wait for it.
        let input = clientFrame(.text, "ok", fin: false) + clientFrame(.continuation, [0xED, 0xA0, 0x80], fin: false)
        let actions = runMachine(input, split: .whole)
        #expect(actions.count == 3)
        #expect(actions.first == .failed(.invalidUTF8("text message is not valid UTF-8")))
        #expect(actions.dropFirst().first?.sentCloseCode == 1007)
        #expect(actions.last == .closeConnection)
        // A message ending inside a character.
        let truncated = runMachine(clientFrame(.text, [0x61, 0xE2, 0x82]), split: .whole)
        #expect(truncated.dropFirst().first?.sentCloseCode == 1007)
    }

    @Test(arguments: [
        clientFrame(.continuation, "x"),  // continuation without a message
        clientFrame(.text, "a", fin: false) + clientFrame(.text, "b"),  // new message inside a fragmented one
        clientFrame(.binary, "a", fin: false) + clientFrame(.binary, "b"),
        clientFrame(.close, [0x03]),  // one-byte close payload
        [0x81, 0x01, 0x61],  // unmasked
    ])
    func protocolErrorsClose1002(input: [UInt8]) {
        for split in Split.all {
            let actions = runMachine(input, split: split)
            guard case .failed(let error)? = actions.first else {
                Issue.record("expected failure, got \(actions)")
                continue
            }
            #expect(error.closeCode == .protocolError)
            #expect(actions.count == 3)
            #expect(actions.dropFirst().first?.sentCloseCode == 1002)
            #expect(actions.last == .closeConnection)
        }
    }

    static let validCodes: [UInt16] = [
        1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
        3999, 4000, 4999,
    ]
    static let invalidCodes: [UInt16] = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]

    @Test(arguments: validCodes)
    func peerCloseWithValidCodeIsEchoed(code: UInt16) {
        let payload = [UInt8(code >> 8), UInt8(code & 0xFF)] + [UInt8]("bye ✓")
        let actions = runMachine(clientFrame(.close, payload) + clientFrame(.text, "ignored"), split: .byteByByte)
        #expect(
            actions == [
                .peerClosed(code: WebSocketCloseCode(rawValue: code), reason: "bye ✓"),
                .send(WebSocketFrameEncoder.frame(opcode: .close, payload: Array(payload.prefix(2)))),
                .closeConnection,
            ])
    }

    @Test(arguments: invalidCodes)
    func peerCloseWithInvalidCodeIsAProtocolError(code: UInt16) {
        let actions = runMachine(clientFrame(.close, [UInt8(code >> 8), UInt8(code & 0xFF)]), split: .whole)
        #expect(actions.dropFirst().first?.sentCloseCode == 1002)
        #expect(actions.last == .closeConnection)
    }

    @Test func closeReasonMustBeUTF8() {
        let actions = runMachine(clientFrame(.close, [0x03, 0xE8, 0xFF]), split: .whole)
        #expect(actions.dropFirst().first?.sentCloseCode == 1007)
    }

    @Test func emptyCloseIsAnsweredWith1000() {
        let actions = runMachine(clientFrame(.close, []), split: .whole)
        #expect(
            actions == [
                .peerClosed(code: nil, reason: ""), .send([0x88, 0x02, 0x03, 0xE8]), .closeConnection,
            ])
    }

    @Test func serverInitiatedCloseWaitsForThePeer() {
        var machine = WebSocketStateMachine(role: .server)
        #expect(machine.close(code: .goingAway, reason: "bye") == [0x88, 0x05, 0x03, 0xE9] + [UInt8]("bye"))
        #expect(machine.close() == nil)
        #expect(machine.state == .closing)
        let input = clientFrame(.text, "late") + clientFrame(.ping, "p") + clientFrame(.close, [0x03, 0xE9])
        let actions = runMachine(input, split: .byteByByte, machine: &machine)
        #expect(actions == [.closeConnection])
        #expect(machine.state == .closed)
        machine.feed(clientFrame(.text, "after"))
        #expect(machine.nextAction() == nil)
    }

    @Test func protocolErrorWhileClosingSendsNoSecondClose() {
        var machine = WebSocketStateMachine(role: .server)
        _ = machine.close()
        let actions = runMachine([0x81, 0x01, 0x61], split: .whole, machine: &machine)
        #expect(actions.count == 2)
        #expect(actions.last == .closeConnection)
    }

    @Test func tooBigMessageCloses1009() {
        let limits = WebSocketLimits(maxFrameSize: 10, maxMessageSize: 10)
        let actions = runMachine(clientFrame(.text, "0123456789A"), split: .whole, limits: limits)
        #expect(actions.dropFirst().first?.sentCloseCode == 1009)
    }

    @Test func clientRoleMasksWhatItSends() throws {
        var client = WebSocketStateMachine(role: .client)
        let actions = runMachine(
            WebSocketFrameEncoder.frame(opcode: .ping, payload: [7]), split: .whole, machine: &client)
        guard case .send(let pong)? = actions.first else {
            Issue.record("expected a pong")
            return
        }
        var server = WebSocketFrameParser(role: .server)
        server.feed(pong)
        #expect(try server.next() == WebSocketFrame(opcode: .pong, payload: [7]))
        let frame = try #require(client.frame(WebSocketMessage(kind: .text, data: [UInt8]("40"))))
        server.feed(frame)
        #expect(try server.next() == WebSocketFrame(opcode: .text, payload: [UInt8]("40")))
    }

    @Test func assemblerRejectsControlFrames() {
        var assembler = WebSocketMessageAssembler()
        #expect(throws: WebSocketError.self) { try assembler.append(WebSocketFrame(opcode: .ping, payload: [])) }
    }
}

@Suite("WebSocket — fail fast on invalid UTF-8 inside an incomplete frame")
struct WebSocketFailFastTests {
    /// Feeds byte by byte; returns how many bytes had been fed when `.failed` appeared.
    func bytesFedAtFailure(_ input: [UInt8]) -> Int? {
        var machine = WebSocketStateMachine(role: .server)
        for (index, byte) in input.enumerated() {
            machine.feed([byte])
            while let action = machine.nextAction() {
                if case .failed(let error) = action {
                    #expect(error.closeCode == .invalidPayload)
                    return index + 1
                }
            }
        }
        return nil
    }

    @Test func failsBeforeTheFrameEnds() {
        let frame = clientFrame(.text, [UInt8]("hello") + [0xC0] + [UInt8](repeating: 0x61, count: 100))
        #expect(bytesFedAtFailure(frame) == 6 + 5 + 1)
    }

    @Test func failsInsideAContinuationUsingTheStateOfEarlierFragments() {
        let first = clientFrame(.text, [0x61, 0xCE], fin: false)  // ends inside "κ"
        let second = clientFrame(.continuation, [0x41] + [UInt8](repeating: 0x61, count: 50))
        #expect(bytesFedAtFailure(first + second) == first.count + 6 + 1)
        // The same bytes are fine when the continuation completes the character.
        let valid = first + clientFrame(.continuation, [0xBA] + [UInt8](repeating: 0x61, count: 50))
        #expect(bytesFedAtFailure(valid) == nil)
    }

    @Test func binaryPayloadsAreNotChecked() {
        #expect(bytesFedAtFailure(clientFrame(.binary, [0xC0, 0xFF, 0x80])) == nil)
    }

    @Test func pendingPayloadIsUnmaskedFromAnyOffset() throws {
        let payload = (0..<40).map { UInt8($0 * 7 & 0xFF) }
        let frame = clientFrame(.binary, payload, maskKey: 0xA1B2_C3D4)
        for received in 0...payload.count - 1 {
            var parser = WebSocketFrameParser(role: .server)
            parser.feed(frame.prefix(6 + received))
            #expect(try parser.next() == nil)
            for offset in 0...received {
                let pending = try #require(parser.pendingPayload(from: offset))
                #expect(pending.bytes == Array(payload[offset..<received]))
            }
        }
    }
}
