import CUV
import Foundation

// How the loop runs: each EventLoop owns one `uv_loop_t` and one pthread that runs `uv_run` until shutdown.
// Other threads hand work over with `execute`: jobs go into `pending` under `lock`, and a `uv_async_t` wakes
// the loop, which swaps the whole batch out and runs it. Everything else about the loop (handles, timers,
// connections) is touched only on its thread.
//
// Writes queued during a pass are flushed from uv_prepare/uv_check, in chunks of `flushChunk` connections. While
// connections remain, an active uv_idle_t makes the next poll non-blocking: input that arrived meanwhile (more
// requests, broadcasts handed over by other loops) is processed before the next chunk, so its frames join the
// queues of connections not flushed yet and leave in the same writev. Under load a connection thus gets several
// frames per system call; an idle loop never waits (there is no timer or delay, only a zero-timeout poll).

/// One libuv loop on its own thread.
///
/// Thread-safe entry points: `execute`, `inEventLoop`, `shutdownGracefully`; the job queue is protected by
/// `lock`. All handles created on the loop (timers, listeners, connections) are owned by its thread.
///
///     let loop = try EventLoop(name: "io-0")
///     loop.execute { print("on the loop:", loop.inEventLoop) }   // "on the loop: true"
public final class EventLoop: @unchecked Sendable {
    // @unchecked Sendable: mutable state is either protected by `lock` (pending, state) or only touched on the
    // loop thread (uvLoop handles, readBuffer).
    let uvLoop: UnsafeMutablePointer<uv_loop_t>
    private let wakeup: UnsafeMutablePointer<uv_async_t>
    private let beforePoll: UnsafeMutablePointer<uv_prepare_t>
    private let afterPoll: UnsafeMutablePointer<uv_check_t>
    /// Active while flushes remain: keeps the poll between two flush chunks from blocking.
    private let keepPolling: UnsafeMutablePointer<uv_idle_t>
    /// Connections with queued writes to flush before the loop next blocks (FIFO from `flushHead`); touched only
    /// on the loop thread.
    private var flushQueue: [TCPConnection] = []
    private var flushHead = 0
    /// Connections flushed per uv_prepare/uv_check callback before input is polled again.
    static let flushChunk = 16
    private var flushHandlesActive = false
    private let lock = NSLock()
    private var pending: [@Sendable () -> Void] = []
    private var state: State = .running
    private let stopped = DispatchSemaphore(value: 0)
    private var thread = pthread_t()
    /// A human-readable name, used for the thread name.
    public let name: String
    /// Scratch buffer that reads land in; owned by the loop thread (each read is consumed before the next).
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Halyard objects owning an open handle on this loop; touched only on the loop thread.
    var closables: [ObjectIdentifier: any LoopClosable] = [:]

    private enum State { case running, stopping, stopped }

