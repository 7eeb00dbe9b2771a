import Foundation

// How the writer works: one dedicated `Thread` owns the writer connection. Callers append jobs to a FIFO under
// `condition` and the thread drains them in order, one batch per wake-up, so jobs never overlap and run in
// submission order. A job that must hold the writer across awaits (a write-transaction lease) simply blocks this
// thread inside the job, serving that lease's steps, until the lease ends; later jobs wait behind it.
//
// Fast path: a hop to the writer thread and back costs two thread wake-ups (~20-40 µs), as much as the write
// itself. So when the writer is idle (nothing queued, nothing running), `withIdleConnection` lets the caller
// take the `busy` flag and run its job right away on its own thread. FIFO order and mutual exclusion are the
// same either way: the fast path is taken only when the queue is empty, and the flag is held for the whole job
// (including its afterCommit callback). `SQLiteConfiguration.writesOnCallerWhenIdle = false` turns it off.

/// A write job: runs with exclusive use of the writer connection.
typealias SQLiteWriterJob = @Sendable (SQLiteConnection) -> Void

/// The writer thread, its job queue and the writer connection.
///
/// Protected by `condition`: `pending`, `busy` and `state` are only touched with its lock held; the connection is
/// only touched by whoever set `busy` (the writer thread, or an idle-path caller).
final class SQLiteWriterThread: @unchecked Sendable {  // safe: state guarded by `condition`, connection by `busy`
    private enum State { case running, stopping, stopped }

    private let condition = NSCondition()
    private var pending: [SQLiteWriterJob] = []
    private var busy = false
    private var state = State.running
    private var stopWaiters: [UnsafeContinuation<Void, Never>] = []
    private let connection: SQLiteConnection

    /// Starts the thread, handing it `connection`; nothing else may use the connection afterwards.
    init(connection: SQLiteConnection, name: String) {
        self.connection = connection
        pending.reserveCapacity(64)
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    /// Queues a job; false when the writer is stopping (the job will never run).
    func enqueue(_ job: @escaping SQLiteWriterJob) -> Bool {
        condition.lock()
        guard case .running = state else {
            condition.unlock()
            return false
        }
        pending.append(job)
        let wake = pending.count == 1 && !busy
        condition.unlock()
        if wake { condition.signal() }
        return true
    }

    /// Runs `body` on the calling thread with the writer connection if the writer is idle (nothing queued or
    /// running); nil, without running it, otherwise.
    func withIdleConnection<R>(_ body: (SQLiteConnection) -> R) -> R? {
        condition.lock()
        guard case .running = state, pending.isEmpty, !busy else {
            condition.unlock()
            return nil
        }
        busy = true
        condition.unlock()
        let result = body(connection)
        condition.lock()
        busy = false
        let wake = !pending.isEmpty || state != .running
        condition.unlock()
        if wake { condition.signal() }
        return result
    }

    /// Refuses new jobs, lets queued ones finish, closes the connection and waits for the thread to end.
    func stop() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            condition.lock()
            if case .stopped = state {
                condition.unlock()
                continuation.resume()
                return
            }
            state = .stopping
            stopWaiters.append(continuation)
            condition.unlock()
            condition.signal()
        }
    }

    /// Stops without waiting (used when the database is released without `close()`).
    func stopDetached() {
        condition.lock()
        if case .running = state { state = .stopping }
        condition.unlock()
        condition.signal()
    }

    /// Polls the queue for a short while before sleeping, so a burst of queued writes skips futex wake-ups.
    private func spinBriefly() {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        while true {
            condition.lock()
            let ready = !pending.isEmpty && !busy
            condition.unlock()
            if ready { return }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let elapsed = (now.tv_sec - start.tv_sec) * 1_000_000_000 + (now.tv_nsec - start.tv_nsec)
            if elapsed > Self.spinNanoseconds { return }
            sched_yield()
        }
    }

    private static let spinNanoseconds = 20_000

    private func run() {
        var batch: [SQLiteWriterJob] = []
        batch.reserveCapacity(64)
        while true {
            spinBriefly()
            condition.lock()
            while busy || (pending.isEmpty && state == .running) { condition.wait() }
            if pending.isEmpty {
                state = .stopped
                let waiters = stopWaiters
                stopWaiters = []
                condition.unlock()
                connection.close()
                for waiter in waiters { waiter.resume() }
                return
            }
            swap(&batch, &pending)
            busy = true
            condition.unlock()
            for job in batch { job(connection) }
            batch.removeAll(keepingCapacity: true)
            condition.lock()
            busy = false
            condition.unlock()
        }
    }
}
