import Foundation
import HalyardModel
import Testing

@Suite struct ValidationTests {
    /// The problems (attribute, rule) of creating a user with `values` merged over valid ones.
    func problems(_ fixture: Fixture, _ values: Record) async throws -> [String] {
        var record: Record = ["name": "Ada", "email": "ada@example.com"]
        for (key, value) in values { record[key] = value }
        do {
            _ = try await fixture.store.create("user", record)
            return []
        } catch let error as ModelError {
            #expect(error.code == "E_INVALID_NEW_RECORD")
            #expect(error.model == "user")
            return error.problems.map { "\($0.attribute).\($0.rule)" }.sorted()
        }
    }

    @Test func everyRule() async throws {
        try await Fixture.with { f in
            #expect(try await problems(f, ["name": nil]) == ["name.required"])
            #expect(try await problems(f, ["name": ""]) == ["name.required"])
            #expect(try await problems(f, ["name": .string(String(repeating: "x", count: 41))]) == ["name.maxLength"])
            #expect(try await problems(f, ["email": "not-an-email"]) == ["email.isEmail"])
            #expect(try await problems(f, ["age": -1]) == ["age.min"])
            #expect(try await problems(f, ["age": 151]) == ["age.max"])
            #expect(try await problems(f, ["age": "old"]) == ["age.type"])
            #expect(try await problems(f, ["age": 1.5]) == ["age.type"])
            #expect(try await problems(f, ["admin": "yes"]) == ["admin.type"])
            #expect(try await problems(f, ["role": "king"]) == ["role.isIn"])
            #expect(try await problems(f, ["website": "ftp//nope"]) == ["website.isURL"])
            #expect(try await problems(f, ["code": "ABC-x"]) == ["code.regex"])
            #expect(try await problems(f, ["code": "xABC-1"]) == ["code.regex"])
            #expect(try await problems(f, ["nickname": "a b"]) == ["nickname.noSpaces"])
            #expect(try await problems(f, ["bio": "ab"]) == ["bio.minLength"])
            #expect(try await problems(f, ["bogus": 1]) == ["bogus.unknown"])
            #expect(
                try await problems(f, ["name": 5, "email": "x", "age": 200]) == [
                    "age.max", "email.isEmail", "name.type",
                ])
            #expect(
                try await problems(
                    f,
                    [
                        "age": 3, "website": "https://example.com/x", "code": "ABC-12", "nickname": "ada",
                        "bio": "hello",
                        "role": "owner", "score": 1.5, "admin": true,
                    ]) == [])
            let stored = try #require(try await f.store.findOne("user", id: 1))
            #expect(stored["nickname"] == "ada")
            #expect(stored["admin"] == true)
            #expect(stored["score"] == 1.5)
        }
    }

    @Test func updateValidationUsesItsOwnCode() async throws {
        try await Fixture.with { f in
            _ = try await f.store.create(User(name: "Ada", email: "ada@example.com"))
            do {
                _ = try await f.store.update("user", Criteria(), ["email": "bad", "name": nil])
                Issue.record("expected E_INVALID_VALUES_TO_SET")
            } catch let error as ModelError {
                #expect(error.code == "E_INVALID_VALUES_TO_SET")
                #expect(error.problems.map(\.attribute).sorted() == ["email", "name"])
            }
            await expectError(ModelError.invalidValuesToSet) { try await f.store.update("user", Criteria(), ["id": 5]) }
            // Blueprint-style: the record's own id alongside the values is fine.
            #expect(
                try await f.store.update("user", .primaryKey(1), ["id": 1, "bio": "hello"]).first?["bio"] == "hello")
            let updated = try await f.store.update("user", Criteria(), ["age": 5])
            #expect(updated.first?["age"] == 5)
            #expect(updated.first?["name"] == "Ada")
        }
    }

    @Test func autoUpdatedAtMovesOnUpdate() async throws {
        try await Fixture.with { f in
            let created = try await f.store.create("user", ["name": "A", "email": "a@example.com", "updatedAt": 5])
            #expect(created["updatedAt"] == 5)
            #expect(created["createdAt"]?.intValue ?? 0 > 1_000_000_000_000)
            let updated = try await f.store.update("user", Criteria(), ["age": 3])
            #expect(updated.first?["updatedAt"]?.intValue ?? 0 > 1_000_000_000_000)
            #expect(updated.first?["createdAt"] == created["createdAt"])
        }
    }

    @Test func declarationErrorsAreReportedByBuild() async throws {
        struct NoKey: Model {
            static let identity = "nokey"
            static let attributes: [Attribute<NoKey>] = [.string("name", \.name)]
            var name: String
        }
        struct BadName: Model {
            static let identity = "Bad Name"
            static let attributes: [Attribute<BadName>] = [.id(\.id)]
            var id: Int?
        }
        struct BadVia: Model {
            static let identity = "badvia"
            static let attributes: [Attribute<BadVia>] = [.id(\.id), .collection("users", of: "user", via: "nothing")]
            var id: Int?
        }
        for configure: (inout ModelStore.Builder) -> Void in [
            { $0.register(NoKey.self) }, { $0.register(BadName.self) }, { $0.register(BadVia.self) },
            { $0.register(User.self) },
        ] {
            await expectError(ModelError.invalidModel) {
                try await Fixture.with(configure: configure) { _ in }
            }
        }
    }
}
