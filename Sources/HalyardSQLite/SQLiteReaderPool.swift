import Foundation

/// A bounded pool of read-only connections, leased to one caller at a time.
///
/// Protected by `lock`. A leased connection is owned by the task holding the lease until `giveBack`.
final class SQLiteReaderPool: @unchecked Sendable {  // safe: all mutable state is guarded by `lock`
    /// A connection on loan; carrying it across the pool's lock hands over its ownership.
    struct Lease: @unchecked Sendable {  // safe: exactly one holder uses the connection at a time
        let connection: SQLiteConnection
    }

    private let lock = NSLock()
    private var idle: [SQLiteConnection] = []
    private var opened = 0
    private var waiters: [UnsafeContinuation<WaitOutcome, Never>] = []

    /// What a waiting `lease()` is woken with.
    private enum WaitOutcome {
        case leased(Lease)
        /// A failed open freed a slot: try to open one again.
        case retry
        case closed
    }
    private var closed = false
    private let path: String
    private let configuration: SQLiteConfiguration
    private let capacity: Int

    init(path: String, configuration: SQLiteConfiguration) {
        self.path = path
        self.configuration = configuration
        self.capacity = max(1, configuration.readerCount)
    }

    /// An idle connection, a newly opened one while under capacity, or the next one returned.
    /// - Throws: `E_SQLITE_CLOSED` after `close()`; open errors.
    func lease() async throws -> Lease {
        while true {
            if let lease = try leaseWithoutWaiting() { return lease }
            let outcome = await withUnsafeContinuation { (continuation: UnsafeContinuation<WaitOutcome, Never>) in
                wait(continuation)
            }
            switch outcome {
            case .leased(let lease): return lease
            case .retry: continue
            case .closed: throw SQLiteError.misuse(.closed, "the database is closed")
            }
        }
    }

    /// The fast path: an idle or newly opened connection, or nil when the caller must wait.
    private func leaseWithoutWaiting() throws -> Lease? {
        lock.lock()
        if closed {
            lock.unlock()
            throw SQLiteError.misuse(.closed, "the database is closed")
        }
        if let connection = idle.popLast() {
            lock.unlock()
            return Lease(connection: connection)
        }
        guard opened < capacity else {
            lock.unlock()
            return nil
        }
        opened += 1
        lock.unlock()
        do {
            return Lease(connection: try SQLiteConnection(path: path, readOnly: true, configuration: configuration))
        } catch {
            lock.lock()
            opened -= 1
            let waiter = waiters.isEmpty ? nil : waiters.removeFirst()
            lock.unlock()
            waiter?.resume(returning: .retry)
            throw error
        }
    }

    /// Queues a waiter, unless a connection came back (or the pool closed) since the fast path looked.
    private func wait(_ continuation: UnsafeContinuation<WaitOutcome, Never>) {
        lock.lock()
        if closed {
            lock.unlock()
            continuation.resume(returning: .closed)
        } else if let connection = idle.popLast() {
            lock.unlock()
            continuation.resume(returning: .leased(Lease(connection: connection)))
        } else if opened < capacity {
            lock.unlock()
            continuation.resume(returning: .retry)
        } else {
            waiters.append(continuation)
            lock.unlock()
        }
    }

    /// Returns a leased connection, handing it straight to the longest waiter if there is one.
    func giveBack(_ lease: Lease) {
        lock.lock()
        if closed {
            opened -= 1
            lock.unlock()
            lease.connection.close()
            return
        }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            lock.unlock()
            waiter.resume(returning: .leased(lease))
            return
        }
        idle.append(lease.connection)
        lock.unlock()
    }

    /// Closes idle connections now and leased ones when they come back; waiters fail with `E_SQLITE_CLOSED`.
    func close() {
        lock.lock()
        closed = true
        let connections = idle
        idle = []
        opened -= connections.count
        let pendingWaiters = waiters
        waiters = []
        lock.unlock()
        for connection in connections { connection.close() }
        for waiter in pendingWaiters { waiter.resume(returning: .closed) }
    }
}
