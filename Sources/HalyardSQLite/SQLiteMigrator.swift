import Foundation

/// Applies versioned SQL migrations in order, each in its own transaction, and records them with a checksum in
/// `halyard_migrations(version INTEGER PRIMARY KEY, name TEXT, checksum TEXT, applied_at TEXT)`.
///
/// Before applying anything it refuses: applied migrations whose file changed (`E_MIGRATION_CHANGED`) and applied
/// versions with no file (`E_MIGRATION_MISSING`). A failing migration is rolled back and reported
/// (`E_MIGRATION_FAILED`, with the file name and the SQLite error); those before it stay applied.
///
/// ```swift
/// let migrator = try SQLiteMigrator(directory: "./Migrations")   // 0001_create_users.sql, 0002_add_topic.sql
/// let applied = try await migrator.migrate(db)                   // [0001, 0002] on a fresh file, [] after
/// ```
public struct SQLiteMigrator: Sendable {
    /// The bookkeeping table's name.
    public static let tableName = "halyard_migrations"

    /// The known migrations, ascending by version.
    public let migrations: [SQLiteMigration]

    /// Uses the given migrations.
    /// - Throws: `E_MIGRATION_INVALID` when two share a version.
    public init(migrations: [SQLiteMigration]) throws {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
            throw SQLiteMigrationError(
                .invalid, fileName: next.fileName,
                message: "version \(next.version) is also used by \(previous.fileName)")
        }
        self.migrations = sorted
    }

    /// Reads every `*.sql` file in `directory` (other files and hidden files are ignored).
    /// - Throws: `E_MIGRATION_INVALID` for an unreadable directory or file, a bad file name, non-UTF-8 content or a
    ///   duplicate version.
    public init(directory: String) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw SQLiteMigrationError(
                .invalid, fileName: nil, message: "cannot read migrations directory \(directory)")
        }
        var migrations: [SQLiteMigration] = []
        for name in names.sorted() where name.hasSuffix(".sql") && !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SQLiteMigrationError(.invalid, fileName: name, message: "cannot read \(path)")
            }
            guard let sql = String(data: data, encoding: .utf8) else {
                throw SQLiteMigrationError(.invalid, fileName: name, message: "the file is not valid UTF-8")
            }
            migrations.append(try SQLiteMigration(fileName: name, sql: sql))
        }
        try self.init(migrations: migrations)
    }

    /// The migrations recorded as applied, ascending by version (creating the table if needed).
    /// - Throws: `SQLiteError`.
    public func appliedMigrations(in db: SQLiteDatabase) async throws -> [SQLiteAppliedMigration] {
        try await db.writeWithoutTransaction { connection in
            try Self.createTable(connection)
            return try Self.applied(connection)
        }
    }

    /// Known migrations not applied yet, in the order `migrate` would apply them.
    /// - Throws: like `migrate` before it applies anything.
    public func pendingMigrations(in db: SQLiteDatabase) async throws -> [SQLiteMigration] {
        let applied = try await appliedMigrations(in: db)
        try verify(applied)
        let done = Set(applied.map(\.version))
        return migrations.filter { !done.contains($0.version) }
    }

    /// Applies every pending migration in version order, each in its own transaction.
    /// - Returns: the migrations applied by this call (empty when up to date).
    /// - Throws: `E_MIGRATION_CHANGED`, `E_MIGRATION_MISSING` (nothing applied); `E_MIGRATION_FAILED` (that one
    ///   rolled back, earlier ones of this call stay applied); `SQLiteError` for bookkeeping failures.
    @discardableResult
    public func migrate(_ db: SQLiteDatabase) async throws -> [SQLiteMigration] {
        var appliedNow: [SQLiteMigration] = []
        for migration in try await pendingMigrations(in: db) {
            if try await apply(migration, to: db) { appliedNow.append(migration) }
        }
        return appliedNow
    }

    /// Refuses changed files and applied versions without a file.
    private func verify(_ applied: [SQLiteAppliedMigration]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let missing = applied.filter { known[$0.version] == nil }
        if !missing.isEmpty {
            let list = missing.map { String(format: "%04d_%@.sql", $0.version, $0.name) }.joined(separator: ", ")
            throw SQLiteMigrationError(
                .missing, fileName: missing.first.map { String(format: "%04d_%@.sql", $0.version, $0.name) },
                message: "applied migration(s) not found on disk: \(list)")
        }
        for record in applied {
            guard let migration = known[record.version], migration.checksum != record.checksum else { continue }
            throw SQLiteMigrationError(
                .changed, fileName: migration.fileName,
                message: "already applied with checksum \(record.checksum), the file now hashes to "
                    + "\(migration.checksum); add a new migration instead of editing an applied one")
        }
    }

    /// Applies one migration in its own transaction; false if another caller applied it first.
    private func apply(_ migration: SQLiteMigration, to db: SQLiteDatabase) async throws -> Bool {
        do {
            return try await db.write { connection in
                let already = try connection.query(
                    "SELECT checksum FROM \(Self.tableName) WHERE version = ?", [.integer(Int64(migration.version))])
                if !already.isEmpty { return false }
                try connection.executeScript(migration.sql)
                try connection.execute(
                    "INSERT INTO \(Self.tableName) (version, name, checksum, applied_at) "
                        + "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
                return true
            }
        } catch let error as SQLiteError {
            throw SQLiteMigrationError(
                .failed, fileName: migration.fileName, message: "rolled back", underlying: error)
        }
    }

    private static func createTable(_ connection: SQLiteConnection) throws {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS \(tableName) "
                + "(version INTEGER PRIMARY KEY, name TEXT, checksum TEXT, applied_at TEXT)")
    }

    private static func applied(_ connection: SQLiteConnection) throws -> [SQLiteAppliedMigration] {
        try connection.query("SELECT version, name, checksum, applied_at FROM \(tableName) ORDER BY version").map {
            row in
            SQLiteAppliedMigration(
                version: Int(row[0].integerValue ?? 0), name: row[1].textValue ?? "",
                checksum: row[2].textValue ?? "", appliedAt: row[3].textValue ?? "")
        }
    }
}

/// A row of `halyard_migrations`.
public struct SQLiteAppliedMigration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let checksum: String
    /// ISO 8601 UTC time of application.
    public let appliedAt: String
}
