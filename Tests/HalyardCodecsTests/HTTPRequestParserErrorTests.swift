import Testing

@testable import HalyardCodecs

@Suite("HTTP request parser — rejected input, every split")
struct HTTPRequestParserErrorTests {
    static let cases: [(String, String, Int)] = [
        ("G(T / HTTP/1.1\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
        (" GET / HTTP/1.1\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
        ("GET  / HTTP/1.1\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
        ("GET /a\u{01}b HTTP/1.1\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
        ("GET /\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
        ("GET / HTTX/1.1\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
        ("GET / HTTP/1.10\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
        ("GET / HTTP/2.0\r\n\r\n", "E_HTTP_VERSION_NOT_SUPPORTED", 505),
        ("GET / HTTP/0.9\r\n\r\n", "E_HTTP_VERSION_NOT_SUPPORTED", 505),
        ("GET / HTTP/1.1\n\n", "E_HTTP_BAD_LINE_ENDING", 400),
        ("GET / HTTP/1.1\r\nHost: a\n\r\n", "E_HTTP_BAD_LINE_ENDING", 400),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "E_HTTP_BAD_HEADER", 400),
        ("GET / HTTP/1.1\r\n: a\r\n\r\n", "E_HTTP_BAD_HEADER", 400),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", "E_HTTP_BAD_HEADER", 400),
        ("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", "E_HTTP_BAD_HEADER", 400),
        ("GET / HTTP/1.1\r\nX: a\u{00}b\r\n\r\n", "E_HTTP_BAD_HEADER", 400),
        ("GET / HTTP/1.1\r\nX: a\u{7F}\r\n\r\n", "E_HTTP_BAD_HEADER", 400),
        ("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", "E_HTTP_OBS_FOLD", 400),
        ("GET / HTTP/1.1\r\n\tX: a\r\n\r\n", "E_HTTP_OBS_FOLD", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        ("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "E_HTTP_UNSUPPORTED_TRANSFER_ENCODING", 501),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "E_HTTP_UNSUPPORTED_TRANSFER_ENCODING", 501),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        (
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            "E_HTTP_UNSUPPORTED_TRANSFER_ENCODING", 501
        ),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "E_HTTP_BAD_FRAMING", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "E_HTTP_BAD_CHUNK", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "E_HTTP_BAD_CHUNK", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "E_HTTP_BAD_CHUNK", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a\u{01}\r\n", "E_HTTP_BAD_CHUNK", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1 x\r\n", "E_HTTP_BAD_CHUNK", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n", "E_HTTP_BAD_HEADER", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n", "E_HTTP_BODY_TOO_LARGE", 413),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n", "E_HTTP_BODY_TOO_LARGE", 413),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", "E_HTTP_BODY_TOO_LARGE", 413),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n", "E_HTTP_BODY_TOO_LARGE", 413),
        ("\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n", "E_HTTP_BAD_REQUEST_LINE", 400),
    ]

    @Test(arguments: cases)
    func rejected(input: String, code: String, status: Int) {
        for split in Split.all {
            let outcome = parseHTTP(input, split: split)
            #expect(outcome.error?.code == code, "\(split): \(outcome)")
            #expect(outcome.error?.status == status)
            // Only errors inside a chunked body come after the head was delivered.
            let inChunkedBody =
                code == "E_HTTP_BAD_CHUNK" || input.contains("\r\n\r\n0\r\n")
                || (code == "E_HTTP_BODY_TOO_LARGE" && input.contains("chunked"))
            #expect(outcome.heads.isEmpty == !inChunkedBody)
        }
    }

    @Test(arguments: Split.all)
    func requestLineTooLongFailsBeforeItEnds(split: Split) {
        // No CRLF ever arrives: the parser must fail once the limit is passed instead of buffering forever.
        let input = [UInt8]("GET /") + [UInt8](repeating: UInt8(ascii: "a"), count: 20_000)
        var parser = HTTPRequestParser()
        var fed = 0
        var failure: HTTPParserError?
        for piece in split.pieces(input) where failure == nil {
            parser.feed(piece)
            fed += piece.count
            do { _ = try parser.next() } catch { failure = error }
        }
        #expect(failure?.code == "E_HTTP_REQUEST_LINE_TOO_LONG")
        #expect(failure?.status == 414)
        if case .byteByByte = split { #expect(fed == 8194) }
    }

    @Test(arguments: Split.all)
    func headerBlockTooLargeFailsEarly(split: Split) {
        var input = [UInt8]("GET / HTTP/1.1\r\n")
        for index in 0..<200 { input += [UInt8]("X-Header-\(index): \(String(repeating: "v", count: 100))\r\n") }
        let outcome = parseHTTP(input, split: split)
        #expect(outcome.error?.code == "E_HTTP_HEADER_TOO_LARGE")
        #expect(outcome.error?.status == 431)
        // One endless header line, never terminated.
        let endless = [UInt8]("GET / HTTP/1.1\r\nX: ") + [UInt8](repeating: 0x61, count: 17_000)
        #expect(parseHTTP(endless, split: split).error?.status == 431)
    }

    @Test func tooManyHeaderFields() {
        var input = "GET / HTTP/1.1\r\n"
        for index in 0...100 { input += "H\(index): v\r\n" }
        #expect(parseHTTP(input + "\r\n", split: .whole).error?.code == "E_HTTP_HEADER_TOO_LARGE")
        let limits = HTTPParserLimits(maxHeaderCount: 2)
        #expect(parseHTTP("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", split: .whole, limits: limits).error == nil)
        #expect(
            parseHTTP("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", split: .whole, limits: limits).error?.status
                == 431)
    }

    @Test func chunkedBodyOverLimitFailsWhenTheChunkSizeIsRead() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let input = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n3\r\n"
        for split in Split.all {
            let outcome = parseHTTP(input, split: split, limits: limits)
            #expect(outcome.error?.code == "E_HTTP_BODY_TOO_LARGE")
            #expect(outcome.bodies == ["12345678"])
        }
    }

    @Test func errorsAreSticky() {
        var parser = HTTPRequestParser()
        parser.feed([UInt8]("BAD\r\n\r\nGET / HTTP/1.1\r\n\r\n"))
        #expect(throws: HTTPParserError.self) { try parser.next() }
        #expect(throws: HTTPParserError.self) { try parser.next() }
    }

    @Test func catchByCode() {
        var parser = HTTPRequestParser()
        parser.feed([UInt8]("GET / HTTP/3.0\r\n\r\n"))
        var caught = ""
        do {
            _ = try parser.next()
        } catch "E_HTTP_VERSION_NOT_SUPPORTED" {
            caught = "version"
        } catch {
            caught = "other"
        }
        #expect(caught == "version")
    }
}

@Suite("Codecs keep memory bounded after a failure")
struct BoundedAfterFailureTests {
    @Test func httpParserDropsBytesAfterAnError() {
        var parser = HTTPRequestParser()
        parser.feed([UInt8]("BAD LINE\r\n"))
        #expect(throws: HTTPParserError.self) { try parser.next() }
        let before = parser.buffer.count
        for _ in 0..<100 { parser.feed([UInt8](repeating: 0x41, count: 10_000)) }
        #expect(parser.buffer.count == before)
    }

    @Test func frameParserDropsBytesAfterAnError() {
        var parser = WebSocketFrameParser(role: .server)
        parser.feed([0x81, 0x01, 0x61])  // unmasked: protocol error
        #expect(throws: WebSocketError.self) { try parser.next() }
        let before = parser.bufferedByteCount
        for _ in 0..<100 { parser.feed([UInt8](repeating: 0x41, count: 10_000)) }
        #expect(parser.bufferedByteCount == before)
    }

    @Test func closedStateMachineIgnoresInput() {
        var machine = WebSocketStateMachine(role: .server)
        let actions = runMachine(clientFrame(.close, [0x03, 0xE8]), split: .whole, machine: &machine)
        #expect(actions.last == .closeConnection)
        machine.feed(clientFrame(.ping, "late"))
        #expect(machine.nextAction() == nil)
    }
}
