/// Counters of one measured broadcast run: broadcasts in flight, deliveries, latencies.
///
/// Owned by the load client's thread.
struct BroadcastRun {
    let size: Int
    var sent = 0
    var acks = 0
    var delivered = 0
    var completed = 0
    var lost = 0
    var firstSend: UInt64 = 0
    var lastDelivery: UInt64 = 0
    /// Sequence → (send time, deliveries so far).
    var inFlight: [Int: (sentAt: UInt64, received: Int)] = [:]
    /// Delivery latencies in microseconds, bounded in count.
    var latencies: [UInt32] = []
    static let maxSamples = 4_000_000

    init(size: Int) {
        self.size = size
        latencies.reserveCapacity(min(Self.maxSamples, 1 << 20))
    }

    mutating func record(sequence: Int, sentAt: UInt64, now: UInt64) {
        guard var entry = inFlight[sequence] else { return }
        delivered += 1
        lastDelivery = now
        if latencies.count < Self.maxSamples { latencies.append(UInt32(clamping: (now &- sentAt) / 1000)) }
        entry.received += 1
        if entry.received >= size {
            inFlight[sequence] = nil
            completed += 1
        } else {
            inFlight[sequence] = entry
        }
    }

    /// Drops broadcasts older than `timeout` nanoseconds (deliveries lost); returns how many.
    mutating func expire(now: UInt64, timeout: UInt64) {
        for (sequence, entry) in inFlight where now > entry.sentAt && now - entry.sentAt > timeout {
            inFlight[sequence] = nil
            lost += 1
        }
    }

    /// The latency percentile in microseconds (0...1).
    func percentile(_ fraction: Double, sorted: [UInt32]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))
        return Double(sorted[index])
    }
}