    /// Creates the loop and starts its thread.
    /// - Throws: `UVError` (`E_IO`) when libuv cannot create the loop or its wake-up handle.
    public init(name: String = "halyard-io") throws(UVError) {
        _ = Self.ignoreSIGPIPE
        self.name = name
        uvLoop = .allocate(capacity: 1)
        wakeup = .allocate(capacity: 1)
        beforePoll = .allocate(capacity: 1)
        afterPoll = .allocate(capacity: 1)
        keepPolling = .allocate(capacity: 1)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        do {
            try UV.check("uv_loop_init", uv_loop_init(uvLoop))
            try UV.check("uv_async_init", uv_async_init(uvLoop, wakeup, eventLoopWakeup))
            try UV.check("uv_prepare_init", uv_prepare_init(uvLoop, beforePoll))
            try UV.check("uv_check_init", uv_check_init(uvLoop, afterPoll))
            try UV.check("uv_idle_init", uv_idle_init(uvLoop, keepPolling))
        } catch {
            uvLoop.deallocate()
            wakeup.deallocate()
            beforePoll.deallocate()
            afterPoll.deallocate()
            keepPolling.deallocate()
            readBuffer.deallocate()
            throw error
        }
        wakeup.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        beforePoll.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        afterPoll.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        let box = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, eventLoopThreadMain, box)
        if result != 0 {
            Unmanaged<EventLoop>.fromOpaque(box).release()
            throw UVError(call: "pthread_create", status: -result)
        }
        // Nobody joins the thread: `shutdownGracefully` waits on `stopped` instead.
        pthread_detach(thread)
    }

    /// Writes to a socket the peer closed must fail with EPIPE, not kill the process.
    private static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    deinit {
        readBuffer.deallocate()
        uvLoop.deallocate()
        wakeup.deallocate()
        beforePoll.deallocate()
        afterPoll.deallocate()
        keepPolling.deallocate()
    }

    /// Flushes `connection`'s queued writes before the loop next waits for I/O (loop thread only).
    func scheduleFlush(_ connection: TCPConnection) {
        flushQueue.append(connection)
        if !flushHandlesActive {
            flushHandlesActive = true
            uv_prepare_start(beforePoll, eventLoopFlushBeforePoll)
            uv_check_start(afterPoll, eventLoopFlushAfterPoll)
        }
    }

    /// Flushes the next `flushChunk` scheduled connections (connections scheduled by drain callbacks join the
    /// end of the queue). While some remain, the next poll does not block.
    fileprivate func runFlushes() {
        var budget = Self.flushChunk
        while flushHead < flushQueue.count, budget > 0 {
            let connection = flushQueue[flushHead]
            flushHead += 1
            budget -= 1
            connection.flushNow()
        }
        if flushHead == flushQueue.count {
            flushQueue.removeAll(keepingCapacity: true)
            flushHead = 0
            if flushHandlesActive {
                flushHandlesActive = false
                uv_prepare_stop(beforePoll)
                uv_check_stop(afterPoll)
                uv_idle_stop(keepPolling)
            }
        } else {
            if flushHead >= 4096 {
                flushQueue.removeFirst(flushHead)
                flushHead = 0
            }
            uv_idle_start(keepPolling, eventLoopKeepPolling)
        }
    }

    /// True when called on this loop's thread.
    public var inEventLoop: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Runs `job` on the loop thread, after jobs submitted before it. Safe from any thread.
    /// Jobs submitted after shutdown are dropped.
    public func execute(_ job: @Sendable @escaping () -> Void) {
        _ = enqueue(job)
    }

    /// Queues `job`; false (and `job` dropped) when the loop has stopped.
    private func enqueue(_ job: @Sendable @escaping () -> Void) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard state != .stopped else { return false }
        let wasEmpty = pending.isEmpty
        pending.append(job)
        // Under the lock: the loop cannot finish closing the wake-up handle meanwhile.
        if wasEmpty { uv_async_send(wakeup) }
        return true
    }

    /// Runs `body` on the loop and returns its result to the awaiting caller.
    /// - Throws: whatever `body` throws; `UVError` `ECANCELED` when the loop has stopped.
    public func submit<T: Sendable>(_ body: @Sendable @escaping () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let queued = enqueue { continuation.resume(with: Result { try body() }) }
            if !queued {
                continuation.resume(throwing: UVError(call: "EventLoop.submit", status: UV_ECANCELED.rawValue))
            }
        }
    }

    /// Runs `body` on the loop and blocks the calling (non-loop) thread until it returns.
    /// - Throws: whatever `body` throws.
    public func submitAndWait<T: Sendable>(_ body: @Sendable @escaping () throws -> T) throws -> T {
        precondition(!inEventLoop, "submitAndWait on its own loop would deadlock")
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox<T>()
        let queued = enqueue {
            result.set(Result { try body() })
            done.signal()
        }
        if queued { done.wait() }
        return try result.get()
    }

    /// Stops the loop: closes every handle still open (their close callbacks run), ends the thread and waits
    /// for it. Call from outside the loop, after higher layers have closed their connections.
    public func shutdownGracefully() {
        lock.lock()
        let alreadyStopping = state != .running
        state = .stopping
        lock.unlock()
        if !alreadyStopping {
            execute { [self] in
                for closable in Array(closables.values) { closable.closeForShutdown() }
                closables.removeAll()
                uv_walk(uvLoop, eventLoopCloseWalker, nil)
            }
        }
        if !inEventLoop {
            stopped.wait()
            stopped.signal()
        }
    }

    fileprivate func runThread() {
        uv_run(uvLoop, UV_RUN_DEFAULT)
        // Jobs queued while the loop was closing still run (so that no `submit` waits forever).
        while true {
            lock.lock()
            let jobs = pending
            pending.removeAll()
            if jobs.isEmpty { state = .stopped }
            lock.unlock()
            if jobs.isEmpty { break }
            for job in jobs { job() }
        }
        uv_loop_close(uvLoop)
        stopped.signal()
    }

    fileprivate func drainJobs() {
        lock.lock()
        let jobs = pending
        pending.removeAll(keepingCapacity: true)
        lock.unlock()
        for job in jobs { job() }
    }
}

/// A result handed from the loop thread to a waiting thread; protected by `lock`.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only accessed under `lock`.
    private let lock = NSLock()
    private var value: Result<T, any Error>?
    func set(_ result: Result<T, any Error>) {
        lock.lock()
        value = result
        lock.unlock()
    }
    func get() throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let value else { throw UVError(call: "submitAndWait", status: UV_ECANCELED.rawValue) }
        return try value.get()
    }
}

private func eventLoopThreadMain(_ box: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let box else { return nil }
    let loop = Unmanaged<EventLoop>.fromOpaque(box).takeRetainedValue()
    loop.runThread()
    return nil
}

private func eventLoopWakeup(_ handle: UnsafeMutablePointer<uv_async_t>?) {
    guard let data = handle?.pointee.data else { return }
    Unmanaged<EventLoop>.fromOpaque(data).takeUnretainedValue().drainJobs()
}

private func eventLoopFlushBeforePoll(_ handle: UnsafeMutablePointer<uv_prepare_t>?) {
    guard let data = handle?.pointee.data else { return }
    Unmanaged<EventLoop>.fromOpaque(data).takeUnretainedValue().runFlushes()
}

// Nothing to do: an active idle handle only makes libuv poll without blocking.
private func eventLoopKeepPolling(_ handle: UnsafeMutablePointer<uv_idle_t>?) {}

private func eventLoopFlushAfterPoll(_ handle: UnsafeMutablePointer<uv_check_t>?) {
    guard let data = handle?.pointee.data else { return }
    Unmanaged<EventLoop>.fromOpaque(data).takeUnretainedValue().runFlushes()
}

// Closes whatever handles remain (the wake-up handle, handles of other libraries) so that `uv_run` returns.
private func eventLoopCloseWalker(_ handle: UnsafeMutablePointer<uv_handle_t>?, _ arg: UnsafeMutableRawPointer?) {
    guard let handle, uv_is_closing(handle) == 0 else { return }
    uv_close(handle, nil)
}

/// A loop-owned object that owns a libuv handle and can close it when the loop shuts down.
protocol LoopClosable: AnyObject {
    /// Closes the handle (and releases the object once libuv's close callback runs).
    func closeForShutdown()
}
