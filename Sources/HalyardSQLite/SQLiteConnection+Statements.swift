internal import CSQLite

extension SQLiteConnection {
    /// - Throws: `E_SQLITE_CLOSED` once `close()` was called.
    @inline(__always)
    func checkOpen(_ sql: String?) throws {
        if isClosed { throw SQLiteError.misuse(.closed, "the connection is closed", sql: sql) }
    }

    /// A prepared statement for `sql` from the cache, or freshly prepared (and cached) on a miss.
    /// A statement already being stepped (re-entrant use of the same SQL) gets an uncached twin.
    func cachedStatement(_ sql: String) throws -> SQLiteStatement {
        try checkOpen(sql)
        configuration.trace?(sql)
        if let statement = cache.lookup(sql), !statement.inUse {
            statement.inUse = true
            return statement
        }
        let statement = try prepare(sql, persistent: true)
        if cache.lookup(sql) == nil { cache.insert(statement) }
        statement.inUse = true
        return statement
    }

    /// Resets a statement after use so its bindings and read lock do not linger.
    @inline(__always)
    func release(_ statement: SQLiteStatement) {
        statement.reset()
        statement.inUse = false
    }

    /// Prepares exactly one statement.
    /// - Throws: `E_SQLITE` with SQLite's message for bad SQL, or when `sql` holds more than one statement.
    func prepare(_ sql: String, persistent: Bool) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        var remainder = ""
        let rc = sql.withCString { start -> Int32 in
            var tail: UnsafePointer<CChar>?
            let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
            let rc = sqlite3_prepare_v3(handle, start, -1, flags, &statement, &tail)
            if rc == SQLITE_OK, let tail { remainder = String(cString: tail) }
            return rc
        }
        guard rc == SQLITE_OK else { throw SQLiteError(connection: handle, resultCode: rc, sql: sql) }
        guard let statement else {
            throw SQLiteError(extendedResultCode: SQLITE_MISUSE, message: "no statement in SQL text", sql: sql)
        }
        guard onlyCommentsOrBlanks(remainder) else {
            sqlite3_finalize(statement)
            throw SQLiteError(
                extendedResultCode: SQLITE_MISUSE,
                message: "execute/query take one statement; use executeScript for several", sql: sql)
        }
        return SQLiteStatement(handle: statement, sql: sql)
    }

    /// True when `sql` holds no statement (blanks, semicolons, comments).
    private func onlyCommentsOrBlanks(_ sql: String) -> Bool {
        if sql.allSatisfy({ $0.isWhitespace || $0 == ";" }) { return true }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        return rc == SQLITE_OK && statement == nil
    }
}
