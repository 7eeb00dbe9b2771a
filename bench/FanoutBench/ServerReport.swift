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

    private mutating func run(against server: ServerProcess, options: BenchOptions) throws {
        let count = options.sizes.max() ?? 1
        let client = try FanoutClient(port: server.port, sources: options.sources)
        defer { client.disconnectAll() }
        usleep(500_000)
        let rssBefore = ProcStats.rssKB(server.pid)
        log("\(name): connecting \(count) sockets + 1 driver")
        guard try client.connect(count: count, seconds: 180) else {
            throw BenchFailure(
                description:
                    "connected \(client.readyCount) of \(count + 1), \(client.failures) failed: \(client.lastFailure)")
        }
        _ = try client.runLoop(seconds: 1.5, until: { false })  // settle; answers pings meanwhile
        if let rssBefore, let rssAfter = ProcStats.rssKB(server.pid) {
            idleKBPerSocket = Double(rssAfter - rssBefore) / Double(count + 1)
            idleSockets = count + 1
        }
        for size in options.sizes.sorted() {
            let room = "fan\(size)"
            guard try client.join(room: room, count: size, seconds: 120) else {
                errors.append("\(size): only \(client.joinAcks) of \(size) joins acknowledged")
                continue
            }
            let result = try client.measure(room: room, size: size, seconds: options.seconds, serverPID: server.pid)
            results[size] = result
            log(
                "\(name) \(size): \(Int(result.perSecond)) deliveries/s, p50 \(Int(result.p50Micros)) µs, "
                    + "p99 \(Int(result.p99Micros)) µs, cpu \(result.cpuMicrosPerDelivery.map { String(format: "%.2f", $0) } ?? "?") µs/event, client \(String(format: "%.2f", result.clientMicrosPerDelivery)) µs/event, "
                    + "lost \(result.lost)"
            )
        }
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("bench-fanout: \(message)\n".utf8))
}
