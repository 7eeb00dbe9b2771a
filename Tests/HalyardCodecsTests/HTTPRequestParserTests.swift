import Testing

@testable import HalyardCodecs

@Suite("HTTP request parser — valid input, every split")
struct HTTPRequestParserTests {
    @Test(arguments: Split.all)
    func simpleGet(split: Split) throws {
        let outcome = parseHTTP("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Pad:  v  \r\n\r\n", split: split)
        #expect(outcome.error == nil)
        let head = try #require(outcome.heads.first)
        #expect(head.method == "GET")
        #expect(head.target == "/a?b=1")
        #expect(head.path == "/a")
        #expect(head.query == "b=1")
        #expect(head.version == .http1_1)
        #expect(head.headers["host"] == "x")
        #expect(head.headers["x-empty"] == "")
        #expect(head.headers["X-PAD"] == "v")
        #expect(head.keepAlive)
        #expect(!head.expectsContinue)
        #expect(!head.isUpgrade)
        #expect(outcome.items.count == 2)
        #expect(outcome.items.last == .end)
    }

    @Test(arguments: Split.all)
    func contentLengthBody(split: Split) {
        let outcome = parseHTTP("POST /p HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world", split: split)
        #expect(outcome.error == nil)
        #expect(outcome.bodies == ["hello world"])
        #expect(outcome.items.last == .end)
    }

    @Test(arguments: Split.all)
    func chunkedWithExtensionsAndTrailers(split: Split) {
        let input =
            "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value;q=\"x y\"\r\nhello\r\n6 \r\n world\r\nA\r\n0123456789\r\n0\r\nTrailer-A: 1\r\nB: 2\r\n\r\n"
        let outcome = parseHTTP(input, split: split)
        #expect(outcome.error == nil)
        #expect(outcome.bodies == ["hello world0123456789"])
        #expect(outcome.items.last == .end)
    }

    @Test(arguments: Split.all)
    func pipelinedRequestsComeOutInOrder(split: Split) {
        let input =
            "GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\nGET /4 HTTP/1.0\r\n\r\n"
        let outcome = parseHTTP(input, split: split)
        #expect(outcome.error == nil)
        #expect(outcome.heads.map(\.target) == ["/1", "/2", "/3", "/4"])
        #expect(outcome.bodies == ["abc", "xy"])
        #expect(outcome.items.filter { $0 == .end }.count == 4)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", true), ("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nConnection: foo, Close\r\n\r\n", false), ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true), ("GET / HTTP/1.2\r\n\r\n", true),
    ])
    func keepAliveRules(input: String, keepAlive: Bool) throws {
        for split in Split.all {
            let head = try #require(parseHTTP(input, split: split).heads.first)
            #expect(head.keepAlive == keepAlive)
        }
    }

    @Test func expectContinueOnlyForHTTP11() throws {
        let yes = parseHTTP("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n", split: .whole)
        #expect(try #require(yes.heads.first).expectsContinue)
        #expect(yes.items.count == 1)  // the body has not arrived yet
        let old = parseHTTP("POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", split: .whole)
        #expect(try #require(old.heads.first).expectsContinue == false)
    }

    @Test(arguments: Split.all)
    func upgradePausesAndHandsOverRemainingBytes(split: Split) throws {
        let frame: [UInt8] = [0x81, 0x85, 1, 2, 3, 4, 0x69, 0x67, 0x6F, 0x68, 0x6E]
        let head = "GET /echo HTTP/1.1\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\r\n"
        var parser = HTTPRequestParser()
        let outcome = parseHTTP(
            [UInt8](head) + frame + [UInt8]("GET / HTTP/1.1\r\n\r\n"), split: split, parser: &parser)
        #expect(outcome.error == nil)
        #expect(outcome.heads.count == 1)
        #expect(try #require(outcome.heads.first).isUpgrade)
        #expect(outcome.items.last == .end)
        #expect(try parser.next() == nil)
        #expect(parser.takeRemainingBytes() == frame + [UInt8]("GET / HTTP/1.1\r\n\r\n"))
        #expect(try parser.next() == nil)
    }

    @Test func declinedUpgradeContinuesWithHTTP() throws {
        var parser = HTTPRequestParser()
        let input = "GET /a HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\nGET /b HTTP/1.1\r\n\r\n"
        let outcome = parseHTTP([UInt8](input), split: .whole, parser: &parser)
        #expect(outcome.heads.map(\.target) == ["/a"])
        parser.declineUpgrade()
        guard case .head(let next)? = try parser.next() else {
            Issue.record("expected the pipelined request")
            return
        }
        #expect(next.target == "/b")
        #expect(try parser.next() == .end)
        #expect(parser.isIdle)
    }

    @Test func leadingEmptyLinesAreIgnored() {
        let outcome = parseHTTP("\r\n\r\nGET / HTTP/1.1\r\n\r\n", split: .byteByByte)
        #expect(outcome.error == nil)
        #expect(outcome.heads.count == 1)
    }

    @Test func obsTextInValuesIsKeptAsLatin1() throws {
        let outcome = parseHTTP([UInt8]("GET / HTTP/1.1\r\nX: caf") + [0xE9] + [UInt8]("\r\n\r\n"), split: .whole)
        #expect(try #require(outcome.heads.first).headers["x"] == "café")
    }

    @Test func identicalDuplicateContentLengthsAreAccepted() {
        let outcome = parseHTTP(
            "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok", split: .byteByByte)
        #expect(outcome.error == nil)
        #expect(outcome.bodies == ["ok"])
    }

    @Test func bodyAtExactLimitIsAccepted() {
        let limits = HTTPParserLimits(maxBodyBytes: 4)
        let fixed = parseHTTP("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", split: .whole, limits: limits)
        #expect(fixed.error == nil)
        let chunked = parseHTTP(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n", split: .whole,
            limits: limits)
        #expect(chunked.error == nil)
        #expect(chunked.bodies == ["abcd"])
    }
}
