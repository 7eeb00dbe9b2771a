/// One versioned SQL migration, read from `NNNN_description.sql`.
///
/// ```swift
/// let migration = try SQLiteMigration(fileName: "0001_create_users.sql", sql: "CREATE TABLE user (...);")
/// migration.version   // 1
/// migration.name      // "create_users"
/// migration.checksum  // SHA-256 of the file's bytes, hex
/// ```
public struct SQLiteMigration: Sendable, Hashable {
    /// The numeric prefix; migrations apply in ascending order.
    public let version: Int
    /// The description after the underscore, without `.sql`.
    public let name: String
    /// The file name it was read from.
    public let fileName: String
    /// The script (several statements allowed).
    public let sql: String
    /// Lower-case hex SHA-256 of the script's UTF-8 bytes.
    public let checksum: String

    /// Parses the version and name from `fileName` (`NNNN_description.sql`, at least 4 digits, a description of
    /// letters, digits, `_` or `-`).
    /// - Throws: `E_MIGRATION_INVALID` naming the file.
    public init(fileName: String, sql: String) throws {
        guard let parsed = Self.parse(fileName) else {
            throw SQLiteMigrationError(
                .invalid, fileName: fileName,
                message: "migration file names must look like NNNN_description.sql (4+ digits, then a description)")
        }
        self.version = parsed.version
        self.name = parsed.name
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hexDigest(of: Array(sql.utf8))
    }

    private static func parse(_ fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count >= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(digits),
            version > 0, !name.isEmpty,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return (version, String(name))
    }
}
