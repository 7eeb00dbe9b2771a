import Testing

@testable import HalyardCodecs

@Suite("HTTP response head and headers")
struct HTTPResponseHeadTests {
    @Test func encodesStatusLineAndFields() {
        let head = HTTPResponseHead(status: 404, headers: ["Content-Length": "0", "X-A": "b"])
        #expect(
            String(decoding: head.encoded, as: UTF8.self)
                == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nX-A: b\r\n\r\n")
        let custom = HTTPResponseHead(status: 299, reason: "Fine")
        #expect(String(decoding: custom.encoded, as: UTF8.self) == "HTTP/1.1 299 Fine\r\n\r\n")
    }

    @Test func valuesCannotSplitTheResponse() {
        let head = HTTPResponseHead(status: 200, headers: ["X": "a\r\nSet-Cookie: evil"])
        let text = String(decoding: head.encoded, as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK\r\nX: a  Set-Cookie: evil\r\n\r\n")
    }

    @Test func reasonPhrases() {
        #expect(HTTPResponseHead.reasonPhrase(for: 101) == "Switching Protocols")
        #expect(HTTPResponseHead.reasonPhrase(for: 431) == "Request Header Fields Too Large")
        #expect(HTTPResponseHead.reasonPhrase(for: 799) == "Unknown")
    }

    @Test func headersLookupIsCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders()
        headers.add(name: "Set-Cookie", value: "a=1")
        headers.add(name: "set-cookie", value: "b=2")
        headers.add(name: "Connection", value: "keep-alive,  Upgrade ")
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers.contains(name: "connection", token: "upgrade"))
        #expect(!headers.contains(name: "connection", token: "close"))
        #expect(headers["missing"] == nil)
        headers.replaceOrAdd(name: "SET-COOKIE", value: "c=3")
        #expect(headers.values(for: "set-cookie") == ["c=3"])
        #expect(headers.map(\.name) == ["Connection", "SET-COOKIE"])
    }
}

@Suite("ASCII byte classes")
struct ASCIITests {
    @Test func tokenBytesMatchRFC9110() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(ASCII.isToken(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }

    @Test func listContainsTrimsAndIgnoresCase() {
        #expect(ASCII.listContains(" keep-alive ,\tUpgrade ", token: "upgrade"))
        #expect(ASCII.listContains("close", token: "CLOSE"))
        #expect(!ASCII.listContains("upgraded, x", token: "upgrade"))
        #expect(!ASCII.listContains("", token: "close"))
        #expect(ASCII.listContains(",,close,", token: "close"))
        #expect(ASCII.equalsIgnoringCase("Sec-WebSocket-Key"[...], "sec-websocket-key"))
        #expect(!ASCII.equalsIgnoringCase("abc", "abd"))
    }
}
