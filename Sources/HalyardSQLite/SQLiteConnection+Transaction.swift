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
        let sql = SavepointSQL.at(depth: savepointDepth)
        try execute(sql.begin)
        let result: T
        do {
            result = try body()
        } catch {
            if isInTransaction {
                try? execute(sql.rollback)
                try? execute(sql.release)
            }
            throw error
        }
        try execute(sql.release)
        return result
    }
}

extension SQLiteConnection {
    /// Opens a savepoint that spans several steps; returns its name for `releaseSavepoint`/`rollbackSavepoint`.
    func beginSavepoint() throws -> SavepointSQL {
        savepointDepth += 1
        let sql = SavepointSQL.at(depth: savepointDepth)
        do {
            try execute(sql.begin)
        } catch {
            savepointDepth -= 1
            throw error
        }
        return sql
    }

    func releaseSavepoint(_ sql: SavepointSQL) throws {
        savepointDepth -= 1
        try execute(sql.release)
    }

    func rollbackSavepoint(_ sql: SavepointSQL) {
        savepointDepth -= 1
        guard isInTransaction else { return }
        try? execute(sql.rollback)
        try? execute(sql.release)
    }
}

/// The statements of savepoint `halyard_spN`, built once per depth for the common depths (no per-call strings).
struct SavepointSQL: Sendable {
    let begin: String
    let release: String
    let rollback: String

    init(depth: Int) {
        begin = "SAVEPOINT halyard_sp\(depth)"
        release = "RELEASE halyard_sp\(depth)"
        rollback = "ROLLBACK TO halyard_sp\(depth)"
    }

    private static let common = (0...8).map(SavepointSQL.init(depth:))

    static func at(depth: Int) -> SavepointSQL {
        common.indices.contains(depth) ? common[depth] : SavepointSQL(depth: depth)
    }
}
