/// Validates a WebSocket upgrade request and builds the `101 Switching Protocols` response (RFC 6455 §4.2).
///
///     let response = try WebSocketHandshake.response(to: head)
///     // HTTP/1.1 101 Switching Protocols
///     // Upgrade: websocket
///     // Connection: Upgrade
///     // Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
///
/// Checks: GET (else 405), HTTP/1.1 or later, `Upgrade: websocket` and `Connection: upgrade` tokens, exactly one
/// `Sec-WebSocket-Key` decoding to 16 bytes (else 400), `Sec-WebSocket-Version: 13` (else 426 carrying
/// `Sec-WebSocket-Version: 13`). No extensions are negotiated. Origin policy is the server's concern.
public enum WebSocketHandshake {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `base64(SHA-1(key + GUID))`.
    public static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.digest(Array((key + guid).utf8)))
    }

    /// Whether the request asks for a WebSocket upgrade at all (so a router can send it here).
    public static func isWebSocketUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers.contains(name: "upgrade", token: "websocket")
    }

    /// The 101 response for a valid upgrade request.
    /// - Parameter subprotocol: echoed in `Sec-WebSocket-Protocol` when the client offered it.
    /// - Throws: `WebSocketHandshakeError` E_WS_METHOD (405), E_WS_HANDSHAKE (400), E_WS_VERSION (426).
    public static func response(
        to head: HTTPRequestHead, subprotocol: String? = nil
    ) throws(WebSocketHandshakeError) -> HTTPResponseHead {
        guard head.method == "GET" else {
            throw WebSocketHandshakeError(
                code: "E_WS_METHOD", status: 405, reason: "WebSocket upgrade must use GET", headers: ["Allow": "GET"])
        }
        guard head.version >= .http1_1 else { throw .invalid("WebSocket upgrade needs HTTP/1.1") }
        guard head.headers.contains(name: "upgrade", token: "websocket") else {
            throw .invalid("missing Upgrade: websocket")
        }
        guard head.headers.contains(name: "connection", token: "upgrade") else {
            throw .invalid("missing Connection: upgrade")
        }
        let versions = head.headers.values(for: "sec-websocket-version")
        guard versions.count == 1, ASCII.trimmed(Substring(versions[0])) == "13" else {
            throw WebSocketHandshakeError(
                code: "E_WS_VERSION", status: 426, reason: "unsupported Sec-WebSocket-Version",
                headers: ["Sec-WebSocket-Version": "13"])
        }
        let keys = head.headers.values(for: "sec-websocket-key")
        guard keys.count == 1, let decoded = Base64.decode(ASCII.trimmed(Substring(keys[0]))), decoded.count == 16
        else { throw .invalid("Sec-WebSocket-Key must be 16 base64-encoded bytes") }
        var headers: HTTPHeaders = [
            "Upgrade": "websocket", "Connection": "Upgrade",
            "Sec-WebSocket-Accept": acceptValue(forKey: String(ASCII.trimmed(Substring(keys[0])))),
        ]
        if let subprotocol,
            head.headers.values(for: "sec-websocket-protocol").flatMap(ASCII.listElements).contains(where: {
                $0 == subprotocol
            })
        {
            headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol)
        }
        return HTTPResponseHead(status: 101, headers: headers)
    }
}
