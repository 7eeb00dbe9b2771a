import Testing

@testable import HalyardExample

@Suite struct ExampleCommandLineTests {
    @Test func noArgumentsServesWithDefaults() throws {
        #expect(try ExampleCommandLine.parse([]) == .serve(ExampleOptions()))
        #expect(ExampleOptions().databasePath == "./.data/example.sqlite")
        #expect(ExampleOptions().migrationsDirectory == "./Migrations")
    }

    @Test func migrateTakesDatabaseAndMigrations() throws {
        let parsed = try ExampleCommandLine.parse(["migrate", "--db", "/tmp/x.sqlite", "--migrations=/tmp/m"])
        #expect(parsed == .migrate(ExampleOptions(databasePath: "/tmp/x.sqlite", migrationsDirectory: "/tmp/m")))
        #expect(
            try ExampleCommandLine.parse(["--db=/tmp/y.sqlite"])
                == .serve(ExampleOptions(databasePath: "/tmp/y.sqlite")))
        #expect(try ExampleCommandLine.parse(["serve", "--help"]) == .help)
    }

    @Test(arguments: [
        (["frob"], "unknown command frob"),
        (["migrate", "--bogus"], "unknown option --bogus"),
        (["migrate", "--db"], "--db needs a value"),
        (["migrate", "--db", "--migrations", "x"], "--db needs a value"),
        (["migrate", "--db="], "non-empty"),
        (["migrate", "extra"], "unknown option extra"),
    ])
    func badArgumentsAreRefused(arguments: [String], message: String) {
        #expect {
            try ExampleCommandLine.parse(arguments)
        } throws: { error in
            (error as? ExampleUsageError)?.description.contains(message) == true
        }
    }
}
