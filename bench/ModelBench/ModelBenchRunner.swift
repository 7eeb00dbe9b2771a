import Foundation

/// Runs every benchmark off the main actor and prints the table.
enum ModelBenchRunner {
    nonisolated static func runAll(quick: Bool, only: String?) async throws {
        let directory = NSTemporaryDirectory() + "halyard-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scale = quick ? BenchScale.quick : BenchScale()
        var model = ModelLayerBench(directory: directory, scale: scale)
        var rows: [BenchRow] = []
        if only == nil || only == "create" { rows.append(try await model.create()) }
        if only == nil || only == "findOne" { rows.append(try await model.findOne()) }
        if only == nil || only == "createEach" { rows.append(try await model.createEach()) }
        if only == nil || only == "find" { rows.append(try await model.findWhere()) }
        if only == nil || only == "sqlite" {
            rows += try await SQLiteLayerBench.run(
                directory: directory, operations: scale.singleOperations, rounds: scale.rounds)
        }
        Bench.printTable(rows)
        print(
            "ratio = Halyard wall-clock time / raw C wall-clock time for the same statements; CPU ratio = the same "
                + "with process CPU time (steadier when the machine is shared); best of \(scale.rounds) rounds each.")
    }
}
