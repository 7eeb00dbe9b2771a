import Foundation
import Testing

@testable import HalyardExample

/// Runs the example app's commands against a temp database and the repository's real migrations.
@Suite struct ExampleAppTests {
    static let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations").path

    private func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "halyard-example-app-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }

    @Test func migrateThenServeSucceed() async throws {
        try await withTemporaryDirectory { directory in
            let db = directory + "/nested/example.sqlite"
            #expect(await ExampleApp.main(["migrate", "--db", db, "--migrations", Self.migrations]) == 0)
            #expect(FileManager.default.fileExists(atPath: db))
            #expect(await ExampleApp.main(["migrate", "--db", db, "--migrations", Self.migrations]) == 0)
            #expect(await ExampleApp.main(["serve", "--db", db, "--migrations", Self.migrations]) == 0)
        }
    }

    @Test func schemaMismatchFails() async throws {
        try await withTemporaryDirectory { directory in
            let migrations = directory + "/Migrations"
            try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
            let original = try String(
                contentsOfFile: Self.migrations + "/0001_create_users_channels_messages.sql", encoding: .utf8)
            let withoutTopic = original.replacingOccurrences(of: "\"topic\"     TEXT,", with: "")
            #expect(withoutTopic != original)
            try withoutTopic.write(toFile: migrations + "/0001_init.sql", atomically: true, encoding: .utf8)
            let db = directory + "/example.sqlite"
            #expect(await ExampleApp.main(["migrate", "--db", db, "--migrations", migrations]) == 0)
            #expect(await ExampleApp.main(["--db", db, "--migrations", migrations]) == 1)
        }
    }

    @Test func badInputExitsNonZero() async throws {
        try await withTemporaryDirectory { directory in
            #expect(await ExampleApp.main(["frob"]) == 2)
            #expect(await ExampleApp.main(["migrate", "--db"]) == 2)
            let missing = directory + "/no-such-dir"
            #expect(await ExampleApp.main(["migrate", "--db", directory + "/x.sqlite", "--migrations", missing]) == 1)
            #expect(!FileManager.default.fileExists(atPath: directory + "/x.sqlite"))
        }
    }
}
