import Foundation
import HalyardSQLite

/// The example app's commands: `migrate`, and `serve` (for now: migrate, check the models, list them).
enum ExampleApp {
    /// Runs the command line and returns the process exit status (0 ok, 1 failure, 2 bad usage).
    nonisolated static func main(_ arguments: [String]) async -> Int32 {
        let command: ExampleCommandLine
        do {
            command = try ExampleCommandLine.parse(arguments)
        } catch {
            printError("halyard-example: \(error)\n\(ExampleCommandLine.usage)")
            return 2
        }
        do {
            switch command {
            case .help:
                print(ExampleCommandLine.usage)
            case .migrate(let options):
                let migrator = try SQLiteMigrator(directory: options.migrationsDirectory)
                let db = try SQLiteDatabase(path: options.databasePath)
                try await migrate(db, migrator, options)
                await db.close()
            case .serve(let options):
                let migrator = try SQLiteMigrator(directory: options.migrationsDirectory)
                let db = try SQLiteDatabase(path: options.databasePath)
                try await migrate(db, migrator, options)
                try await ExampleModelReport.run(db)
                await db.close()
            }
            return 0
        } catch {
            printError("halyard-example: \(error)")
            return 1
        }
    }

    /// Applies pending migrations and prints what was applied and what is now applied.
    static func migrate(_ db: SQLiteDatabase, _ migrator: SQLiteMigrator, _ options: ExampleOptions) async throws {
        let appliedNow = try await migrator.migrate(db)
        for migration in appliedNow { print("applied \(migration.fileName)") }
        let versions = try await migrator.appliedMigrations(in: db).map { String(format: "%04d", $0.version) }
        print(
            "\(options.databasePath): \(appliedNow.isEmpty ? "up to date" : "migrated"), applied versions: "
                + (versions.isEmpty ? "none" : versions.joined(separator: ", ")))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
