/// A migration refused or failed, with a stable `code` and the file it concerns.
///
/// ```
/// E_MIGRATION_CHANGED: 0002_add_topic.sql: already applied with checksum 3f1a…, the file now hashes to 9b2c…
/// E_MIGRATION_FAILED: 0003_bad.sql: E_SQLITE (1): no such table: nope — in `ALTER TABLE nope ADD x`
/// ```
public struct SQLiteMigrationError: Error, Sendable, CustomStringConvertible {
    /// Stable codes for `SQLiteMigrationError`, usable as `catch` patterns.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A bad file name, a duplicate version, or an unreadable directory/file.
        public static let invalid = Code(rawValue: "E_MIGRATION_INVALID")
        /// An applied migration's file changed since it was applied.
        public static let changed = Code(rawValue: "E_MIGRATION_CHANGED")
        /// Versions recorded as applied have no file.
        public static let missing = Code(rawValue: "E_MIGRATION_MISSING")
        /// The migration's SQL failed; it was rolled back.
        public static let failed = Code(rawValue: "E_MIGRATION_FAILED")
        public var description: String { rawValue }

        /// Matches a `SQLiteMigrationError` with this code: `catch SQLiteMigrationError.Code.changed { }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? SQLiteMigrationError)?.code == pattern.rawValue
        }
    }

    /// `E_MIGRATION_INVALID`, `E_MIGRATION_CHANGED`, `E_MIGRATION_MISSING` or `E_MIGRATION_FAILED`.
    public let code: String
    /// The file concerned, if one.
    public let fileName: String?
    /// What is wrong.
    public let message: String
    /// The SQLite failure behind `E_MIGRATION_FAILED`.
    public let underlying: SQLiteError?

    public init(_ code: Code, fileName: String?, message: String, underlying: SQLiteError? = nil) {
        self.code = code.rawValue
        self.fileName = fileName
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        var text = code + ": "
        if let fileName { text += fileName + ": " }
        text += message
        if let underlying { text += ": \(underlying)" }
        return text
    }
}
