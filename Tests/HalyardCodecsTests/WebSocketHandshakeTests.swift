import Testing

@testable import HalyardCodecs

@Suite("WebSocket handshake")
struct WebSocketHandshakeTests {
    static func upgrade(
        _ extra: [(String, String)] = [], method: String = "GET", version: HTTPVersion = .http1_1,
        key: String? = "dGhlIHNhbXBsZSBub25jZQ==", wsVersion: String? = "13"
    ) -> HTTPRequestHead {
        var fields: [(String, String)] = [("Host", "x"), ("Upgrade", "websocket"), ("Connection", "Upgrade")]
        if let key { fields.append(("Sec-WebSocket-Key", key)) }
        if let wsVersion { fields.append(("Sec-WebSocket-Version", wsVersion)) }
        return HTTPRequestHead(method: method, target: "/echo", version: version, headers: HTTPHeaders(fields + extra))
    }

    @Test func rfcExampleAcceptValue() throws {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let response = try WebSocketHandshake.response(to: Self.upgrade())
        #expect(response.status == 101)
        #expect(response.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(response.headers.contains(name: "upgrade", token: "websocket"))
        #expect(response.headers.contains(name: "connection", token: "upgrade"))
        #expect(response.headers["sec-websocket-protocol"] == nil)
    }

    @Test func tokensAreCaseInsensitiveAndListed() throws {
        let head = HTTPRequestHead(
            method: "GET", target: "/",
            headers: [
                "upgrade": "WebSocket", "connection": "keep-alive, UPGRADE",
                "sec-websocket-key": "AAAAAAAAAAAAAAAAAAAAAA==",
                "sec-websocket-version": "13", "Sec-WebSocket-Protocol": "chat, superchat",
            ])
        #expect(head.isUpgrade)
        let response = try WebSocketHandshake.response(to: head, subprotocol: "superchat")
        #expect(response.headers["Sec-WebSocket-Protocol"] == "superchat")
    }

    @Test(arguments: [
        (upgrade(method: "POST"), "E_WS_METHOD", 405),
        (upgrade(version: .http1_0), "E_WS_HANDSHAKE", 400),
        (
            HTTPRequestHead(method: "GET", target: "/", headers: ["Connection": "Upgrade", "Upgrade": "h2c"]),
            "E_WS_HANDSHAKE", 400
        ),
        (HTTPRequestHead(method: "GET", target: "/", headers: ["Upgrade": "websocket"]), "E_WS_HANDSHAKE", 400),
        (upgrade(wsVersion: "8"), "E_WS_VERSION", 426),
        (upgrade(wsVersion: nil), "E_WS_VERSION", 426),
        (upgrade([("Sec-WebSocket-Version", "13")]), "E_WS_VERSION", 426),
        (upgrade(key: nil), "E_WS_HANDSHAKE", 400),
        (upgrade(key: "c2hvcnQ="), "E_WS_HANDSHAKE", 400),
        (upgrade(key: "dGhlIHNhbXBsZSBub25jZQ"), "E_WS_HANDSHAKE", 400),
        (upgrade(key: "dGhlIHNhbXBsZSBub25jZ!=="), "E_WS_HANDSHAKE", 400),
        (upgrade([("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")]), "E_WS_HANDSHAKE", 400),
    ])
    func refused(head: HTTPRequestHead, code: String, status: Int) {
        do {
            _ = try WebSocketHandshake.response(to: head)
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.status == status)
            #expect(error.response.status == status)
            if status == 426 { #expect(error.response.headers["Sec-WebSocket-Version"] == "13") }
        }
    }

    @Test func clientHandshakeRoundTrip() throws {
        var client = WebSocketClientHandshake()
        var parser = HTTPRequestParser()
        parser.feed(client.request(host: "127.0.0.1:1", target: "/socket.io/?EIO=4&transport=websocket"))
        guard case .head(let head)? = try parser.next() else {
            Issue.record("request did not parse")
            return
        }
        #expect(head.isUpgrade)
        let response = try WebSocketHandshake.response(to: head).encoded
        for byte in response.dropLast() { #expect(try client.feed([byte]) == nil) }
        #expect(try client.feed([response.last ?? 0, 0x81, 0x00]) == [0x81, 0x00])
    }

    @Test func clientRejectsWrongAccept() {
        var client = WebSocketClientHandshake()
        let bad = [UInt8]("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n")
        #expect(throws: WebSocketHandshakeError.self) { try client.feed(bad) }
        var other = WebSocketClientHandshake()
        #expect(throws: WebSocketHandshakeError.self) { try other.feed([UInt8]("HTTP/1.1 400 Bad\r\n\r\n")) }
    }

    @Test func base64RoundTrip() {
        var generator = SeededGenerator(seed: 9)
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode([UInt8]("foobar")) == "Zm9vYmFy")
        #expect(Base64.encode([UInt8]("fo")) == "Zm8=")
        #expect(Base64.decode("Zm8=") == [UInt8]("fo"))
        #expect(Base64.decode("Zm=8") == nil)
        #expect(Base64.decode("Zm8") == nil)
    }
}
