import Foundation
import HalyardModel
import HalyardSQLite
import Models
import Testing

// The example app's models (Models/) against its real migration (Migrations/): the tables match, and the chat
// operations work end to end. The models are module-qualified because this test module has its own fixtures.

@Suite struct ExampleModelsTests {
    /// `<package root>/Migrations`, found from this file's path.
    static let migrationsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations").path

    /// A fresh temp database migrated with the app's migrations and a store with the example models.
    private func withExampleStore<T>(_ body: (ModelStore) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "halyard-example-models-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try SQLiteDatabase(path: directory + "/example.sqlite")
        do {
            let applied = try await SQLiteMigrator(directory: Self.migrationsDirectory).migrate(database)
            #expect(applied.map(\.fileName).first == "0001_create_users_channels_messages.sql")
            var builder = ModelStore.Builder(database: database)
            ExampleModels.register(in: &builder)
            let store = try await builder.build()
            let result = try await body(store)
            store.finishChangeStreams()
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    @Test func migrationMatchesTheModels() async throws {
        let identities = try await withExampleStore { store in store.identities }
        #expect(identities == ["channel", "message", "user"])
        #expect(ExampleModels.all.map { $0.identity } == ["user", "channel", "message"])
    }

    @Test func chatRoundTrip() async throws {
        try await withExampleStore { store in
            let ada = try await store.create(Models.User(name: "Ada", email: "ada@example.com", passwordHash: "h4sh"))
            let bob = try await store.create(Models.User(name: "Bob", email: "bob@example.com"))
            let general = try await store.create(Models.Channel(name: "general", topic: "anything"))
            let adaID = try #require(ada.id)
            let bobID = try #require(bob.id)
            let channelID = try #require(general.id)
            try await store.addToCollection(
                Models.Channel.self, id: channelID, "members", [.int(Int64(adaID)), .int(Int64(bobID))])
            _ = try await store.create(Models.Message(text: "hello", channel: channelID, author: adaID))

            let populated = try await store.findRecords(
                Query<Models.Channel>.id(channelID).populate("members").populate("messages"))
            let json = try store.clientJSON("channel", try #require(populated.first))
            #expect(json["members"]?.arrayValue?.count == 2)
            #expect(json["messages"]?.arrayValue?.first?["text"] == .string("hello"))
            #expect(json["members"]?.arrayValue?.allSatisfy { $0["passwordHash"] == nil } == true)

            let adaChannels = try await store.findRecords(Query<Models.User>.id(adaID).populate("channels"))
            #expect(adaChannels.first?["channels"]?.arrayValue?.count == 1)
            #expect(try store.clientJSON(ada)["passwordHash"] == nil)
            #expect(ada.createdAt != nil)
        }
    }

    @Test func declaredRulesAreEnforced() async throws {
        try await withExampleStore { store in
            _ = try await store.create(Models.Channel(name: "general"))
            await #expect(throws: ModelError.self) {
                _ = try await store.create(Models.User(name: "Eve", email: "not-an-email"))
            }
            do {
                _ = try await store.create(Models.Channel(name: "general"))
                Issue.record("a duplicate channel name was accepted")
            } catch ModelError.unique {}
            do {
                let text = String(repeating: "x", count: Models.Message.maxTextLength + 1)
                _ = try await store.create(Models.Message(text: text, channel: nil, author: nil))
                Issue.record("an over-long message was accepted")
            } catch ModelError.invalidNewRecord {}
            do {
                _ = try await store.create(Models.Message(text: "orphan", channel: 999, author: nil))
                Issue.record("a message in a missing channel was accepted")
            } catch let error as ModelError {
                #expect(error.underlying?.code == "E_SQLITE_CONSTRAINT_FOREIGNKEY")
            }
        }
    }
}
