import Foundation

// bench-fanout: one Socket.IO broadcast to 1 / 100 / 1,000 / 10,000 sockets, Halyard's halyard-echo against the
// python-socketio peer, same native load client, same invocation. Run through bench/fanout.sh.

do {
    let options = try BenchOptions.parse(CommandLine.arguments)
    var reports: [ServerReport] = []
    let loadBefore = ProcStats.loadAverage()
    if let halyard = options.halyard {
        reports.append(
            ServerReport.measure(
                name: "halyard", executable: halyard, arguments: ["--port", "{port}", "--host", "127.0.0.1"],
                options: options))
    }
    if let python = options.peerPython, let script = options.peerScript {
        reports.append(
            ServerReport.measure(name: "peer", executable: python, arguments: [script, "{port}"], options: options))
    }
    print(BenchTable.render(reports, options: options))
    print(
        "\nload average (1 min) on \(ProcessInfo.processInfo.activeProcessorCount) cores: \(loadBefore) before, "
            + "\(ProcStats.loadAverage()) after")
} catch {
    FileHandle.standardError.write(Data("bench-fanout: \(error)\n".utf8))
    exit(2)
}
