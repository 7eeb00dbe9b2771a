import Foundation
import HalyardEngineIO
import HalyardHTTP
import HalyardServer
import HalyardSocketIO
import Testing

/// A real HTTP + Socket.IO server on 127.0.0.1:0 for integration tests, with a log of server-side events.
final class LiveServer: Sendable {
    let http: HTTPServer
    let io: SocketIOServer
    let group: EventLoopGroup
    let events: EventRecorder

    private init(http: HTTPServer, io: SocketIOServer, group: EventLoopGroup, events: EventRecorder) {
        self.http = http
        self.io = io
        self.group = group
        self.events = events
    }

    var port: Int { http.localAddress.port }
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a server whose `/` namespace speaks the halyard-echo contract plus test hooks, after `edit`.
    static func start(_ edit: (inout SocketIOConfiguration, EventRecorder) -> Void = { _, _ in }) async throws
        -> LiveServer
    {
        let events = EventRecorder()
        var config = SocketIOConfiguration()
        config.namespace("/") { root in
            root.on("echo") { _, args, ack in ack?.send(args) }
            root.on("join") { socket, args, ack in
                if let room = args.first?["room"]?.stringValue { socket.join(room) }
                ack?.send([true])
            }
            root.on("broadcast") { socket, args, ack in
                let request = args.first ?? .null
                socket.namespace.broadcast(
                    request["event"]?.stringValue ?? "message", [request["data"] ?? .null],
                    to: BroadcastOptions(rooms: [request["room"]?.stringValue ?? ""], except: [socket.id])
                ) { count in ack?.send([.int(count)]) }
            }
            // Asks the client a question with an ack, then reports the client's answer as event "answered".
            root.on("ask") { socket, args, _ in
                socket.emit("question", args) { result in
                    switch result {
                    case .success(let answer): socket.emit("answered", answer)
                    case .failure(let error): socket.emit("answered", [.string(error.code)])
                    }
                }
            }
            root.onConnection = { socket in
                events.record("connect \(socket.id)")
                socket.emit("welcome", [.string(socket.id)])
            }
            root.onDisconnect = { socket, reason in events.record("disconnect \(socket.id) \(reason)") }
        }
        config.namespace("/admin") { admin in
            admin.use { _, auth in
                guard auth?["token"] == "secret" else { throw ConnectRefusal("bad token") }
            }
            admin.on("whoami") { socket, _, ack in ack?.send([.string(socket.namespace.name)]) }
        }
        edit(&config, events)
        let group = try EventLoopGroup(count: 2)
        let io = try await SocketIOServer.start(configuration: config, loops: group.loops)
        var routes = RouterBuilder()
        io.engine.addRoutes(to: &routes, path: config.path)
        let http = try await HTTPServer.start(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), router: try routes.build(), group: group
        )
        return LiveServer(http: http, io: io, group: group, events: events)
    }

    func stop() async {
        await io.shutdown()
        await http.shutdown(deadline: .seconds(2))
        group.shutdownGracefully()
    }

    /// Runs a Python client script against this server (`PORT` is its first argument); fails the test unless it
    /// exits 0. Returns its stdout lines.
    @discardableResult
    func runClient(_ script: String, _ arguments: [String] = [], timeout: TimeInterval = 120) async throws -> [String] {
        let result = try await PythonClient.run(script, arguments: [String(port)] + arguments, timeout: timeout)
        #expect(result.status == 0, "python client failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }
}

/// Server-side events recorded by handlers.
///
/// Protected by `lock`.
final class EventRecorder: @unchecked Sendable {
    // @unchecked Sendable: `lines` is guarded by `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    func record(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }

    /// Waits up to `timeout` seconds (an upper bound, generous for a loaded machine) for a line matching
    /// `predicate`.
    func wait(timeout: TimeInterval = 30, _ predicate: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = all.first(where: predicate) { return line }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        if let line = all.first(where: predicate) { return line }
        Issue.record("no server event matched within \(timeout) s; events: \(all)")
        throw CancellationError()
    }
}

/// Runs Python test clients (python-socketio, websocket-client, requests) as subprocesses.
enum PythonClient {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// HALYARD_PYTHON, else `<package root>/.venv/bin/python`; fails clearly when neither exists.
    static func interpreter() throws -> String {
        if let path = ProcessInfo.processInfo.environment["HALYARD_PYTHON"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SetupError(
                description: "no Python test interpreter at \(path): set HALYARD_PYTHON or run scripts/setup.sh --test")
        }
        return path
    }

    struct SetupError: Error, CustomStringConvertible { let description: String }

    /// Runs `python -c script arguments...`, killing it after `timeout` seconds.
    static func run(_ script: String, arguments: [String], timeout: TimeInterval) async throws -> Result {
        let python = try interpreter()
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: python)
                    process.arguments = ["-c", script] + arguments
                    let out = Pipe()
                    let err = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    try process.run()
                    let deadline = Date().addingTimeInterval(timeout)
                    while process.isRunning, Date() < deadline { usleep(10_000) }
                    if process.isRunning {
                        process.terminate()
                        process.waitUntilExit()
                    }
                    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    continuation.resume(
                        returning: Result(status: process.terminationStatus, stdout: stdout, stderr: stderr))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
