import Foundation

/// Everything measured against one server.
struct ServerReport {
    var name: String
    var results: [Int: FanoutResult] = [:]
    var idleKBPerSocket: Double?
    var idleSockets = 0
    var errors: [String] = []

    /// Starts the server, connects, measures idle memory and each broadcast size, stops the server.
    static func measure(
        name: String, executable: String, arguments: [String], options: BenchOptions
    ) -> ServerReport {
        var report = ServerReport(name: name)
        let log = "\(options.logDirectory)/bench-fanout-\(name).log"
        let server: ServerProcess
        do {
            server = try ServerProcess(name: name, executable: executable, arguments: arguments, logPath: log)
        } catch {
            report.errors.append("start: \(error)")
            return report
        }
        defer { server.stop() }
        guard server.waitHealthy(seconds: 30) else {
            report.errors.append("no 200 from /__health within 30 s (log: \(log))")
            return report
        }
        do {
            try report.run(against: server, options: options)
        } catch {
            report.errors.append("\(error)")
        }
        return report
    }

    /// The largest size runs first on the fresh server (its sockets also give the idle-memory figure); every
    /// other size then connects exactly its own sockets, so each broadcast goes to all connected sockets.
    private mutating func run(against server: ServerProcess, options: BenchOptions) throws {
        let largest = options.sizes.max() ?? 1
        let order = [largest] + options.sizes.filter { $0 != largest }.sorted()
        usleep(500_000)
        for size in order {
            let client = try FanoutClient(port: server.port, sources: options.sources)
            defer {
                client.disconnectAll()
                usleep(1_000_000)  // let the server process the disconnects before the next size
            }
            let rssBefore = ProcStats.rssKB(server.pid)
            log("\(name): connecting \(size) sockets + 1 driver")
            guard try client.connect(count: size, seconds: 180) else {
                errors.append(
                    "\(size): connected \(client.readyCount) of \(size + 1), \(client.failures) failed: "
                        + client.lastFailure)
                continue
            }
            if size == largest {
                _ = try client.runLoop(seconds: 1.5, until: { false })  // settle; answers pings meanwhile
                if let rssBefore, let rssAfter = ProcStats.rssKB(server.pid) {
                    idleKBPerSocket = Double(rssAfter - rssBefore) / Double(size + 1)
                    idleSockets = size + 1
                }
            }
            let room = "fan\(size)"
            guard try client.join(room: room, count: size, seconds: 120) else {
                errors.append("\(size): only \(client.joinAcks) of \(size) joins acknowledged")
                continue
            }
            let result = try client.measure(room: room, size: size, seconds: options.seconds, serverPID: server.pid)
            results[size] = result
            let cpu = result.cpuMicrosPerDelivery.map { String(format: "%.2f", $0) } ?? "?"
            log(
                "\(name) \(size): \(Int(result.perSecond)) deliveries/s, p50 \(Int(result.p50Micros)) µs, "
                    + "p99 \(Int(result.p99Micros)) µs, server \(cpu) µs/event, "
                    + "client \(String(format: "%.2f", result.clientMicrosPerDelivery)) µs/event, lost \(result.lost)")
        }
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("bench-fanout: \(message)\n".utf8))
}
