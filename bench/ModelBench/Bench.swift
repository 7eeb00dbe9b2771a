import Foundation

/// One measured row of the results table.
struct BenchRow {
    let name: String
    let operations: Int
    let seconds: Double
    let baselineSeconds: Double
    let target: Double?

    var opsPerSecond: Double { Double(operations) / seconds }
    var baselineOpsPerSecond: Double { Double(operations) / baselineSeconds }
    /// Time ratio: how many times slower than raw.
    var ratio: Double { seconds / baselineSeconds }
}

enum Bench {
    /// Seconds taken by `body`.
    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The best of `rounds` timings (less noise from other processes on a shared machine).
    static func best(rounds: Int, _ body: () async throws -> Void) async rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<rounds { best = min(best, try await time(body)) }
        return best
    }

    /// Best times of `model` and `raw` over `rounds` rounds, alternating which runs first so both see the same
    /// machine load (the machine is shared).
    static func compare(
        rounds: Int, model: () async throws -> Void, raw: () async throws -> Void
    ) async rethrows -> (model: Double, raw: Double) {
        var bestModel = Double.infinity
        var bestRaw = Double.infinity
        for round in 0..<rounds {
            if round % 2 == 0 {
                bestModel = min(bestModel, try await time(model))
                bestRaw = min(bestRaw, try await time(raw))
            } else {
                bestRaw = min(bestRaw, try await time(raw))
                bestModel = min(bestModel, try await time(model))
            }
        }
        return (bestModel, bestRaw)
    }

    static func printTable(_ rows: [BenchRow]) {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        func number(_ value: Double) -> String { String(format: "%.0f", value) }
        print(
            "| " + pad("benchmark", 44) + " | ops | Halyard ops/s | raw C ops/s | ratio (time) | target | ok |")
        print(
            "|" + String(repeating: "-", count: 46)
                + "|-----|---------------|-------------|--------------|--------|----|")
        for row in rows {
            let target = row.target.map { String(format: "≤%.1f×", $0) } ?? "—"
            let ok = row.target.map { row.ratio <= $0 ? "yes" : "NO" } ?? "—"
            print(
                "| \(pad(row.name, 44)) | \(row.operations) | \(number(row.opsPerSecond)) | "
                    + "\(number(row.baselineOpsPerSecond)) | \(String(format: "%.2f×", row.ratio)) | \(target) | \(ok) |"
            )
        }
    }
}
