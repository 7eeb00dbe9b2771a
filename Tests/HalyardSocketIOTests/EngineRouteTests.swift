import Foundation
import HalyardEngineIO
import Testing

@Suite struct EngineRouteTests {
    func engine(_ edit: (inout EngineConfiguration) -> Void = { _ in }) -> EngineServer {
        var config = EngineConfiguration()
        edit(&config)
        let hook: @Sendable (EngineHandshake) async throws -> Void = { handshake in
            guard handshake.query["token"] == "ok" else { throw EngineRefusal("token \"required\"", status: 401) }
        }
        return EngineServer(configuration: config, beforeConnect: hook, onConnection: { _ in })
    }

    func request(_ query: String, method: String = "GET", origin: String? = nil) -> EngineRequest {
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return EngineRequest(method: method, query: parameters, headers: origin.map { ["origin": $0] } ?? [:])
    }

    func rejection(_ route: EngineServer.Route) -> (Int, String)? {
        if case .reject(let status, let body) = route { return (status, String(decoding: body, as: UTF8.self)) }
        return nil
    }

    @Test func rejectsBadRequestsWithEngineIOCodes() {
        let server = engine { $0.allowedOrigins = ["https://good.example"] }
        #expect(
            rejection(server.route(request("EIO=5&transport=polling")))! == (
                400, #"{"code":5,"message":"Unsupported protocol version"}"#
            ))
        #expect(
            rejection(server.route(request("EIO=4&transport=smoke")))! == (
                400, #"{"code":0,"message":"Transport unknown"}"#
            ))
        #expect(
            rejection(server.route(request("EIO=4&transport=polling&sid=x")))! == (
                400, #"{"code":1,"message":"Session ID unknown"}"#
            ))
        #expect(
            rejection(server.route(request("EIO=4&transport=polling", method: "POST")))?.1.contains("\"code\":2")
                == true)
        #expect(rejection(server.route(request("EIO=4&transport=websocket", origin: "https://evil.example")))?.0 == 403)
        #expect(rejection(server.route(request("EIO=4&transport=polling", origin: "null")))?.0 == 403)
    }

    @Test func routesHandshakesPreflightsAndVersions() {
        let server = engine { $0.allowEIO3 = false }
        #expect(rejection(server.route(request("EIO=3&transport=polling")))?.1.contains("\"code\":5") == true)
        if case .openWebSocket(let handshake) = server.route(request("EIO=4&transport=websocket")) {
            #expect(handshake.version == .v4)
        } else {
            Issue.record("websocket handshake not routed")
        }
        if case .preflight = server.route(request("EIO=4&transport=polling", method: "OPTIONS", origin: "null")) {
        } else {
            Issue.record("OPTIONS is a preflight")
        }
        let v3 = engine()
        if case .openPolling(let handshake, let base64) = v3.route(request("EIO=3&transport=polling&b64=1")) {
            #expect(handshake.version == .v3 && base64)
        } else {
            Issue.record("v3 polling handshake not routed")
        }
    }

    @Test func corsEchoesOnlyAllowedOrigins() {
        let open = engine()
        #expect(open.corsHeaders(origin: "null").first?.1 == "null")
        let strict = engine { $0.allowedOrigins = ["https://good.example"] }
        #expect(strict.corsHeaders(origin: "https://evil.example").isEmpty)
        #expect(strict.corsHeaders(origin: "https://good.example").map(\.1) == ["https://good.example", "true"])
    }

    @Test func beforeConnectRefusalCarriesStatusAndEscapedMessage() async {
        let server = engine()
        let loop = DispatchEngineLoop()
        let outcome: (Int, String) = await withCheckedContinuation { continuation in
            server.checkBeforeConnect(
                EngineHandshake(), on: loop,
                refuse: { status, body in
                    continuation.resume(returning: (status, String(decoding: body, as: UTF8.self)))
                },
                proceed: { continuation.resume(returning: (0, "proceeded")) })
        }
        #expect(outcome == (401, #"{"code":4,"message":"token \"required\""}"#))
        let accepted: Int = await withCheckedContinuation { continuation in
            server.checkBeforeConnect(
                EngineHandshake(query: ["token": "ok"]), on: loop,
                refuse: { status, _ in continuation.resume(returning: status) },
                proceed: { continuation.resume(returning: 0) })
        }
        #expect(accepted == 0)
    }
}
