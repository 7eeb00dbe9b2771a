extension SQLiteDatabase {
    /// Leases the writer for a transaction whose body awaits (async lifecycle callbacks between statements).
    ///
    /// The lease queues behind earlier writes (FIFO) and later writes queue behind it. `BEGIN IMMEDIATE` runs when
    /// the lease starts; `COMMIT` when `body` returns, then `afterCommit` on the writer thread before the next write.
    /// If `body` throws or the task is cancelled, the transaction is rolled back. `write` and `withWriteTransaction`
    /// called from inside `body` join the lease (as savepoints) instead of deadlocking. Reads through `read` do
    /// not see the lease's uncommitted rows; run such reads as a step: `tx.run { conn in try conn.query(...) }`.
    /// - Throws: what `body` throws; `CancellationError`; `SQLiteError` from BEGIN/COMMIT; `E_SQLITE_CLOSED`.
    public func withWriteTransaction<T: Sendable>(
        _ body: @Sendable (SQLiteWriteTransaction) async throws -> T,
        afterCommit: (@Sendable (T) -> Void)? = nil
    ) async throws -> T {
        if let outer = SQLiteWriteTransaction.current, outer.databaseID == ObjectIdentifier(self), outer.isActive {
            return try await nested(in: outer, body, afterCommit: afterCommit)
        }
        let lease = SQLiteWriteTransaction(databaseID: ObjectIdentifier(self))
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            let accepted = writer.enqueue { connection in
                do {
                    try connection.execute("BEGIN IMMEDIATE")
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume()
                lease.serve(connection)
            }
            if !accepted { continuation.resume(throwing: Self.closedError) }
        }
        let value: T
        do {
            try Task.checkCancellation()
            value = try await SQLiteWriteTransaction.$current.withValue(lease) { try await body(lease) }
            try Task.checkCancellation()
        } catch {
            await lease.end { connection in connection.rollbackQuietly() }
            throw error
        }
        let outcome = SQLiteCommitOutcome()
        await lease.end { connection in
            do {
                try connection.commitOrRollback()
            } catch {
                outcome.error = error
                return
            }
            for callback in lease.takeDeferredAfterCommit() { callback() }
            afterCommit?(value)
        }
        if let error = outcome.error { throw error }
        return value
    }

    /// A transaction nested in a lease: a savepoint spanning the awaits of `body`.
    private func nested<T: Sendable>(
        in outer: SQLiteWriteTransaction, _ body: @Sendable (SQLiteWriteTransaction) async throws -> T,
        afterCommit: (@Sendable (T) -> Void)?
    ) async throws -> T {
        let name = try await outer.run { connection in try connection.beginSavepoint() }
        let value: T
        do {
            value = try await body(outer)
        } catch {
            _ = try? await outer.run { connection in connection.rollbackSavepoint(name) }
            throw error
        }
        try await outer.run { connection in try connection.releaseSavepoint(name) }
        if let afterCommit { outer.deferAfterCommit { afterCommit(value) } }
        return value
    }
}

/// The result of a lease's COMMIT. Written by the writer thread, then read by the task awaiting `end` once it resumes
/// (the continuation orders the two accesses).
final class SQLiteCommitOutcome: @unchecked Sendable {  // safe: written before the continuation resumes, read after
    var error: (any Error)?
}
