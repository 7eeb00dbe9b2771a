import Foundation

/// Runs every benchmark off the main actor and prints the table.
enum ModelBenchRunner {
    nonisolated static func runAll(quick: Bool) async throws {
        let directory = NSTemporaryDirectory() + "halyard-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let operations = quick ? 2_000 : 10_000
        let rounds = quick ? 1 : 3
        var rows: [BenchRow] = []
        rows += try await SQLiteLayerBench.run(directory: directory, operations: operations, rounds: rounds)
        Bench.printTable(rows)
    }
}
