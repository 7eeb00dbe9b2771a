import HalyardEngineIO
import Testing

@Suite struct EngineSessionTests {
    func config() -> EngineConfiguration {
        var config = EngineConfiguration()
        config.pingInterval = 1000
        config.pingTimeout = 500
        config.maxPayload = 100
        return config
    }

    func text(_ response: EngineSession.PollResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func pollingHandshakeBatchesOpenWithEarlyPackets() {
        var session = EngineSession(sid: "s1", version: .v4, transport: .polling, configuration: config(), now: 0)
        #expect(session.open().isEmpty)
        #expect(session.send(EnginePacket(.message, text: "0")).isEmpty)
        guard case .respondPoll(let response) = session.receivePoll(now: 0).first else {
            Issue.record("no poll response")
            return
        }
        #expect(
            text(response)
                == "0{\"sid\":\"s1\",\"upgrades\":[\"websocket\"],\"pingInterval\":1000,\"pingTimeout\":500,\"maxPayload\":100}\u{1e}40"
        )
        // Next GET parks; a send releases it.
        #expect(session.receivePoll(now: 1).isEmpty)
        #expect(
            session.send(EnginePacket(.message, text: "2[\"a\"]")) == [
                .respondPoll(.init(contentType: "text/plain; charset=UTF-8", body: Array("42[\"a\"]".utf8)))
            ])
    }

    @Test func overlappingGetIsRejectedAndClosesTheSession() {
        var session = EngineSession(sid: "s", version: .v4, transport: .polling, configuration: config(), now: 0)
        _ = session.open()
        _ = session.receivePoll(now: 0)
        #expect(session.receivePoll(now: 0).isEmpty)
        let actions = session.receivePoll(now: 0)
        #expect(actions.first == EngineSession.errorReply(.badRequest))
        #expect(actions.last == .closed(.overlappingPoll))
        #expect(session.isClosed)
    }

    @Test func clientCloseReleasesParkedGetWith200() {
        var session = EngineSession(sid: "s", version: .v4, transport: .polling, configuration: config(), now: 0)
        _ = session.open()
        _ = session.receivePoll(now: 0)
        _ = session.receivePoll(now: 0)  // parked
        let actions = session.receivePost(Array("1".utf8), contentType: "text/plain", now: 5)
        #expect(actions.count == 3)
        #expect(actions[0] == .replyCurrent(status: 200, contentType: "text/html", body: Array("ok".utf8)))
        if case .respondPoll(let response) = actions[1] {
            #expect(text(response) == "6")
        } else {
            Issue.record("\(actions)")
        }
        #expect(actions[2] == .closed(.clientClose))
        #expect(session.receivePoll(now: 6) == [EngineSession.errorReply(.unknownSID)])
    }

    @Test func serverCloseAnswersAParkedGetWithTheClosePacket() {
        var session = EngineSession(sid: "s", version: .v4, transport: .polling, configuration: config(), now: 0)
        _ = session.open()
        _ = session.receivePoll(now: 0)
        #expect(session.receivePoll(now: 0).isEmpty)  // parked
        let actions = session.close(reason: .serverClose)
        #expect(actions.count == 2)
        if case .respondPoll(let response) = actions.first {
            #expect(text(response) == "1")
        } else {
            Issue.record("\(actions)")
        }
        #expect(actions.last == .closed(.serverClose))
        #expect(session.send(EnginePacket(.message, text: "late")).isEmpty)
    }

    @Test func postDeliversMessagesAndEnforcesMaxPayload() {
        var session = EngineSession(sid: "s", version: .v4, transport: .polling, configuration: config(), now: 0)
        let actions = session.receivePost(Array("42[1]\u{1e}bAAEC".utf8), contentType: nil, now: 0)
        #expect(actions.dropFirst() == [.deliver(.text("2[1]")), .deliver(.binary([0, 1, 2]))])
        let big = session.receivePost([UInt8](repeating: 0x34, count: 101), contentType: nil, now: 0)
        if case .replyCurrent(let status, _, _) = big.first { #expect(status == 413) } else { Issue.record("\(big)") }
        #expect(big.last == .closed(.payloadTooLarge))
    }

    @Test func badPostIsRejectedWith400JSON() {
        var session = EngineSession(sid: "s", version: .v4, transport: .polling, configuration: config(), now: 0)
        let actions = session.receivePost(Array("9zz".utf8), contentType: nil, now: 0)
        #expect(
            actions.first
                == .replyCurrent(
                    status: 400, contentType: "application/json",
                    body: Array("{\"code\":3,\"message\":\"Bad request\"}".utf8)))
        #expect(actions.last == .closed(.parseError))
    }

    @Test func v4HeartbeatPingsThenTimesOut() {
        var session = EngineSession(sid: "s", version: .v4, transport: .websocket, configuration: config(), now: 0)
        _ = session.open()
        #expect(session.tick(now: 999).isEmpty)
        #expect(session.tick(now: 1000) == [.sendWebSocket(EnginePacket(.ping))])
        #expect(session.receiveWebSocket(.text("3"), probe: false, now: 1200).isEmpty)
        #expect(session.nextDeadline == 2200)
        #expect(session.tick(now: 2200) == [.sendWebSocket(EnginePacket(.ping))])
        #expect(session.tick(now: 2699).isEmpty)
        #expect(session.tick(now: 2700) == [.closeWebSocket(probe: false), .closed(.pingTimeout)])
    }

    @Test func v3ClientPingsAndSilenceCloses() {
        var session = EngineSession(sid: "s", version: .v3, transport: .websocket, configuration: config(), now: 0)
        let open = session.open()
        if case .sendWebSocket(let packet) = open.first {
            #expect(!packet.encodedText.contains("maxPayload"))
        } else {
            Issue.record("\(open)")
        }
        #expect(session.receiveWebSocket(.text("2"), probe: false, now: 1000) == [.sendWebSocket(EnginePacket(.pong))])
        #expect(session.tick(now: 2499).isEmpty)
        #expect(session.tick(now: 2500) == [.closeWebSocket(probe: false), .closed(.pingTimeout)])
    }

    @Test func upgradeProbeReleasesPollAndMovesQueue() {
        var session = EngineSession(sid: "s", version: .v4, transport: .polling, configuration: config(), now: 0)
        _ = session.open()
        _ = session.receivePoll(now: 0)
        #expect(session.receivePoll(now: 0).isEmpty)  // parked
        let attached = session.attachProbe(now: 0)
        let again = session.attachProbe(now: 0)
        #expect(attached && !again)
        let probe = session.receiveWebSocket(.text("2probe"), probe: true, now: 1)
        #expect(probe.first == .sendProbe(EnginePacket(.pong, text: "probe")))
        if case .respondPoll(let response) = probe.last {
            #expect(text(response) == "6")
        } else {
            Issue.record("\(probe)")
        }
        _ = session.send(EnginePacket(.message, text: "queued"))
        let upgrade = session.receiveWebSocket(.text("5"), probe: true, now: 2)
        #expect(upgrade == [.promoteProbe, .sendWebSocket(EnginePacket(.message, text: "queued"))])
        #expect(session.writesDirectly)
        #expect(session.receivePoll(now: 3) == [EngineSession.errorReply(.badRequest)])
    }

    @Test func probeTimesOut() {
        var session = EngineSession(sid: "s", version: .v4, transport: .polling, configuration: config(), now: 0)
        let attached = session.attachProbe(now: 0)
        #expect(attached)
        #expect(session.tick(now: 500).isEmpty)
        #expect(session.tick(now: 10_000) == [.closeWebSocket(probe: true)])
        #expect(!session.probing)
    }

    @Test func v3PollingUsesLengthFramingAndBinaryPayloads() {
        var session = EngineSession(sid: "s", version: .v3, transport: .polling, configuration: config(), now: 0)
        _ = session.send(EnginePacket(.message, text: "0"))
        guard case .respondPoll(let response) = session.receivePoll(now: 0).first else { return }
        #expect(text(response) == "2:40")
        _ = session.send(EnginePacket.binary([1]))
        guard case .respondPoll(let binary) = session.receivePoll(now: 0).first else { return }
        #expect(binary.contentType == "application/octet-stream")
        #expect(binary.body == [1, 2, 0xff, 4, 1])
        let actions = session.receivePost([0, 2, 0xff, 0x34, 0x78], contentType: "application/octet-stream", now: 0)
        #expect(actions.last == .deliver(.text("x")))
    }

    @Test func sidsAreUniqueAndURLSafe() {
        let ids = Set((0..<1000).map { _ in EngineSID.generate() })
        #expect(ids.count == 1000)
        #expect(
            ids.allSatisfy { $0.count == 20 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }
}
