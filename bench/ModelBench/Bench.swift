import Foundation

/// Wall-clock and process CPU seconds of one timed run.
struct Measurement {
    var wall: Double
    var cpu: Double

    static let infinity = Measurement(wall: .infinity, cpu: .infinity)

    /// The smaller of each figure (each is taken as its own best over the rounds).
    func best(_ other: Measurement) -> Measurement {
        Measurement(wall: min(wall, other.wall), cpu: min(cpu, other.cpu))
    }
}

/// One measured row of the results table.
struct BenchRow {
    let name: String
    let operations: Int
    let halyard: Measurement
    let raw: Measurement
    let target: Double?

    var opsPerSecond: Double { Double(operations) / halyard.wall }
    var rawOpsPerSecond: Double { Double(operations) / raw.wall }
    /// How many times longer than raw C, in wall-clock time.
    var ratio: Double { halyard.wall / raw.wall }
    /// How many times more CPU than raw C (steadier on a shared machine).
    var cpuRatio: Double { halyard.cpu / raw.cpu }
}

enum Bench {
    /// Wall-clock and process CPU time taken by `body`.
    static func time(_ body: () async throws -> Void) async rethrows -> Measurement {
        let clock = ContinuousClock()
        let cpuStart = processCPUSeconds()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        let cpu = processCPUSeconds() - cpuStart
        return Measurement(
            wall: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, cpu: cpu)
    }

    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Best times of `model` and `raw` over `rounds` rounds, alternating which runs first so both see the same
    /// machine load (the machine is shared).
    static func compare(
        rounds: Int, model: () async throws -> Void, raw: () async throws -> Void
    ) async rethrows -> (model: Measurement, raw: Measurement) {
        var bestModel = Measurement.infinity
        var bestRaw = Measurement.infinity
        for round in 0..<rounds {
            if round % 2 == 0 {
                bestModel = bestModel.best(try await time(model))
                bestRaw = bestRaw.best(try await time(raw))
            } else {
                bestRaw = bestRaw.best(try await time(raw))
                bestModel = bestModel.best(try await time(model))
            }
        }
        return (bestModel, bestRaw)
    }

    static func printTable(_ rows: [BenchRow]) {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        func number(_ value: Double) -> String { String(format: "%.0f", value) }
        print("| \(pad("benchmark", 44)) | ops | Halyard ops/s | raw C ops/s | ratio | CPU ratio | target | met |")
        print("|\(String(repeating: "-", count: 46))|----:|----:|----:|----:|----:|----|----|")
        for row in rows {
            let target = row.target.map { String(format: "≤ %.1f×", $0) } ?? "—"
            let met = row.target.map { row.ratio <= $0 ? "yes" : "NO" } ?? "—"
            print(
                "| \(pad(row.name, 44)) | \(row.operations) | \(number(row.opsPerSecond)) | "
                    + "\(number(row.rawOpsPerSecond)) | \(String(format: "%.2f×", row.ratio)) | "
                    + "\(String(format: "%.2f×", row.cpuRatio)) | \(target) | \(met) |")
        }
    }
}
