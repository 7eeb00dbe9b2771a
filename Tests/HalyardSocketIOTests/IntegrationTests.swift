import Foundation
import HalyardEngineIO
import HalyardSocketIO
import Testing

/// The real server on 127.0.0.1:0 driven by python-socketio 5.18.1, websocket-client and requests.
@Suite(.serialized) struct IntegrationTests {
    @Test(arguments: ["websocket", "polling,websocket", "polling"])
    func pythonSocketIOScenario(transports: String) async throws {
        let server = try await LiveServer.start()
        defer { Task { await server.stop() } }
        let lines = try await server.runClient(PythonScripts.scenario, [transports], timeout: 180)
        #expect(lines.last == "OK")
        #expect(lines.contains("CONNECT_ERROR /admin {'message': 'bad token'}"), "\(lines)")
        #expect(lines.contains("CONNECT_ERROR /nope {'message': 'Invalid namespace'}"), "\(lines)")
        let sid = try #require(lines.first { $0.hasPrefix("SID ") }?.dropFirst(4))
        // python-socketio queues 41 then aborts the transport: either reason is a client-side disconnect.
        _ = try await server.events.wait {
            $0 == "disconnect \(sid) client namespace disconnect" || $0 == "disconnect \(sid) transport close"
        }
    }

    @Test func silentClientIsClosedByHeartbeatAndResponsiveOneIsNot() async throws {
        // A pong may come up to 1.5 s late on a loaded machine; the responsive client stays twice as long as the
        // 1.8 s after which a server ignoring its pongs would close it.
        let server = try await LiveServer.start { config, _ in
            config.engine.pingInterval = 300
            config.engine.pingTimeout = 1500
        }
        defer { Task { await server.stop() } }
        let lines = try await server.runClient(PythonScripts.silentClient)
        #expect(lines.contains("CLOSED"))
        let sid = try #require(lines.first { $0.hasPrefix("SID ") }?.dropFirst(4))
        _ = try await server.events.wait { $0 == "disconnect \(sid) ping timeout" }
        for transports in ["websocket", "polling"] {
            let responsive = try await server.runClient(PythonScripts.responsiveClient, [transports, "1800"])
            #expect(responsive.last == "OK")
        }
    }

    @Test func eio3HeartbeatIsClientDriven() async throws {
        // Client pings every 200 ms may come late on a loaded machine: 1.5 s of slack before the server gives up.
        let server = try await LiveServer.start { config, _ in
            config.engine.pingInterval = 300
            config.engine.pingTimeout = 1500
        }
        defer { Task { await server.stop() } }
        let lines = try await server.runClient(PythonScripts.eio3Heartbeat)
        #expect(lines.suffix(2) == ["CLOSED", "OK"])
        let sid = try #require(lines.first { $0.hasPrefix("SID ") }?.dropFirst(4))
        // EIO3: the Socket.IO id of / is the Engine.IO id.
        _ = try await server.events.wait { $0 == "disconnect \(sid) ping timeout" }
    }

    @Test func refusedOriginGets403BeforeUpgrade() async throws {
        let server = try await LiveServer.start { config, _ in config.engine.allowedOrigins = ["http://good.example"] }
        defer { Task { await server.stop() } }
        let lines = try await server.runClient(PythonScripts.origins)
        #expect(lines.last == "OK")
    }

    @Test func beforeConnectRefusalIsVisibleToTheClient() async throws {
        let server = try await LiveServer.start { config, _ in
            config.beforeConnect = { handshake in
                guard handshake.query["token"] == "let-me-in" else { throw EngineRefusal("token required") }
            }
        }
        defer { Task { await server.stop() } }
        let lines = try await server.runClient(PythonScripts.beforeConnect)
        #expect(lines.last == "OK")
    }

    @Test func eio3ClientOverWebSocketAndPolling() async throws {
        let server = try await LiveServer.start()
        defer { Task { await server.stop() } }
        let lines = try await server.runClient(PythonScripts.eio3)
        #expect(lines.last == "OK")
    }

    @Test func pollingErrorsAndCloseReleasingAParkedGet() async throws {
        let server = try await LiveServer.start()
        defer { Task { await server.stop() } }
        let lines = try await server.runClient(PythonScripts.pollingEdges)
        #expect(lines.last == "OK")
    }
}
