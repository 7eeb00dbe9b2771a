extension SQLiteDatabase {
    /// Runs `body` on the writer thread inside `BEGIN IMMEDIATE` … `COMMIT` (`ROLLBACK` if it throws).
    /// `afterCommit` runs on the writer thread right after a successful COMMIT, before the next write starts, so
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
        return try await withUnsafeThrowingContinuation { continuation in
            let accepted = writer.enqueue { connection in
                do {
                    let value = try connection.transaction { try body(connection) }
                    afterCommit?(value)
                    continuation.resume(returning: value)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            if !accepted { continuation.resume(throwing: Self.closedError) }
        }
    }

    /// Runs `body` on the writer thread outside any transaction (migrations that manage their own, PRAGMAs).
    /// A transaction `body` leaves open is rolled back and reported.
    /// - Throws: what `body` throws; `E_SQLITE_MISUSE` if it left a transaction open; `E_SQLITE_CLOSED`.
    public func writeWithoutTransaction<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        try await withUnsafeThrowingContinuation { continuation in
            let accepted = writer.enqueue { connection in
                do {
                    let value = try body(connection)
                    if connection.isInTransaction {
                        connection.rollbackQuietly()
                        throw SQLiteError.misuse(.misuse, "writeWithoutTransaction body left a transaction open")
                    }
                    continuation.resume(returning: value)
                } catch {
                    connection.rollbackQuietly()
                    continuation.resume(throwing: error)
                }
            }
            if !accepted { continuation.resume(throwing: Self.closedError) }
        }
    }
}
