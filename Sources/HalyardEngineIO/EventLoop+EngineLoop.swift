public import HalyardServer

extension EventLoop: EngineLoop {
    /// Runs `body` on this loop after `milliseconds` (a one-shot libuv timer); call on the loop.
    public func schedule(afterMilliseconds milliseconds: UInt64, _ body: @escaping () -> Void) {
        _ = scheduleTimer(after: .milliseconds(Int64(min(milliseconds, 1 << 40))), body)
    }
}
