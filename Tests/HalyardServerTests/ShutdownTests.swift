import Foundation
import HalyardHTTP
import Testing

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test func inFlightRequestFinishesAndNewConnectionsAreRefused() async throws {
        let started = Signal<Bool>()
        let server = try await TestServer.start { routes in
            routes.get("/slow") { _ in
                started.set(true)
                try await Task.sleep(for: .milliseconds(300))
                return .text("finished")
            }
        }
        let port = server.port
        let client = try await server.client()
        try await offPool { try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(await started.wait() == true)
        async let stopped: Void = server.server.shutdown(deadline: .seconds(30))
        // The response arrives in full, then the server closes the connection (keep-alive is over).
        let (response, closed) = try await offPool { (try client.readResponse(), try client.waitForClose()) }
        await stopped
        #expect(response.text == "finished")
        #expect(closed)
        #expect(throws: RawClient.Failure.self) { try RawClient(port: port) }
        #expect(await server.server.openConnectionCount() == 0)
        await server.stop()
    }

    @Test func webSocketsGetGoingAwayCloseFrame() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        _ = try await offPool { try client.upgrade("/echo") }
        async let stopped: Void = server.server.shutdown(deadline: .seconds(30))
        let close = try await offPool {
            let frame = try client.readFrame()
            try client.send(clientFrame(opcode: 8, Array(frame.1.prefix(2))))
            return frame
        }
        await stopped
        #expect(close.0 == 8)
        #expect(Array(close.1.prefix(2)) == [0x03, 0xE9])  // 1001 going away
        await server.stop()
    }

    @Test func shutdownHookReleasesHeldRequestsBeforeTheDeadline() async throws {
        let held = Signal<HTTPResponseWriter>()
        let server = try await TestServer.start { routes in
            routes.on("GET", "/hold", writer: { _, writer in held.set(writer) })
        }
        server.server.onShutdown {
            await held.wait()?.complete(.text("released"))
        }
        let client = try await server.client()
        try await offPool { try client.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(await held.wait() != nil)
        // A deadline far beyond the test's read timeout (30 s): only the hook can make the response arrive in time.
        async let stopped: Void = server.server.shutdown(deadline: .seconds(120))
        let response = try await offPool { try client.readResponse() }
        await stopped
        #expect(response.text == "released")
        await server.stop()
    }

    @Test func deadlineForcesHeldRequestsClosed() async throws {
        let cancelled = Signal<Bool>()
        let held = Signal<Bool>()
        let server = try await TestServer.start { routes in
            routes.on(
                "GET", "/hold",
                writer: { _, writer in
                    writer.onCancel { cancelled.set(true) }
                    held.set(true)
                })
        }
        let client = try await server.client()
        try await offPool { try client.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(await held.wait() == true)  // the handler holds the request before shutdown starts
        await server.server.shutdown(deadline: .milliseconds(200))
        #expect(await cancelled.wait() == true)
        #expect(try await offPool { try client.waitForClose() })
        await server.stop()
    }
}
