import Foundation
import HalyardCodecs
import HalyardHTTP
import HalyardServer
import Testing

/// A live server on 127.0.0.1:0 for one test, with the routes most tests use.
struct TestServer {
    let server: HTTPServer
    var port: Int { server.localAddress.port }

    static func start(
        loops: Int = 1, configuration: HTTPServerConfiguration = .init(),
        configure: (inout RouterBuilder) -> Void = { _ in }
    ) async throws -> TestServer {
        var routes = RouterBuilder()
        routes.get("/hello") { _ in .text("hello") }
        routes.get("/delay/:ms") { request in
            let milliseconds = Int(request.parameters["ms"] ?? "0") ?? 0
            try await Task.sleep(for: .milliseconds(milliseconds))
            return .text("delayed \(milliseconds)")
        }
        routes.post("/body") { request in HTTPResponse(status: 200, body: request.body) }
        routes.webSocket("/echo") { socket in
            socket.onText = { [unowned socket] text in socket.send(text: text) }
            socket.onBinary = { [unowned socket] bytes in socket.send(binary: bytes) }
        }
        configure(&routes)
        let group = try EventLoopGroup(count: loops)
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = try await HTTPServer.start(configuration: configuration, router: try routes.build(), group: group)
        return TestServer(server: server)
    }

    func stop() async {
        await server.shutdown(deadline: .seconds(2))
        let group = server.group
        try? await offPool { group.shutdownGracefully() }
    }

    func client() async throws -> RawClient {
        let port = self.port
        return try await offPool { try RawClient(port: port) }
    }
}

/// The Python interpreter for client tests: HALYARD_PYTHON, else <package root>/.venv/bin/python.
func testPython() throws -> String {
    if let path = ProcessInfo.processInfo.environment["HALYARD_PYTHON"], !path.isEmpty { return path }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let path = root.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw RawClient.Failure(
            description:
                "no Python test interpreter: set HALYARD_PYTHON or run scripts/setup.sh --test (looked for \(path))")
    }
    return path
}

/// Runs `python -c script args...` with a time limit (generous: it only bounds a hung client); returns (exit
/// status, stdout, stderr).
func runPython(_ script: String, arguments: [String] = [], timeout: TimeInterval = 120) async throws -> (
    Int32, String, String
) {
    let python = try testPython()
    return try await offPool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, stdout, stderr)
    }
}
