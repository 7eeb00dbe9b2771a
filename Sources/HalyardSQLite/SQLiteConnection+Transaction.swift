extension SQLiteConnection {
    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` … `COMMIT`, `ROLLBACK` if it throws. Inside an open
    /// transaction it nests as `SAVEPOINT halyard_spN` … `RELEASE`, rolling back only to the savepoint on throw.
    ///
    /// ```swift
    /// try conn.transaction {
    ///     try conn.execute("INSERT INTO user (name) VALUES (?)", ["Ada"])     // BEGIN IMMEDIATE; INSERT ...
    ///     try? conn.transaction { throw CancellationError() }               // SAVEPOINT; ROLLBACK TO; RELEASE
    /// }                                                                       // COMMIT
    /// ```
    /// - Throws: what `body` throws (after rolling back), or `SQLiteError` from BEGIN/COMMIT (`E_SQLITE_BUSY`, ...).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction { return try savepoint(body) }
        try execute("BEGIN IMMEDIATE")
        let result: T
        do {
            result = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        try commitOrRollback()
        return result
    }

    /// Commits; if COMMIT fails (deferred constraint, busy), rolls back and rethrows.
    func commitOrRollback() throws {
        do {
            try execute("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
    }

    /// Rolls back the open transaction, if any, ignoring errors (SQLite may already have rolled back).
    func rollbackQuietly() {
        guard isInTransaction else { return }
        try? execute("ROLLBACK")
    }

    /// Opens a deferred read transaction (readers are read-only, so never IMMEDIATE).
    func beginRead() throws { try execute("BEGIN DEFERRED") }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "halyard_sp\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        let result: T
        do {
            result = try body()
        } catch {
            if isInTransaction {
                try? execute("ROLLBACK TO \(name)")
                try? execute("RELEASE \(name)")
            }
            throw error
        }
        try execute("RELEASE \(name)")
        return result
    }
}

extension SQLiteConnection {
    /// Opens a savepoint that spans several steps; returns its name for `releaseSavepoint`/`rollbackSavepoint`.
    func beginSavepoint() throws -> String {
        savepointDepth += 1
        let name = "halyard_sp\(savepointDepth)"
        do {
            try execute("SAVEPOINT \(name)")
        } catch {
            savepointDepth -= 1
            throw error
        }
        return name
    }

    func releaseSavepoint(_ name: String) throws {
        savepointDepth -= 1
        try execute("RELEASE \(name)")
    }

    func rollbackSavepoint(_ name: String) {
        savepointDepth -= 1
        guard isInTransaction else { return }
        try? execute("ROLLBACK TO \(name)")
        try? execute("RELEASE \(name)")
    }
}
