import Foundation
import HalyardModel
import Testing

@Suite struct CRUDTests {
    @Test func createFillsIdDefaultsAndTimestamps() async throws {
        try await Fixture.with { fixture in
            let ada = try await fixture.store.create(User(name: "Ada", email: "ada@example.com", age: 36))
            #expect(ada.id == 1)
            #expect(ada.admin == false)
            #expect(ada.role == "member")
            #expect(ada.createdAt != nil)
            #expect(ada.updatedAt != nil)
            let again = try await fixture.store.findOne(User.self, id: 1)
            #expect(again == ada)
        }
    }

    @Test func findOneByIdMissingIsNil() async throws {
        try await Fixture.with { fixture in
            let found = try await fixture.store.findOne(User.self, id: 99)
            #expect(found == nil)
        }
    }

    @Test func updateManyAndOne() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(5)
            let updated = try await fixture.store.update(
                Query<User>().where(\.age > 25), set: Changes<User>().set(\.admin, true))
            #expect(updated.map(\.name).sorted() == ["u3", "u4", "u5"])
            #expect(updated.allSatisfy { $0.admin == true })
            let one = try await fixture.store.updateOne(
                Query<User>().where(\.name == "u1"), set: Changes<User>().set(\.age, 11))
            #expect(one?.age == 11)
            await expectError(ModelError.invalidCriteria) {
                _ = try await fixture.store.updateOne(Query<User>(), set: Changes<User>().set(\.age, 1))
            }
            // The refused updateOne rolled back: no record took age 1.
            #expect(try await fixture.store.count(Query<User>().where(\.age == 1)) == 0)
            #expect(try await fixture.store.updateOne(Query<User>().where(\.name == "zz"), set: Changes<User>()) == nil)
        }
    }

    @Test func saveWritesWholeRecord() async throws {
        try await Fixture.with { fixture in
            var ada = try await fixture.store.create(User(name: "Ada", email: "ada@example.com"))
            ada.name = "Ada L."
            let saved = try await fixture.store.save(ada)
            #expect(saved.name == "Ada L.")
            var ghost = ada
            ghost.id = 99
            await expectError(ModelError.notFound) { _ = try await fixture.store.save(ghost) }
        }
    }

    @Test func destroyManyAndOne() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(4)
            let gone = try await fixture.store.destroy(Query<User>().where(\.age <= 20))
            #expect(gone.map(\.name) == ["u1", "u2"])
            #expect(try await fixture.store.count(Query<User>()) == 2)
            let one = try await fixture.store.destroyOne(Query<User>().where(\.name == "u3"))
            #expect(one?.name == "u3")
            #expect(try await fixture.store.destroyOne(Query<User>().where(\.name == "u3")) == nil)
        }
    }

    @Test func destroyOneMatchingSeveralDeletesNothing() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(3)
            await expectError(ModelError.invalidCriteria) {
                _ = try await fixture.store.destroyOne(Query<User>().where(\.age > 15))
            }
            #expect(try await fixture.store.count(Query<User>()) == 3)
        }
    }

    @Test func countSumAvg() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(4)
            #expect(try await fixture.store.count(Query<User>().where(\.age >= 20)) == 3)
            #expect(try await fixture.store.sum(Query<User>(), \.age) == 100)
            #expect(try await fixture.store.avg(Query<User>().where(\.age > 10), \.age) == 30)
            #expect(try await fixture.store.avg(Query<User>().where(\.age > 1000), \.age) == 0)
            #expect(try await fixture.store.count("user", Criteria(limit: 2)) == 2)
            #expect(
                try await fixture.store.sum(
                    "user", "age", Criteria(sort: [SortTerm(.name("age"), descending: true)], limit: 2)) == 70)
            await expectError(ModelError.invalidCriteria) { _ = try await fixture.store.sum("user", "name") }
        }
    }

    @Test func findOrCreate() async throws {
        try await Fixture.with { fixture in
            let first = try await fixture.store.findOrCreate(
                Query<User>().where(\.email == "a@example.com"), User(name: "A", email: "a@example.com"))
            #expect(first.created)
            let second = try await fixture.store.findOrCreate(
                Query<User>().where(\.email == "a@example.com"), User(name: "B", email: "a@example.com"))
            #expect(!second.created)
            #expect(second.record.name == "A")
        }
    }

    @Test func stringPrimaryKeys() async throws {
        try await Fixture.with { fixture in
            let rex = try await fixture.store.create(Pet(id: "rex", name: "Rex"))
            #expect(rex.id == "rex")
            #expect(try await fixture.store.findOne(Pet.self, id: "rex")?.name == "Rex")
            await expectError(ModelError.unique) { _ = try await fixture.store.create(Pet(id: "rex", name: "X")) }
            await expectError(ModelError.invalidNewRecord) {
                _ = try await fixture.store.create("pet", ["name": "no id"])
            }
        }
    }

    @Test func uniqueViolationNamesModelAndAttribute() async throws {
        try await Fixture.with { fixture in
            _ = try await fixture.store.create(User(name: "Ada", email: "ada@example.com"))
            do {
                _ = try await fixture.store.create(User(name: "Other", email: "ada@example.com"))
                Issue.record("expected E_UNIQUE")
            } catch ModelError.unique {
            } catch { Issue.record("unexpected \(error)") }
            do {
                _ = try await fixture.store.create(User(name: "Other", email: "ada@example.com"))
            } catch let error as ModelError {
                #expect(error.code == "E_UNIQUE")
                #expect(error.model == "user")
                #expect(error.attributes == ["email"])
                #expect(error.sql?.contains("INSERT INTO \"user\"") == true)
                #expect(!(error.description.contains("ada@example.com")))
                #expect(
                    error.json.jsonString()
                        == #"{"attrNames":["email"],"code":"E_UNIQUE","message":"would violate uniqueness of email","modelIdentity":"user"}"#
                )
            }
        }
    }

    @Test func untypedRecordsAndClientJSON() async throws {
        try await Fixture.with { fixture in
            let record = try await fixture.store.create(
                "user", ["name": "Ada", "email": "ada@example.com", "passwordHash": "secret", "tags": ["a", "b"]])
            #expect(record["passwordHash"] == "secret")
            #expect(record["tags"] == ["a", "b"])
            let client = try fixture.store.clientJSON("user", record)
            #expect(client["passwordHash"] == nil)
            #expect(client["name"] == "Ada")
            let typed = try #require(try await fixture.store.findOne(User.self, id: 1))
            #expect(typed.tags == ["a", "b"])
            #expect(try fixture.store.clientJSON(typed)["passwordHash"] == nil)
        }
    }

    @Test func typedChangesAndQueriesRefuseUndeclaredKeyPaths() async throws {
        try await Fixture.with { f in
            await expectError(ModelError.invalidValuesToSet) {
                try await f.store.update(Query<Pet>.all, set: Changes<Pet>().set(\.name.debugDescription, "x"))
            }
            await expectError(ModelError.invalidCriteria) {
                try await f.store.find(Query<Pet>().where(\.name.debugDescription == "x"))
            }
            let rex = try await f.store.create(Pet(id: "rex", name: "Rex"))
            #expect(try await f.store.findOne(Query<Pet>.id("rex"))?.name == rex.name)
            #expect(
                try await f.store.update(Query<Pet>.id("rex"), set: Changes<Pet>().set("name", "R")).first?.name == "R")
        }
    }

    @Test func unknownModelIsInvalidCriteria() async throws {
        try await Fixture.with { fixture in
            await expectError(ModelError.invalidCriteria) { _ = try await fixture.store.find("nope") }
        }
    }
}
