import Foundation
import HalyardSQLite
import Testing

@Suite struct SQLiteMigratorTests {
    /// A migrations directory and a database in one fresh temp directory.
    private struct Fixture {
        let directory: TemporaryDirectory
        var migrations: String { directory.file("Migrations") }

        init() throws {
            directory = try TemporaryDirectory()
            try FileManager.default.createDirectory(
                atPath: directory.file("Migrations"), withIntermediateDirectories: true)
        }

        func write(_ name: String, _ sql: String) throws {
            try sql.write(toFile: migrations + "/" + name, atomically: true, encoding: .utf8)
        }

        func remove(_ name: String) throws { try FileManager.default.removeItem(atPath: migrations + "/" + name) }

        func withDatabase<T>(_ body: (SQLiteDatabase) async throws -> T) async throws -> T {
            let db = try SQLiteDatabase(path: directory.file("db.sqlite"))
            do {
                let result = try await body(db)
                await db.close()
                return result
            } catch {
                await db.close()
                throw error
            }
        }
    }

    private func tables(_ db: SQLiteDatabase) async throws -> [String] {
        try await db.read { conn in
            try conn.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap {
                $0[0].textValue
            }
        }
    }

    @Test func freshDatabaseAppliesAllInOrder() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write(
            "0002_add_posts.sql", "CREATE TABLE post (id INTEGER PRIMARY KEY, user INTEGER REFERENCES user(id));")
        try fixture.write("0001_create_users.sql", "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);\n-- done\n")
        try fixture.write("README.md", "not a migration")
        try await fixture.withDatabase { db in
            let applied = try await SQLiteMigrator(directory: fixture.migrations).migrate(db)
            #expect(applied.map(\.version) == [1, 2])
            #expect(applied.map(\.name) == ["create_users", "add_posts"])
            #expect(try await tables(db) == ["halyard_migrations", "post", "user"])
            let records = try await SQLiteMigrator(directory: fixture.migrations).appliedMigrations(in: db)
            #expect(records.map(\.version) == [1, 2])
            #expect(records[0].checksum == applied[0].checksum)
            #expect(records[0].checksum.count == 64)
            #expect(records[0].appliedAt.hasSuffix("Z"))
        }
    }

    @Test func incrementalRunAppliesOnlyNewFiles() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write("0001_create_users.sql", "CREATE TABLE user (id INTEGER PRIMARY KEY);")
        try await fixture.withDatabase { db in
            #expect(try await SQLiteMigrator(directory: fixture.migrations).migrate(db).map(\.version) == [1])
            try fixture.write("0002_add_name.sql", "ALTER TABLE user ADD COLUMN name TEXT;")
            try fixture.write("0010_add_email.sql", "ALTER TABLE user ADD COLUMN email TEXT;")
            let migrator = try SQLiteMigrator(directory: fixture.migrations)
            #expect(try await migrator.pendingMigrations(in: db).map(\.version) == [2, 10])
            #expect(try await migrator.migrate(db).map(\.version) == [2, 10])
            let columns = try await db.read { conn in
                try conn.query("SELECT name FROM pragma_table_info('user')").compactMap { $0[0].textValue }
            }
            #expect(columns == ["id", "name", "email"])
        }
    }

    @Test func rerunIsIdempotent() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write("0001_create_users.sql", "CREATE TABLE user (id INTEGER PRIMARY KEY);")
        try await fixture.withDatabase { db in
            let migrator = try SQLiteMigrator(directory: fixture.migrations)
            #expect(try await migrator.migrate(db).count == 1)
            #expect(try await migrator.migrate(db).isEmpty)
            #expect(try await migrator.appliedMigrations(in: db).count == 1)
        }
        // A new process (new database handle) sees the same state.
        try await fixture.withDatabase { db in
            let applied = try await SQLiteMigrator(directory: fixture.migrations).migrate(db)
            #expect(applied.isEmpty)
        }
    }

    @Test func changedAppliedFileIsRefused() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write("0001_create_users.sql", "CREATE TABLE user (id INTEGER PRIMARY KEY);")
        try await fixture.withDatabase { db in
            try await SQLiteMigrator(directory: fixture.migrations).migrate(db)
            try fixture.write("0001_create_users.sql", "CREATE TABLE user (id INTEGER PRIMARY KEY, extra TEXT);")
            try fixture.write("0002_more.sql", "CREATE TABLE more (id INTEGER PRIMARY KEY);")
            let error = try await #require(throws: SQLiteMigrationError.self) {
                try await SQLiteMigrator(directory: fixture.migrations).migrate(db)
            }
            #expect(error.code == "E_MIGRATION_CHANGED")
            #expect(error.fileName == "0001_create_users.sql")
            #expect(error.description.contains("0001_create_users.sql"))
            #expect(try await tables(db) == ["halyard_migrations", "user"])  // 0002 not applied either
        }
    }

    @Test func failingMigrationRollsBackAndKeepsEarlierOnes() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write("0001_create_users.sql", "CREATE TABLE user (id INTEGER PRIMARY KEY);")
        try fixture.write(
            "0002_broken.sql",
            "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\nALTER TABLE nowhere ADD COLUMN x TEXT;")
        try fixture.write("0003_later.sql", "CREATE TABLE later (id INTEGER PRIMARY KEY);")
        try await fixture.withDatabase { db in
            let migrator = try SQLiteMigrator(directory: fixture.migrations)
            let error = try await #require(throws: SQLiteMigrationError.self) { try await migrator.migrate(db) }
            #expect(error.code == "E_MIGRATION_FAILED")
            #expect(error.fileName == "0002_broken.sql")
            #expect(error.underlying?.message.contains("no such table: nowhere") == true)
            #expect(error.description.contains("ALTER TABLE nowhere ADD COLUMN x TEXT"))
            #expect(try await tables(db) == ["halyard_migrations", "user"])
            #expect(try await migrator.appliedMigrations(in: db).map(\.version) == [1])
        }
    }

    @Test func appliedVersionMissingFromDiskIsReported() async throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write("0001_create_users.sql", "CREATE TABLE user (id INTEGER PRIMARY KEY);")
        try fixture.write("0002_posts.sql", "CREATE TABLE post (id INTEGER PRIMARY KEY);")
        try await fixture.withDatabase { db in
            try await SQLiteMigrator(directory: fixture.migrations).migrate(db)
            try fixture.remove("0002_posts.sql")
            let error = try await #require(throws: SQLiteMigrationError.self) {
                try await SQLiteMigrator(directory: fixture.migrations).migrate(db)
            }
            #expect(error.code == "E_MIGRATION_MISSING")
            #expect(error.description.contains("0002_posts.sql"))
        }
    }

    @Test(arguments: ["1_short.sql", "0001.sql", "0001_.sql", "abcd_name.sql", "0001_bad name.sql", "0000_zero.sql"])
    func badFileNamesAreInvalid(name: String) throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write(name, "SELECT 1;")
        let error = try #require(throws: SQLiteMigrationError.self) {
            try SQLiteMigrator(directory: fixture.migrations)
        }
        #expect(error.code == "E_MIGRATION_INVALID")
        #expect(error.fileName == name)
    }

    @Test func duplicateVersionIsInvalid() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.write("0001_a.sql", "SELECT 1;")
        try fixture.write("0001_b.sql", "SELECT 2;")
        let error = try #require(throws: SQLiteMigrationError.self) {
            try SQLiteMigrator(directory: fixture.migrations)
        }
        #expect(error.code == "E_MIGRATION_INVALID")
        #expect(error.message.contains("0001_a.sql"))
        var caught = false
        do { _ = try SQLiteMigrator(directory: fixture.migrations) } catch SQLiteMigrationError.Code.invalid {
            caught = true
        }
        #expect(caught)
    }

    @Test func missingDirectoryIsInvalid() {
        #expect(throws: SQLiteMigrationError.self) { try SQLiteMigrator(directory: "/nonexistent/halyard/migrations") }
    }
}
