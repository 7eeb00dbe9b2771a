// The workload phases; each runs the event loop bounded by a deadline.

/// The figures of one measured broadcast run.
struct FanoutResult {
    var size: Int
    var deliveries: Int
    var seconds: Double
    var perSecond: Double
    var p50Micros: Double
    var p99Micros: Double
    var cpuMicrosPerDelivery: Double?
    /// The load client's own CPU time per delivery (to tell whether the client limits the figure).
    var clientMicrosPerDelivery: Double
    var lost: Int
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}

extension FanoutClient {
    /// Connects `count` members and one driver socket through the Socket.IO connect; false on timeout or failure.
    func connect(count: Int, concurrency: Int = 200, seconds: Double) throws -> Bool {
        var started = 0
        let total = count + 1
        let finished = try runLoop(
            seconds: seconds, until: { readyCount + failures >= total },
            tick: {
                while started < total && started - readyCount - failures < concurrency {
                    do {
                        let connection = try loop.connect(port: port, sources: sources)
                        if started == count { driver = connection } else { members.append(connection) }
                    } catch {
                        failures += 1
                        lastFailure = "\(error)"
                    }
                    started += 1
                }
            })
        return finished && failures == 0
    }

    /// Makes the first `count` members join `room`; false when not every ack arrived in time.
    func join(room: String, count: Int, seconds: Double) throws -> Bool {
        joinAcks = 0
        for member in members.prefix(count) {
            loop.sendText("42\(nextAckID)[\"join\",{\"room\":\"\(room)\"}]", on: member)
            nextAckID += 1
        }
        return try runLoop(seconds: seconds, until: { joinAcks >= count })
    }

    /// Broadcasts to `room` (with `size` members) for `seconds`, keeping `window` broadcasts in flight, at most
    /// `maxBroadcasts`; then waits (bounded) for the deliveries still in flight.
    func broadcast(room: String, size: Int, seconds: Double, window: Int, maxBroadcasts: Int) throws -> BroadcastRun {
        guard let driver, driver.phase == .ready else { throw BenchFailure(description: "driver socket not ready") }
        run = BroadcastRun(size: size)
        defer { run = nil }
        let deadline = Syscall.now() + UInt64(seconds * 1e9)
        let timeout: UInt64 = 20_000_000_000
        let stopped = { (self.run?.sent ?? 0) >= maxBroadcasts || Syscall.now() > deadline }
        _ = try runLoop(
            seconds: seconds + 12, until: { stopped() && (self.run?.inFlight.isEmpty ?? true) },
            tick: {
                guard var current = run else { return }
                while !stopped() && current.inFlight.count < window {
                    let sequence = current.sent
                    let sentAt = Syscall.now()
                    current.inFlight[sequence] = (sentAt, 0)
                    current.sent += 1
                    if current.firstSend == 0 { current.firstSend = sentAt }
                    run = current
                    let data = "{\"t\":\(sentAt),\"i\":\(sequence)}"
                    loop.sendText(
                        "42\(nextAckID)[\"broadcast\",{\"room\":\"\(room)\",\"event\":\"tick\",\"data\":\(data)}]",
                        on: driver)
                    nextAckID += 1
                }
                current.expire(now: Syscall.now(), timeout: timeout)
                run = current
            })
        guard let finished = run else { throw BenchFailure(description: "run state lost") }
        return finished
    }

    /// A warm-up run, a throughput run (a window of broadcasts in flight, the server's CPU time sampled around it),
    /// then a latency run with one broadcast at a time, so latency is not queueing behind the window.
    func measure(room: String, size: Int, seconds: Double, serverPID: Int32?) throws -> FanoutResult {
        let window = max(4, min(64, (4096 + size - 1) / size))
        let maxBroadcasts = max(8, 4_000_000 / size)
        _ = try broadcast(
            room: room, size: size, seconds: min(0.5, seconds / 4), window: window, maxBroadcasts: maxBroadcasts)
        let cpuBefore = serverPID.flatMap(ProcStats.cpuMicros)
        let clientBefore = ProcStats.ownCPUMicros()
        let loaded = try broadcast(
            room: room, size: size, seconds: seconds, window: window, maxBroadcasts: maxBroadcasts)
        let cpuAfter = serverPID.flatMap(ProcStats.cpuMicros)
        let clientCPU = Double(ProcStats.ownCPUMicros() - clientBefore)
        let unloaded = try broadcast(
            room: room, size: size, seconds: min(1, seconds / 2), window: 1, maxBroadcasts: max(20, 200_000 / size))
        let elapsed = Double(loaded.lastDelivery &- loaded.firstSend) / 1e9
        let sorted = unloaded.latencies.sorted()
        var cpu: Double?
        if let cpuBefore, let cpuAfter, loaded.delivered > 0 {
            cpu = Double(cpuAfter - cpuBefore) / Double(loaded.delivered)
        }
        return FanoutResult(
            size: size, deliveries: loaded.delivered, seconds: elapsed,
            perSecond: elapsed > 0 ? Double(loaded.delivered) / elapsed : 0,
            p50Micros: unloaded.percentile(0.5, sorted: sorted), p99Micros: unloaded.percentile(0.99, sorted: sorted),
            cpuMicrosPerDelivery: cpu, clientMicrosPerDelivery: clientCPU / Double(max(loaded.delivered, 1)),
            lost: loaded.lost + loaded.inFlight.count + unloaded.lost)
    }

    func disconnectAll() {
        loop.closeAll()
        members.removeAll()
        driver = nil
    }
}
