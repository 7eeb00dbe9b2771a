/// One HTTP request to the Engine.IO path, reduced to what Engine.IO needs.
public struct EngineRequest: Sendable {
    public var method: String
    public var query: [String: String]
    /// Header values by lower-cased name.
    public var headers: [String: String]
    public var body: [UInt8]
    public var address: String?
    public var url: String

    public init(
        method: String, query: [String: String], headers: [String: String], body: [UInt8] = [],
        address: String? = nil, url: String = "/socket.io/"
    ) {
        self.method = method
        self.query = query
        self.headers = headers
        self.body = body
        self.address = address
        self.url = url
    }
}

extension EngineServer {
    /// Where a request goes, decided without touching any session.
    public enum Route: Sendable {
        /// Answer at once with this status and JSON error body.
        case reject(status: Int, body: [UInt8])
        /// A CORS preflight: answer 204 with the CORS headers.
        case preflight
        /// A new polling session (`base64`: the v3 client asked for `b64=1`).
        case openPolling(EngineHandshake, base64: Bool)
        /// A new WebSocket-only session: accept the upgrade, then ``openSession(handshake:on:webSocket:base64:)``.
        case openWebSocket(EngineHandshake)
        /// A polling GET for a live session.
        case poll(SessionRef)
        /// A polling POST for a live session.
        case post(SessionRef)
        /// An upgrade probe WebSocket for a live polling session.
        case probe(SessionRef)
    }

    /// Routes a request: protocol version (`EIO`), transport, origin, method and session id are checked here.
    ///
    /// Errors answer 400 with `{"code":N,"message":...}` (0 unknown transport, 1 unknown sid, 2 bad handshake
    /// method, 3 bad request, 5 unsupported version), or 403 with code 4 for a refused origin.
    public func route(_ request: EngineRequest) -> Route {
        let version: EngineVersion
        switch request.query["EIO"] {
        case "4": version = .v4
        case "3" where configuration.allowEIO3: version = .v3
        default: return .reject(status: 400, body: EngineSession.errorBody(5, "Unsupported protocol version"))
        }
        let transport: EngineSession.Transport
        switch request.query["transport"] {
        case "polling" where configuration.allowPolling: transport = .polling
        case "websocket" where configuration.allowWebSocket: transport = .websocket
        default: return .reject(status: 400, body: EngineSession.errorBody(0, "Transport unknown"))
        }
        if !configuration.allows(origin: request.headers["origin"]) {
            return .reject(status: 403, body: EngineSession.errorBody(4, "Origin not allowed"))
        }
        if request.method == "OPTIONS", transport == .polling { return .preflight }
        guard let sid = request.query["sid"] else {
            guard request.method == "GET" else {
                return .reject(status: 400, body: EngineSession.errorBody(2, "Bad handshake method"))
            }
            let handshake = EngineHandshake(
                headers: request.headers, query: request.query, address: request.address, url: request.url,
                version: version)
            if transport == .websocket { return .openWebSocket(handshake) }
            return .openPolling(handshake, base64: request.query["b64"] != nil)
        }
        guard let ref = session(sid) else {
            return .reject(status: 400, body: EngineSession.errorBody(1, "Session ID unknown"))
        }
        switch (transport, request.method) {
        case (.websocket, "GET"): return .probe(ref)
        case (.polling, "GET"): return .poll(ref)
        case (.polling, "POST"): return .post(ref)
        default: return .reject(status: 400, body: EngineSession.errorBody(3, "Bad request"))
        }
    }

    /// CORS headers for a polling response: the request's allowed origin echoed with credentials (never `*`).
    public func corsHeaders(origin: String?) -> [(String, String)] {
        guard let origin, configuration.allows(origin: origin) else { return [] }
        return [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")]
    }

    /// Runs `beforeConnect` (if any) and then `proceed` on `loop`, or answers the refusal through `refuse`.
    public func checkBeforeConnect(
        _ handshake: EngineHandshake, on loop: any EngineLoop,
        refuse: @escaping @Sendable (Int, [UInt8]) -> Void,
        proceed: @escaping @Sendable () -> Void
    ) {
        guard let beforeConnect else { return loop.executeOrInline(proceed) }
        Task {
            do {
                try await beforeConnect(handshake)
                loop.execute(proceed)
            } catch let refusal as EngineRefusal {
                refuse(refusal.status, EngineSession.errorBody(4, Self.escape(refusal.message)))
            } catch {
                refuse(403, EngineSession.errorBody(4, Self.escape("\(error)")))
            }
        }
    }

    static func escape(_ message: String) -> String {
        var out = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
