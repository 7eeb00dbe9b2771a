extension SQLiteDatabase {
    /// Runs `body` with the writer connection (on the writer thread, or on the caller's when the writer is idle)
    /// inside `BEGIN IMMEDIATE` … `COMMIT` (`ROLLBACK` if it throws).
    /// `afterCommit` runs with the writer still held, right after a successful COMMIT, before the next write starts, so
    /// callbacks see commits in commit order. Inside `withWriteTransaction` the write joins that transaction as a
    /// savepoint and its `afterCommit` waits for the outer commit.
    /// - Throws: what `body` throws; `SQLiteError` from BEGIN/COMMIT; `E_SQLITE_CLOSED` after `close()`.
    public func write<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T,
        afterCommit: (@Sendable (T) -> Void)? = nil
    ) async throws -> T {
        if let lease = SQLiteWriteTransaction.current, lease.databaseID == ObjectIdentifier(self), lease.isActive {
            let value = try await lease.run { connection in try connection.transaction { try body(connection) } }
            if let afterCommit { lease.deferAfterCommit { afterCommit(value) } }
            return value
        }
        let job: @Sendable (SQLiteConnection) -> Result<T, any Error> = { connection in
            Result {
                let value = try connection.transaction { try body(connection) }
                afterCommit?(value)
                return value
            }
        }
        if configuration.writesOnCallerWhenIdle, let result = writer.withIdleConnection(job) { return try result.get() }
        return try await withUnsafeThrowingContinuation { continuation in
            let accepted = writer.enqueue { connection in continuation.resume(with: job(connection)) }
            if !accepted { continuation.resume(throwing: Self.closedError) }
        }
    }

    /// Runs `body` with the writer connection outside any transaction (migrations that manage their own, PRAGMAs).
    /// A transaction `body` leaves open is rolled back and reported.
    /// - Throws: what `body` throws; `E_SQLITE_MISUSE` if it left a transaction open; `E_SQLITE_CLOSED`.
    public func writeWithoutTransaction<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        let job: @Sendable (SQLiteConnection) -> Result<T, any Error> = { connection in
            Result {
                defer { connection.rollbackQuietly() }
                let value = try body(connection)
                if connection.isInTransaction {
                    throw SQLiteError.misuse(.misuse, "writeWithoutTransaction body left a transaction open")
                }
                return value
            }
        }
        if configuration.writesOnCallerWhenIdle, let result = writer.withIdleConnection(job) { return try result.get() }
        return try await withUnsafeThrowingContinuation { continuation in
            let accepted = writer.enqueue { connection in continuation.resume(with: job(connection)) }
            if !accepted { continuation.resume(throwing: Self.closedError) }
        }
    }
}
