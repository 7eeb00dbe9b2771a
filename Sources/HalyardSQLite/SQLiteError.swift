internal import CSQLite

/// An SQLite failure with a stable `code`, SQLite's result codes, its message and the SQL text.
///
/// The description quotes the SQL but never the bound values:
/// ```
/// E_SQLITE_CONSTRAINT_UNIQUE (2067): UNIQUE constraint failed: user.email — in `INSERT INTO user (email) VALUES (?)`
/// ```
/// Catch one code with the `~=` pattern:
/// ```swift
/// do { try conn.execute(sql, values) } catch SQLiteErrorCode.constraintUnique { ... }
/// ```
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// `E_SQLITE`, `E_SQLITE_CONSTRAINT_UNIQUE`, `E_SQLITE_CONSTRAINT_FOREIGNKEY`, `E_SQLITE_CONSTRAINT_NOTNULL`,
    /// `E_SQLITE_BUSY`, ... (see `SQLiteErrorCode`).
    public let code: String
    /// The primary result code (`SQLITE_CONSTRAINT` = 19, ...).
    public let resultCode: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` = 2067, ...).
    public let extendedResultCode: Int32
    /// SQLite's message (`UNIQUE constraint failed: user.email`).
    public let message: String
    /// The statement that failed, if any. Bound values are never part of it.
    public let sql: String?

    public init(code: String, resultCode: Int32, extendedResultCode: Int32, message: String, sql: String?) {
        self.code = code
        self.resultCode = resultCode
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    /// Builds the error from an extended result code, mapping it to a stable `code`.
    init(extendedResultCode: Int32, message: String, sql: String?) {
        self.init(
            code: SQLiteErrorCode(extendedResultCode: extendedResultCode).rawValue,
            resultCode: extendedResultCode & 0xFF, extendedResultCode: extendedResultCode,
            message: message, sql: sql)
    }

    /// Reads the connection's last error.
    init(connection handle: OpaquePointer?, resultCode: Int32, sql: String?) {
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? resultCode
        let message: String
        if let handle, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(resultCode))
        }
        self.init(extendedResultCode: extended == 0 ? resultCode : extended, message: message, sql: sql)
    }

    /// An error raised by this wrapper itself (misuse, closed database), never by SQLite.
    static func misuse(_ code: SQLiteErrorCode, _ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(
            code: code.rawValue, resultCode: SQLITE_MISUSE, extendedResultCode: SQLITE_MISUSE, message: message,
            sql: sql)
    }

    public var description: String {
        var text = "\(code) (\(extendedResultCode)): \(message)"
        if let sql { text += " — in `\(sql)`" }
        return text
    }
}

/// Stable error codes for `SQLiteError`, usable as `catch` patterns.
public struct SQLiteErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Any SQLite failure without a more specific code.
    public static let generic = SQLiteErrorCode(rawValue: "E_SQLITE")
    public static let busy = SQLiteErrorCode(rawValue: "E_SQLITE_BUSY")
    public static let locked = SQLiteErrorCode(rawValue: "E_SQLITE_LOCKED")
    public static let readOnly = SQLiteErrorCode(rawValue: "E_SQLITE_READONLY")
    public static let cantOpen = SQLiteErrorCode(rawValue: "E_SQLITE_CANTOPEN")
    public static let constraint = SQLiteErrorCode(rawValue: "E_SQLITE_CONSTRAINT")
    public static let constraintUnique = SQLiteErrorCode(rawValue: "E_SQLITE_CONSTRAINT_UNIQUE")
    public static let constraintPrimaryKey = SQLiteErrorCode(rawValue: "E_SQLITE_CONSTRAINT_PRIMARYKEY")
    public static let constraintForeignKey = SQLiteErrorCode(rawValue: "E_SQLITE_CONSTRAINT_FOREIGNKEY")
    public static let constraintNotNull = SQLiteErrorCode(rawValue: "E_SQLITE_CONSTRAINT_NOTNULL")
    public static let constraintCheck = SQLiteErrorCode(rawValue: "E_SQLITE_CONSTRAINT_CHECK")
    /// The wrapper was used wrongly (e.g. a finished write transaction was used again).
    public static let misuse = SQLiteErrorCode(rawValue: "E_SQLITE_MISUSE")
    /// The database was closed.
    public static let closed = SQLiteErrorCode(rawValue: "E_SQLITE_CLOSED")

    init(extendedResultCode code: Int32) {
        switch code {
        case ExtendedCode.constraintUnique: self = .constraintUnique
        case ExtendedCode.constraintPrimarykey: self = .constraintPrimaryKey
        case ExtendedCode.constraintForeignkey: self = .constraintForeignKey
        case ExtendedCode.constraintNotnull: self = .constraintNotNull
        case ExtendedCode.constraintCheck: self = .constraintCheck
        default:
            switch code & 0xFF {
            case SQLITE_CONSTRAINT: self = .constraint
            case SQLITE_BUSY: self = .busy
            case SQLITE_LOCKED: self = .locked
            case SQLITE_READONLY: self = .readOnly
            case SQLITE_CANTOPEN: self = .cantOpen
            case SQLITE_MISUSE: self = .misuse
            default: self = .generic
            }
        }
    }

    public var description: String { rawValue }

    /// Extended result codes from sqlite3.h (function-like macros Swift cannot import).
    private enum ExtendedCode {
        static let constraintCheck = SQLITE_CONSTRAINT | (1 << 8)
        static let constraintForeignkey = SQLITE_CONSTRAINT | (3 << 8)
        static let constraintNotnull = SQLITE_CONSTRAINT | (5 << 8)
        static let constraintPrimarykey = SQLITE_CONSTRAINT | (6 << 8)
        static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)
    }

    /// Matches an `SQLiteError` carrying this code: `catch SQLiteErrorCode.constraintUnique { }`.
    public static func ~= (pattern: SQLiteErrorCode, error: any Error) -> Bool {
        (error as? SQLiteError)?.code == pattern.rawValue
    }
}
