import Foundation
import HalyardModel
import Testing

@Suite struct CriteriaTests {
    /// Finds user names for JSON criteria over users u1..u5 (ages 10..50) plus extras.
    func names(_ fixture: Fixture, _ json: JSONValue) async throws -> [String] {
        try await fixture.store.find("user", Criteria(json: json)).compactMap { $0["name"]?.stringValue }
    }

    func seeded(_ body: (Fixture) async throws -> Void) async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(5)
            _ = try await fixture.store.create("user", ["name": "50%_off\\", "email": "x@example.com"])
            try await body(fixture)
        }
    }

    @Test func everyModifier() async throws {
        try await seeded { (f: Fixture) async throws in
            #expect(try await names(f, ["age": 20]) == ["u2"])
            #expect(try await names(f, ["where": ["age": ["<": 20]]]) == ["u1"])
            #expect(try await names(f, ["age": ["<=": 20]]) == ["u1", "u2"])
            #expect(try await names(f, ["age": [">": 40]]) == ["u5"])
            #expect(try await names(f, ["age": [">=": 40]]) == ["u4", "u5"])
            #expect(try await names(f, ["age": ["!=": 30, "<": 45]]) == ["u1", "u2", "u4"])
            #expect(try await names(f, ["age": ["in": [10, 50]]]) == ["u1", "u5"])
            #expect(try await names(f, ["age": [10, 50]]) == ["u1", "u5"])
            #expect(try await names(f, ["age": ["nin": [10, 50]]]) == ["u2", "u3", "u4"])
            #expect(try await names(f, ["age": ["!=": [10, 50]]]) == ["u2", "u3", "u4"])
            #expect(try await names(f, ["age": nil]) == ["50%_off\\"])
            #expect(try await names(f, ["age": ["!=": nil], "name": ["contains": "3"]]) == ["u3"])
            #expect(try await names(f, ["name": ["contains": "%_"]]) == ["50%_off\\"])
            #expect(try await names(f, ["name": ["contains": "U"]]).count == 5)
            #expect(try await names(f, ["name": ["startsWith": "50%"]]) == ["50%_off\\"])
            #expect(try await names(f, ["name": ["startsWith": "5_"]]) == [])
            #expect(try await names(f, ["name": ["endsWith": "off\\"]]) == ["50%_off\\"])
            #expect(try await names(f, ["name": ["like": "u_"]]).count == 5)
            #expect(try await names(f, ["or": [["age": 10], ["age": ["in": [40]]]]]) == ["u1", "u4"])
            #expect(try await names(f, ["and": [["age": [">": 10]], ["age": ["<": 30]]]]) == ["u2"])
            #expect(try await names(f, ["or": []]) == [])
            #expect(try await names(f, ["age": ["in": []]]) == [])
            #expect(try await names(f, ["age": ["nin": []]]).count == 6)
            #expect(try await names(f, ["age": ["in": [10, nil]]]) == ["u1", "50%_off\\"])
            #expect(try await names(f, ["age": "20"]) == ["u2"])
            #expect(try await names(f, ["admin": "false"]).count == 6)
            #expect(try await names(f, 3) == ["u3"])
            #expect(try await names(f, [1, 2]) == ["u1", "u2"])
        }
    }

    @Test func everySortForm() async throws {
        try await seeded { (f: Fixture) async throws in
            let desc = ["u5", "u4", "u3", "u2", "u1"]
            let base: JSONValue = ["age": ["!=": nil]]
            for sort: JSONValue in [
                "age DESC", "age desc", ["age DESC"], [["age": "DESC"]], ["age": -1], [["age": -1]],
                "name ASC, age DESC",
            ] {
                let got = try await names(f, ["where": base, "sort": sort])
                if sort == "name ASC, age DESC" {
                    #expect(got == ["u1", "u2", "u3", "u4", "u5"])
                } else {
                    #expect(got == desc, "sort \(sort)")
                }
            }
            #expect(try await names(f, ["where": base, "sort": "age"]) == desc.reversed())
            #expect(try await names(f, ["where": base, "sort": ["age": 1]]) == desc.reversed())
            #expect(try await names(f, ["where": base, "sort": [["admin": "ASC"], ["age": "DESC"]]]) == desc)
            await expectError(ModelError.invalidCriteria) { try await names(f, ["sort": ["age": "DESC"]]) }
            await expectError(ModelError.invalidCriteria) { try await names(f, ["sort": "age UP"]) }
            await expectError(ModelError.invalidCriteria) { try await names(f, ["sort": "nope"]) }
        }
    }

    @Test func limitSkipSelectOmit() async throws {
        try await seeded { (f: Fixture) async throws in
            #expect(
                try await names(f, ["sort": "age ASC", "limit": 2, "skip": 1, "where": ["age": [">": 0]]]) == [
                    "u2", "u3",
                ])
            #expect(try await names(f, ["age": [">": 0], "limit": "2"]).count == 2)
            #expect(try await names(f, ["limit": 0]).isEmpty)
            #expect(try await names(f, ["skip": 5, "limit": nil]).count == 1)
            #expect(try await names(f, ["limit": "Infinity"]).count == 6)
            let selected = try await f.store.find("user", Criteria(json: ["select": ["name"], "limit": 1]))
            #expect(selected[0].keys.sorted() == ["id", "name"])
            let omitted = try await f.store.find("user", Criteria(json: ["omit": ["email", "bio"], "limit": 1]))
            #expect(omitted[0]["email"] == nil && omitted[0]["name"] != nil)
            let star = try await f.store.find("user", Criteria(json: ["select": ["*"], "limit": 1]))
            #expect(star[0]["email"] != nil)
        }
    }

    @Test func invalidCriteriaNamesTheProblem() async throws {
        try await seeded { (f: Fixture) async throws in
            let cases: [(JSONValue, String)] = [
                (["nope": 1], "nope"),
                (["age": ["~": 1]], "~"),
                (["age": ["<": "abc"]], "age"),
                (["age": ["<": nil]], "age"),
                (["age": ["in": 5]], "in"),
                (["age": ["contains": "1"]], "contains"),
                (["name": ["contains": 5]], "contains"),
                (["or": ["x"]], "or"),
                (["or": 1], "or"),
                (["limit": -1], "limit"),
                (["skip": "x"], "skip"),
                (["where": 5], "where"),
                (["where": [:], "extra": 1], "extra"),
                (["select": ["channels"]], "channels"),
                (["omit": ["id"]], "primary key"),
                (["select": ["name"], "omit": ["email"]], "select"),
                (["channels": 1], "channels"),
                (["age": [:]], "age"),
                (["age": ["<": [1]]], "age"),
                (true, "boolean"),
            ]
            for (json, mention) in cases {
                do {
                    _ = try await f.store.find("user", Criteria(json: json))
                    Issue.record("expected E_INVALID_CRITERIA for \(json)")
                } catch let error as ModelError {
                    #expect(error.code == "E_INVALID_CRITERIA", "\(json)")
                    #expect(error.message.contains(mention), "\(json): \(error.message)")
                }
            }
            await expectError(ModelError.invalidCriteria) { try Criteria(jsonText: "{not json") }
        }
    }

    @Test func typedPredicates() async throws {
        try await seeded { (f: Fixture) async throws in
            let store = f.store
            #expect(try await store.find(Query<User>().where(\.age > 20 && \.age < 50)).map(\.name) == ["u3", "u4"])
            #expect(try await store.find(Query<User>().where(\.age == 10 || \.age == 20)).map(\.name) == ["u1", "u2"])
            #expect(
                try await store.find(Query<User>().where(.startsWith(\.name, "u")).sort(\.age, .descending).limit(2))
                    .map(\.name) == ["u5", "u4"])
            #expect(try await store.find(Query<User>().where(.in(\.age, [30, 40]))).map(\.name) == ["u3", "u4"])
            #expect(try await store.find(Query<User>().where(.notIn(\.age, [30, 40]))).count == 3)
            #expect(try await store.find(Query<User>().where(.contains(\.name, "%"))).count == 1)
            #expect(try await store.find(Query<User>().where(.endsWith(\.name, "5"))).map(\.name) == ["u5"])
            #expect(try await store.find(Query<User>().where(.like(\.name, "u%"))).count == 5)
            #expect(try await store.find(Query<User>().where(\.age != 10).where(\.age >= 40)).count == 2)
            #expect(try await store.find(Query<User>().where(.attribute("age", .lessThan, 20))).map(\.name) == ["u1"])
            #expect(try await store.find(Query<User>().sort("age").skip(1).limit(1)).map(\.name) == ["u1"])
            let sel = try await store.findRecords(Query<User>().select(\User.name).limit(1))
            #expect(sel[0].keys.sorted() == ["id", "name"])
            let omitted = try await store.findRecords(Query<User>().omit(\User.email).limit(1))
            #expect(omitted[0]["email"] == nil)
        }
    }

    @Test func datesBooleansAndJSONAttributes() async throws {
        try await Fixture.with { (f: Fixture) async throws in
            _ = try await f.store.create(
                "user", ["name": "old", "email": "o@example.com", "createdAt": 1_000, "tags": ["x"]])
            _ = try await f.store.create(
                "user", ["name": "new", "email": "n@example.com", "admin": true, "tags": ["y"]])
            let recent = try await f.store.find(Query<User>().where(\.createdAt > Date(timeIntervalSince1970: 1)))
            #expect(recent.map(\.name) == ["new"])
            #expect(try await names(f, ["createdAt": ["<": "1970-01-01T00:00:02Z"]]) == ["old"])
            #expect(try await names(f, ["admin": true]) == ["new"])
            #expect(try await f.store.find(Query<User>().where(\.admin == true)).map(\.name) == ["new"])
            #expect(try await names(f, ["tags": ["contains": "\"y\""]]) == ["new"])
            await expectError(ModelError.invalidCriteria) { try await names(f, ["createdAt": ["<": "yesterday"]]) }
            await expectError(ModelError.invalidCriteria) { try await names(f, ["admin": "maybe"]) }
        }
    }

    @Test func sqlIsCapturedForKeyQueries() async throws {
        try await seeded { (f: Fixture) async throws in
            f.trace.clear()
            _ = try await f.store.find(
                Query<User>().where(\.age > 21 && .contains(\.name, "u")).sort(\.name, .descending).limit(10).skip(5))
            #expect(
                f.trace.all.contains(
                    #"SELECT "id", "name", "email", "age", "score", "admin", "role", "website", "code", "nick", "bio", "passwordHash", "tags", "createdAt", "updatedAt" FROM "user" WHERE ("age" > ? AND "name" LIKE ? ESCAPE '\') ORDER BY "name" DESC LIMIT ? OFFSET ?"#
                ))
            f.trace.clear()
            _ = try await f.store.findOne(User.self, id: 1)
            #expect(f.trace.all.contains { $0.hasSuffix(#"FROM "user" WHERE "id" = ?"#) })
            f.trace.clear()
            _ = try await f.store.count(Query<User>().where(.in(\.age, [1, 2])))
            #expect(f.trace.all.contains(#"SELECT COUNT(*) FROM "user" WHERE "age" IN (?, ?)"#))
            f.trace.clear()
            _ = try await f.store.create(Pet(id: "p", name: "n"))
            // Every column given: no read-back; the change record goes in the same transaction.
            #expect(
                f.trace.all == [
                    "BEGIN IMMEDIATE", #"INSERT INTO "pet" ("id", "name") VALUES (?, ?)"#,
                    "INSERT INTO halyard_changes (model, verb, record_id, attribute, child_id, data, previous, origin, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "COMMIT",
                ])
            f.trace.clear()
            _ = try await f.store.create(Pet(id: "q", name: nil))
            #expect(f.trace.all.contains(#"INSERT INTO "pet" ("id") VALUES (?) RETURNING "id", "name""#))
            // Injection attempts stay values or are refused as unknown attributes.
            f.trace.clear()
            #expect(try await names(f, ["name": "x' OR 1=1 --"]).isEmpty)
            await expectError(ModelError.invalidCriteria) { try await names(f, ["name\" = 1 OR \"1": 1]) }
            #expect(f.trace.all.allSatisfy { !$0.contains("OR 1=1") })
        }
    }
}
