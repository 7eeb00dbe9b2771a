import Foundation

// How the writer works: one dedicated `Thread` owns the writer connection for its whole life. Callers append jobs
// to a FIFO under `condition` and the thread drains them in order, one batch per wake-up, so jobs never overlap
// and run in submission order. A job that must hold the writer across awaits (a write-transaction lease) simply
// blocks this thread inside the job, serving that lease's steps, until the lease ends; later jobs wait behind it.

/// A write job: runs on the writer thread with the writer connection.
typealias SQLiteWriterJob = @Sendable (SQLiteConnection) -> Void

/// The writer thread and its job queue.
///
/// Protected by `condition`: `pending` and `state` are only touched with its lock held; the connection is only
/// touched by the writer thread.
final class SQLiteWriterThread: @unchecked Sendable {  // safe: mutable state is guarded by `condition`
    private enum State { case running, stopping, stopped }

    private let condition = NSCondition()
    private var pending: [SQLiteWriterJob] = []
    private var state = State.running
    private var stopWaiters: [UnsafeContinuation<Void, Never>] = []

    /// Starts the thread, handing it sole ownership of `connection`.
    init(connection: SQLiteConnection, name: String) {
        pending.reserveCapacity(64)
        let transfer = SQLiteOwnershipTransfer(connection)
        let thread = Thread { [self] in self.run(transfer.value) }
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
        let wasEmpty = pending.count == 1
        condition.unlock()
        if wasEmpty { condition.signal() }
        return true
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

    private func run(_ connection: SQLiteConnection) {
        var batch: [SQLiteWriterJob] = []
        batch.reserveCapacity(64)
        while true {
            condition.lock()
            while pending.isEmpty, case .running = state { condition.wait() }
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
            condition.unlock()
            for job in batch { job(connection) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}

/// Moves a non-Sendable value to another thread exactly once.
struct SQLiteOwnershipTransfer<Value>: @unchecked Sendable {  // safe: the sender never touches `value` again
    let value: Value
    init(_ value: Value) { self.value = value }
}
