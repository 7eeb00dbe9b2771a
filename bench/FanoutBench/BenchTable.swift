import Foundation

/// Renders the reports as a Markdown table: Halyard | peer | ratio.
enum BenchTable {
    static func render(_ reports: [ServerReport], options: BenchOptions) -> String {
        let halyard = reports.first { $0.name == "halyard" }
        let peer = reports.first { $0.name == "peer" }
        var lines = [
            "Socket.IO broadcast fan-out (EIO4 over WebSocket, loopback), \(options.seconds) s per size, "
                + "client bench-fanout (native, 1 thread)",
            "",
            "| measure | Halyard | python-socketio peer | ratio (Halyard ÷ peer) |",
            "|---|---:|---:|---:|",
        ]
        for size in options.sizes.sorted() {
            let left = halyard?.results[size]
            let right = peer?.results[size]
            lines.append(
                "| \(size) socket\(size == 1 ? "" : "s"): deliveries/s | \(number(left?.perSecond)) | "
                    + "\(number(right?.perSecond)) | \(ratio(left?.perSecond, right?.perSecond)) |")
            lines.append(
                "| \(size): latency p50 / p99 µs (one broadcast at a time) | \(latency(left)) | \(latency(right)) | |")
            lines.append(
                "| \(size): server CPU µs per delivery | \(decimal(left?.cpuMicrosPerDelivery)) | "
                    + "\(decimal(right?.cpuMicrosPerDelivery)) | \(ratio(left?.cpuMicrosPerDelivery, right?.cpuMicrosPerDelivery)) |"
            )
        }
        let sockets = halyard?.idleSockets ?? peer?.idleSockets ?? 0
        lines.append(
            "| idle memory per socket (\(sockets) sockets), KB | \(decimal(halyard?.idleKBPerSocket)) | "
                + "\(decimal(peer?.idleKBPerSocket)) | \(ratio(halyard?.idleKBPerSocket, peer?.idleKBPerSocket)) |")
        for report in reports where !report.errors.isEmpty {
            lines.append("")
            lines.append("\(report.name) errors: " + report.errors.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value.rounded())) ?? String(Int(value))
    }

    static func decimal(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "n/a"
    }

    static func latency(_ result: FanoutResult?) -> String {
        guard let result else { return "n/a" }
        return "\(Int(result.p50Micros.rounded())) / \(Int(result.p99Micros.rounded()))"
    }

    static func ratio(_ left: Double?, _ right: Double?) -> String {
        guard let left, let right, right > 0 else { return "n/a" }
        let value = left / right
        return String(format: value < 1 ? "%.3f×" : "%.1f×", value)
    }
}
