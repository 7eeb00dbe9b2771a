import CUV

/// Calls a closure on its loop when the process receives a signal (SIGTERM, SIGINT, ...).
///
/// Owned by its event-loop thread: create and close it on `eventLoop`.
///
///     let watcher = try SignalWatcher(on: loop, signal: SIGTERM) { server.beginShutdown() }
public final class SignalWatcher: LoopClosable {
    /// The owning loop.
    public let eventLoop: EventLoop
    private let handle: UnsafeMutablePointer<uv_signal_t>
    private let body: () -> Void
    private var closed = false

    /// Starts watching `signal`.
    /// - Throws: `UVError` (`E_IO`) naming `uv_signal_start` when the signal cannot be watched.
    public init(on eventLoop: EventLoop, signal: Int32, _ body: @escaping () -> Void) throws(UVError) {
        precondition(eventLoop.inEventLoop, "SignalWatcher created off its event loop")
        self.eventLoop = eventLoop
        self.body = body
        handle = .allocate(capacity: 1)
        uv_signal_init(eventLoop.uvLoop, handle)
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        eventLoop.closables[ObjectIdentifier(self)] = self
        let result = uv_signal_start(handle, signalWatcherFired, signal)
        if result < 0 {
            close()
            throw UVError(call: "uv_signal_start", status: result)
        }
    }

    /// Stops watching.
    public func close() {
        guard !closed else { return }
        closed = true
        eventLoop.closables[ObjectIdentifier(self)] = nil
        uv_close(UV.handle(handle), signalWatcherClosed)
    }

    func closeForShutdown() { close() }

    fileprivate func fire() { body() }
    fileprivate func release() { handle.deallocate() }
}

@available(*, unavailable) extension SignalWatcher: Sendable {}

private func signalWatcherFired(_ handle: UnsafeMutablePointer<uv_signal_t>?, _ signal: Int32) {
    guard let data = handle?.pointee.data else { return }
    Unmanaged<SignalWatcher>.fromOpaque(data).takeUnretainedValue().fire()
}

private func signalWatcherClosed(_ handle: UnsafeMutablePointer<uv_handle_t>?) {
    guard let data = handle?.pointee.data else { return }
    Unmanaged<SignalWatcher>.fromOpaque(data).takeRetainedValue().release()
}
