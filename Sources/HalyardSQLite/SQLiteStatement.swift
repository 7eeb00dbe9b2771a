internal import CSQLite

/// SQLite's "copy the bytes now" destructor marker (the C macro `SQLITE_TRANSIENT` is not importable).
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A prepared statement: binds parameters, steps, reads columns.
///
/// Owned by the connection that prepared it (and so by that connection's owning thread).
final class SQLiteStatement {
    let handle: OpaquePointer
    let sql: String
    /// True while a caller is stepping it; a re-entrant use of the same SQL prepares a fresh statement.
    var inUse = false
    /// The statement cache's use stamp (least recently used goes first).
    var lastUse: UInt64 = 0
    /// Column names, computed on first use and shared by every row.
    private var cachedColumnNames: [String]?

    /// Number of `?` parameters.
    let parameterCount: Int

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
        self.parameterCount = Int(sqlite3_bind_parameter_count(handle))
    }

    deinit { sqlite3_finalize(handle) }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    var columnNames: [String] {
        if let cachedColumnNames { return cachedColumnNames }
        let names = (0..<columnCount).map { index in
            sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
        }
        cachedColumnNames = names
        return names
    }

    /// Binds `arguments` to parameters 1...n, throwing if the count does not match.
    func bind(_ arguments: [SQLiteValue], db: OpaquePointer) throws {
        let expected = parameterCount
        guard expected == arguments.count else {
            throw SQLiteError(
                extendedResultCode: SQLITE_RANGE,
                message: "statement expects \(expected) argument(s), got \(arguments.count)", sql: sql)
        }
        for (offset, value) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let int): rc = sqlite3_bind_int64(handle, index, int)
            case .real(let double): rc = sqlite3_bind_double(handle, index, double)
            case .text(var string):
                rc = string.withUTF8 { buffer in
                    // A non-nil pointer keeps the empty string TEXT rather than NULL.
                    guard let base = buffer.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, nil) }
                    return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(buffer.count), sqliteTransient)
                    }
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { buffer in
                    guard let base = buffer.baseAddress, !buffer.isEmpty else {
                        return sqlite3_bind_zeroblob(handle, index, 0)
                    }
                    return sqlite3_bind_blob(handle, index, base, Int32(buffer.count), sqliteTransient)
                }
            }
            if rc != SQLITE_OK { throw SQLiteError(connection: db, resultCode: rc, sql: sql) }
        }
    }

    /// Steps once: true when a row is available, false when done.
    @inline(__always)
    func step(db: OpaquePointer) throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(connection: db, resultCode: rc, sql: sql)
        }
    }

    /// Resets for reuse and drops bindings (so no bound value outlives its call).
    func reset() {
        sqlite3_reset(handle)
        if parameterCount > 0 { sqlite3_clear_bindings(handle) }
    }

    /// The value of column `index` of the current row.
    func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// The current row as a value.
    func row() -> SQLiteRow {
        let count = columnCount
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count { values.append(value(at: index)) }
        return SQLiteRow(columnNames: columnNames, values: values)
    }
}

@available(*, unavailable) extension SQLiteStatement: Sendable {}
