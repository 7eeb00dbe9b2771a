import Foundation
import HalyardModel
import Testing

/// A small deterministic generator (xorshift) so fuzz failures reproduce.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    mutating func value(depth: Int) -> JSONValue {
        let keys = [
            "where", "sort", "limit", "skip", "select", "omit", "or", "and", "name", "age", "admin",
            "score", "tags", "createdAt", "channels", "<", "<=", ">", ">=", "!=", "in", "nin", "contains",
            "startsWith", "endsWith", "like", "bogus", "id", "ASC", "DESC", "name DESC", "*",
        ]
        let scalars: [JSONValue] = [
            .null, true, false, 0, -1, 7, 2_147_483_648, 1.5, .double(-0.0), "", "a", "20",
            "name", "age DESC", "%", "'; DROP TABLE user; --", "\u{0}", "ÿ",
        ]
        switch depth > 3 ? 0 : next() % 4 {
        case 0, 1: return pick(scalars)
        case 2: return .array((0..<Int(next() % 4)).map { _ in value(depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(next() % 4) { members[pick(keys)] = value(depth: depth + 1) }
            return .object(members)
        }
    }
}

@Suite struct RobustnessTests {
    @Test func criteriaFuzzNeverCrashes() async throws {
        try await Fixture.with { f in
            try await f.seedUsers(3)
            var generator = Generator(state: 0x9E37_79B9_7F4A_7C15)
            var valid = 0
            var invalid = 0
            for _ in 0..<1500 {
                let json = generator.value(depth: 0)
                do {
                    _ = try await f.store.find("user", Criteria(json: json))
                    _ = try await f.store.count("user", Criteria(json: json))
                    valid += 1
                } catch let error as ModelError {
                    #expect(error.code == "E_INVALID_CRITERIA", "\(json): \(error)")
                    invalid += 1
                }
            }
            #expect(valid > 50)
            #expect(invalid > 50)
            #expect(try await f.store.count(Query<User>()) == 3)
        }
    }

    @Test func valuesFuzzNeverCrashes() async throws {
        try await Fixture.with { f in
            var generator = Generator(state: 0x2545_F491_4F6C_DD1D)
            let keys = [
                "name", "email", "age", "score", "admin", "role", "website", "code", "nickname", "bio",
                "passwordHash", "tags", "createdAt", "channels", "messages", "id", "bogus",
            ]
            let allowed: Set<String> = ["E_INVALID_NEW_RECORD", "E_INVALID_VALUES_TO_SET", "E_UNIQUE", "E_NOT_FOUND"]
            var created = 0
            for index in 0..<600 {
                var record: Record = ["name": "n\(index)", "email": "e\(index)@example.com"]
                for _ in 0..<Int(generator.next() % 4) { record[generator.pick(keys)] = generator.value(depth: 2) }
                do {
                    if index % 2 == 0 {
                        _ = try await f.store.create("user", record)
                        created += 1
                    } else {
                        _ = try await f.store.update("user", .primaryKey(.int(Int64(index / 2))), record)
                    }
                } catch let error as ModelError {
                    #expect(allowed.contains(error.code), "\(record): \(error)")
                }
            }
            #expect(created > 10)
            #expect(try await f.store.count(Query<User>()) == created)
        }
    }

    @Test func deepNestingIsRefused() async throws {
        var json: JSONValue = ["name": "x"]
        for _ in 0..<100 { json = ["or": [json]] }
        await expectError(ModelError.invalidCriteria) { try Criteria(json: ["where": json]) }
    }

    @Test func concurrentReadersDuringWrites() async throws {
        try await Fixture.with { f in
            try await f.seedUsers(20)
            let store = f.store
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for index in 0..<50 {
                        try await store.transaction { tx in
                            _ = try await tx.update(Query<User>(), set: Changes<User>().set(\.score, Double(index)))
                        }
                    }
                }
                for _ in 0..<3 {
                    group.addTask {
                        for _ in 0..<50 {
                            let users = try await store.find(Query<User>())
                            #expect(users.count == 20)
                            // Each read is one snapshot: every row has the same score.
                            #expect(Set(users.map(\.score)).count == 1)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func streamScansInBatches() async throws {
        try await Fixture.with { f in
            try await f.seedUsers(25)
            var sizes: [Int] = []
            var names: [String] = []
            for try await batch in f.store.stream(Query<User>().where(\.age > 20), batchSize: 10) {
                sizes.append(batch.count)
                names += batch.map(\.name)
            }
            #expect(sizes == [10, 10, 3])
            #expect(names.first == "u3" && names.last == "u25")
            var limited = 0
            for try await batch in f.store.stream("user", Criteria(limit: 15), batchSize: 10) { limited += batch.count }
            #expect(limited == 15)
            await expectError(ModelError.invalidCriteria) {
                for try await _ in f.store.stream(Query<User>().sort(\.name), batchSize: 10) {}
            }
        }
    }

    @Test func databaseErrorsQuoteSQLNotValues() async throws {
        try await Fixture.with { f in
            do {
                _ = try await f.store.create(Message(text: "secret text", channel: 999, author: nil))
                Issue.record("expected a foreign key failure")
            } catch let error as ModelError {
                #expect(error.code == "E_DATABASE")
                #expect(error.underlying?.code == "E_SQLITE_CONSTRAINT_FOREIGNKEY")
                #expect(error.sql?.hasPrefix(#"INSERT INTO "message""#) == true)
                #expect(!error.description.contains("secret text"))
                #expect(error.json["message"] == "database error")
            }
        }
    }

    @Test func cancellingAConsumerEndsItsStream() async throws {
        try await Fixture.with { f in
            let stream = f.store.changes()
            let consumer = Task {
                var count = 0
                for try await _ in stream { count += 1 }
                return count
            }
            _ = try await f.store.create(User(name: "a", email: "a@example.com"))
            try await Task.sleep(nanoseconds: 50_000_000)
            consumer.cancel()
            let count = try await withTimeout(seconds: 30) { try await consumer.value }
            #expect(count <= 1)
            // Writers are unaffected by the gone subscriber.
            _ = try await f.store.create(User(name: "b", email: "b@example.com"))
            #expect(f.store.lastChangeSeq == 2)
        }
    }

    @Test func jsonValueRoundTrips() throws {
        let value: JSONValue = ["a": [1, 2.5, "x\n\"y\"", nil, true], "b": ["c": -3], "u": "\u{1}é"]
        let text = value.jsonString()
        #expect(text == #"{"a":[1,2.5,"x\n\"y\"",null,true],"b":{"c":-3},"u":"\u0001é"}"#)
        #expect(try JSONValue(parsing: text) == value)
        struct Sample: Codable, Equatable {
            var date: Date
            var list: [Int]
            var nested: [String: Bool]
            var optional: String?
        }
        let sample = Sample(date: Date(timeIntervalSince1970: 1.5), list: [1, 2], nested: ["k": true], optional: nil)
        let encoded = try JSONValueEncoder().encode(sample)
        #expect(encoded == ["date": 1500, "list": [1, 2], "nested": ["k": true]])
        #expect(try JSONValueDecoder().decode(Sample.self, from: encoded) == sample)
    }
}
