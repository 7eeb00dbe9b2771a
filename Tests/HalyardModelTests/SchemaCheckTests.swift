import Foundation
import HalyardModel
import Testing

@Suite struct SchemaCheckTests {
    func mismatch(_ ddl: String) async -> ModelError? {
        do {
            try await Fixture.with(ddl: ddl) { _ in }
            return nil
        } catch let error as ModelError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func matchingTablesPass() async throws {
        try await Fixture.with { f in #expect(f.store.identities == ["channel", "message", "pet", "user"]) }
    }

    @Test func missingColumnIsNamed() async throws {
        let ddl = fixtureDDL.replacingOccurrences(of: "bio TEXT, ", with: "")
        let error = await mismatch(ddl)
        #expect(error?.code == "E_SCHEMA_MISMATCH")
        #expect(error?.model == "user")
        #expect(error?.problems.map(\.attribute) == ["bio"])
        #expect(error?.message.contains("column `bio` is missing") == true)
    }

    @Test func mistypedColumnIsNamed() async throws {
        let ddl = fixtureDDL.replacingOccurrences(of: "age INTEGER", with: "age TEXT")
        let error = await mismatch(ddl)
        #expect(error?.code == "E_SCHEMA_MISMATCH")
        #expect(error?.problems.map(\.attribute) == ["age"])
        #expect(error?.problems.first?.rule == "columnType")
    }

    @Test func missingTableAndJunction() async throws {
        let noPet = fixtureDDL.replacingOccurrences(of: "CREATE TABLE pet (id TEXT PRIMARY KEY, name TEXT);", with: "")
        #expect(await mismatch(noPet)?.message.contains("table `pet` is missing") == true)
        let noJunction = fixtureDDL.replacingOccurrences(of: "channel_members__user_channels", with: "other_junction")
        let error = await mismatch(noJunction)
        #expect(error?.message.contains("junction table `channel_members__user_channels` is missing") == true)
    }

    @Test func junctionNamingConvention() {
        let junction = Junction(
            parent: "user", parentAttribute: "channels", child: "channel", childAttribute: "members")
        #expect(junction.table == "channel_members__user_channels")
        #expect(junction.parentColumn == "user_channels")
        #expect(junction.childColumn == "channel_members")
        #expect(
            junction.createSQL(parentTable: "user", childTable: "channel").contains(
                #"UNIQUE ("user_channels", "channel_members")"#))
    }
}
