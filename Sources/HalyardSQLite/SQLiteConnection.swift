internal import CSQLite
import Foundation

/// One SQLite connection with a prepared-statement cache.
///
/// Owned by one thread at a time (not Sendable): whoever holds an `SQLiteDatabase`'s writer, or the task that
/// leased it as a reader. Every value is bound as a parameter; the SQL text is the only thing traced or quoted in errors.
///
/// ```swift
/// let conn = try SQLiteConnection(path: "/tmp/app.sqlite")
/// try conn.execute("INSERT INTO user (name) VALUES (?)", [.text("Ada")])
/// let rows = try conn.query("SELECT id, name FROM user WHERE name = ?", [.text("Ada")])
/// ```
public final class SQLiteConnection {
    let handle: OpaquePointer
    let configuration: SQLiteConfiguration
    /// Whether the connection was opened read-only.
    public let isReadOnly: Bool
    var cache: SQLiteStatementCache
    var savepointDepth = 0
    var isClosed = false

    /// Opens (creating unless `readOnly`) the database file at `path`.
    /// - Throws: `E_SQLITE_CANTOPEN` and other `SQLiteError`s.
    public init(path: String, readOnly: Bool = false, configuration: SQLiteConfiguration = .init()) throws {
        var db: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(connection: db, resultCode: rc, sql: nil)
            sqlite3_close_v2(db)
            throw SQLiteError(
                code: error.code, resultCode: error.resultCode, extendedResultCode: error.extendedResultCode,
                message: "\(error.message) (\(path))", sql: nil)
        }
        self.handle = db
        self.configuration = configuration
        self.isReadOnly = readOnly
        self.cache = SQLiteStatementCache(capacity: configuration.statementCacheCapacity)
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, configuration.busyTimeoutMilliseconds)
        if !readOnly { try execute("PRAGMA foreign_keys = ON") }
    }

    deinit { close() }

    /// Finalizes cached statements and closes the connection; later calls fail with `E_SQLITE_CLOSED`.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Row id of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT/UPDATE/DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// True between BEGIN and COMMIT/ROLLBACK.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Number of prepared statements currently cached.
    public var cachedStatementCount: Int { cache.count }

    /// Cache hits so far (a hit reuses a prepared statement).
    package var statementCacheHits: Int { cache.hits }

    /// Runs one statement with bound arguments, stepping it to completion.
    /// - Throws: `SQLiteError` (constraint codes, `E_SQLITE` for bad SQL, ...).
    public func execute(_ sql: String, _ arguments: [SQLiteValue] = []) throws {
        let statement = try cachedStatement(sql)
        defer { release(statement) }
        try statement.bind(arguments, db: handle)
        while try statement.step(db: handle) {}
    }

    /// Runs one query and collects every row.
    /// - Throws: `SQLiteError`.
    public func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        try forEachRow(sql, arguments) { row in
            rows.append(row)
            return true
        }
        return rows
    }

    /// Runs one query and calls `body` for each row until it returns false.
    /// - Throws: `SQLiteError`, or what `body` throws.
    public func forEachRow(
        _ sql: String, _ arguments: [SQLiteValue], _ body: (SQLiteRow) throws -> Bool
    ) throws {
        let statement = try cachedStatement(sql)
        defer { release(statement) }
        try statement.bind(arguments, db: handle)
        while try statement.step(db: handle) {
            guard try body(statement.row()) else { break }
        }
    }

    /// Runs a script of statements without arguments (migrations), each traced separately.
    /// - Throws: `SQLiteError` naming the failing statement.
    public func executeScript(_ sql: String) throws {
        try checkOpen(sql)
        try sql.withCString { start in
            var cursor: UnsafePointer<CChar>? = start
            while let current = cursor, current.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(handle, current, -1, &statement, &tail)
                guard rc == SQLITE_OK else {
                    throw SQLiteError(connection: handle, resultCode: rc, sql: String(cString: current))
                }
                cursor = tail
                guard let statement else { continue }  // whitespace or a comment
                defer { sqlite3_finalize(statement) }
                let text = (sqlite3_sql(statement).map { String(cString: $0) } ?? "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                configuration.trace?(text)
                var stepped = sqlite3_step(statement)
                while stepped == SQLITE_ROW { stepped = sqlite3_step(statement) }
                guard stepped == SQLITE_DONE else {
                    throw SQLiteError(connection: handle, resultCode: stepped, sql: text)
                }
            }
        }
    }
}

@available(*, unavailable) extension SQLiteConnection: Sendable {}
