import Foundation
import Testing

@Suite("halyard-echo process")
struct EchoProcessTests {
    /// The built halyard-echo next to the test bundle (swift build --build-tests builds it).
    static func echoBinary() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("halyard-echo")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw RawClient.Failure(
            description: "halyard-echo not built next to \(directory.path); run swift build --build-tests")
    }

    @Test func servesHealthAndEchoThenStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = try Self.echoBinary()
        process.arguments = ["--port", "0", "--host", "127.0.0.1", "--loops", "2"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let line = try await offPool { () -> String in
            var bytes: [UInt8] = []
            let handle = output.fileHandleForReading
            while !bytes.contains(10) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes += chunk
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let port = try #require(
            Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(line.hasPrefix("listening on 127.0.0.1:"))
        let health = try await offPool {
            let client = try RawClient(port: port)
            try client.send("GET /__health HTTP/1.1\r\nHost: x\r\n\r\n")
            return try client.readResponse().status
        }
        #expect(health == 200)
        let script = """
            import sys, websocket
            ws = websocket.create_connection("ws://127.0.0.1:%s/echo" % sys.argv[1], timeout=30)
            ws.send("ping"); assert ws.recv() == "ping"
            ws.send_binary(b"\\x00\\xff"); assert ws.recv() == b"\\x00\\xff"
            print("ok")
            """
        let (status, out, err) = try await runPython(script, arguments: [String(port)])
        #expect(status == 0, "python client failed: \(err)")
        #expect(out.contains("ok"))
        kill(process.processIdentifier, SIGTERM)
        let exited = try await offPool { () -> Bool in
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            return !process.isRunning
        }
        #expect(exited)
        #expect(process.terminationStatus == 0)
    }
}
