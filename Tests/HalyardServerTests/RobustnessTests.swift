import Foundation
import HalyardHTTP
import Testing

@Suite("Robustness")
struct RobustnessTests {
    @Test func randomBytesNeverStopTheServer() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.headerTimeout = .milliseconds(500)
        let server = try await TestServer.start(loops: 2, configuration: configuration)
        let port = server.port
        let statuses = try await offPool {
            var generator = SystemRandomNumberGenerator()
            var statuses: [Int] = []
            let seeds = [
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "POST /body HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET /echo HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            ]
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: .seconds(8))
            for round in 0..<150 where clock.now < end {
                let client = try RawClient(port: port, timeout: 2)
                var bytes: [UInt8]
                if round % 2 == 0 {
                    bytes = (0..<Int.random(in: 1...2048, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }
                } else {
                    bytes = Array(seeds[round % seeds.count].utf8)
                    for _ in 0..<Int.random(in: 1...8, using: &generator) {
                        let index = Int.random(in: 0..<bytes.count, using: &generator)
                        bytes[index] = UInt8.random(in: 0...255, using: &generator)
                    }
                    bytes += (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }
                }
                try? client.send(bytes)
                // Every 10th round a well-formed request on a fresh connection must still be served.
                if round % 10 == 0 {
                    let probe = try RawClient(port: port)
                    try probe.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                    statuses.append(try probe.readResponse().status)
                }
            }
            return statuses
        }
        #expect(!statuses.isEmpty)
        #expect(statuses.allSatisfy { $0 == 200 })
        await server.stop()
    }

    @Test func severalLoopsShareOnePort() async throws {
        let server = try await TestServer.start(loops: 2)
        let port = server.port
        #expect(port > 0)
        let bodies = try await offPool {
            try (0..<40).map { _ in
                let client = try RawClient(port: port)
                try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                return try client.readResponse().text
            }
        }
        #expect(bodies.allSatisfy { $0 == "hello" })
        await server.stop()
    }
}
