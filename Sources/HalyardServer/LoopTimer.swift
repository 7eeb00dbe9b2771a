import CUV

/// A restartable libuv timer on one loop.
///
/// Owned by its event-loop thread: create, start, stop and close it only on `eventLoop`.
///
///     let timer = LoopTimer(on: loop)
///     timer.start(after: .seconds(5)) { print("idle") }
///     timer.stop()      // cancels; start again later
///     timer.close()     // frees the handle
public final class LoopTimer: LoopClosable {
    /// The owning loop.
    public let eventLoop: EventLoop
    private let handle: UnsafeMutablePointer<uv_timer_t>
    private var body: (() -> Void)?
    private var closed = false
    private let oneShot: Bool

    /// Creates a stopped timer on `eventLoop`; call on that loop's thread.
    public convenience init(on eventLoop: EventLoop) {
        self.init(on: eventLoop, oneShot: false)
    }

    init(on eventLoop: EventLoop, oneShot: Bool) {
        precondition(eventLoop.inEventLoop, "LoopTimer created off its event loop")
        self.eventLoop = eventLoop
        self.oneShot = oneShot
        handle = .allocate(capacity: 1)
        uv_timer_init(eventLoop.uvLoop, handle)
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        eventLoop.closables[ObjectIdentifier(self)] = self
    }

    /// (Re)starts the timer: `body` runs once on the loop after `delay`, unless stopped first.
    public func start(after delay: Duration, _ body: @escaping () -> Void) {
        guard !closed else { return }
        self.body = body
        let (seconds, attoseconds) = delay.components
        let milliseconds = Swift.max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        uv_timer_start(handle, loopTimerFired, UInt64(milliseconds), 0)
    }

    /// Stops the timer without running its body.
    public func stop() {
        guard !closed else { return }
        uv_timer_stop(handle)
        body = nil
    }

    /// Stops the timer and frees its handle; the timer cannot be started again.
    public func close() {
        guard !closed else { return }
        closed = true
        body = nil
        eventLoop.closables[ObjectIdentifier(self)] = nil
        uv_close(UV.handle(handle), loopTimerClosed)
    }

    func closeForShutdown() { close() }

    fileprivate func fire() {
        let body = self.body
        self.body = nil
        if oneShot { close() }
        body?()
    }

    fileprivate func release() {
        handle.deallocate()
    }
}

@available(*, unavailable) extension LoopTimer: Sendable {}

extension EventLoop {
    /// Runs `body` on this loop once after `delay`; call on the loop's thread. `cancel()` the returned timer
    /// to stop it before it fires.
    ///
    ///     let timeout = loop.scheduleTimer(after: .seconds(20)) { socket.close() }
    ///     timeout.cancel()
    public func scheduleTimer(after delay: Duration, _ body: @escaping () -> Void) -> ScheduledTimer {
        let timer = LoopTimer(on: self, oneShot: true)
        timer.start(after: delay, body)
        return ScheduledTimer(timer: timer)
    }
}

/// A one-shot timer created by `EventLoop.scheduleTimer(after:_:)`.
///
/// Owned by its event-loop thread.
public struct ScheduledTimer {
    let timer: LoopTimer
    /// Cancels the timer (no effect once it fired).
    public func cancel() { timer.close() }
}

@available(*, unavailable) extension ScheduledTimer: Sendable {}

private func loopTimerFired(_ handle: UnsafeMutablePointer<uv_timer_t>?) {
    guard let data = handle?.pointee.data else { return }
    Unmanaged<LoopTimer>.fromOpaque(data).takeUnretainedValue().fire()
}

private func loopTimerClosed(_ handle: UnsafeMutablePointer<uv_handle_t>?) {
    guard let data = handle?.pointee.data else { return }
    let timer = Unmanaged<LoopTimer>.fromOpaque(data).takeRetainedValue()
    timer.release()
}
