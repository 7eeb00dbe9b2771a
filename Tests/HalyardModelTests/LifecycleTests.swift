import Foundation
import HalyardModel
import Testing

struct Refusal: Error {}

@Suite struct LifecycleTests {
    @Test func beforeCreateChangesValuesAndAfterCreateSeesRecord() async throws {
        let seen = Lines()
        let configure: (inout ModelStore.Builder) -> Void = { builder in
            builder.beforeCreate(User.self) { values, context in
                values["name"] = .string((values["name"]?.stringValue ?? "").uppercased())
                seen.append("before \(context.model) \(context.origin ?? "-")")
            }
            builder.afterCreate(User.self) { record, _ in seen.append("after \(record["name"]?.stringValue ?? "")") }
        }
        try await Fixture.with(configure: configure) { f in
            let stream = f.store.changes()
            let ada = try await f.store.withOrigin("s9").create(User(name: "ada", email: "ada@example.com"))
            #expect(ada.name == "ADA")
            #expect(seen.all == ["before user s9", "after ADA"])
            let events = try await collect(stream, 1)
            #expect(events[0].data?["name"] == "ADA")
        }
    }

    @Test func refusingRollsBackAndEmitsNothing() async throws {
        let configure: (inout ModelStore.Builder) -> Void = { builder in
            builder.afterCreate(User.self) { record, _ in
                if record["name"] == "bad" { throw Refusal() }
            }
            builder.beforeDestroy(User.self) { _, _ in
                throw ModelError(code: .init(rawValue: "E_FORBIDDEN"), message: "no")
            }
        }
        try await Fixture.with(configure: configure) { f in
            let stream = f.store.changes()
            await #expect(throws: Refusal.self) {
                _ = try await f.store.create(User(name: "bad", email: "b@example.com"))
            }
            #expect(try await f.store.count(Query<User>()) == 0)
            _ = try await f.store.create(User(name: "good", email: "g@example.com"))
            do {
                _ = try await f.store.destroy(Query<User>())
                Issue.record("expected refusal")
            } catch let error as ModelError {
                #expect(error.code == "E_FORBIDDEN")
            }
            #expect(try await f.store.count(Query<User>()) == 1)
            let events = try await collect(stream, 1)
            #expect(events.map(\.seq) == [1])
            #expect(events[0].data?["name"] == "good")
        }
    }

    @Test func middlewareOrderAndUpdateHooks() async throws {
        let seen = Lines()
        let configure: (inout ModelStore.Builder) -> Void = { builder in
            builder.onUpdate(User.self) { request, _, next in
                seen.append("outer in")
                let result = try await next(request)
                seen.append("outer out \(result.count)")
                return result
            }
            builder.beforeUpdate(User.self) { values, _ in
                seen.append("inner")
                values["bio"] = "set by hook"
            }
            builder.afterUpdate(User.self) { record, _ in seen.append("after \(record["id"] ?? .null)") }
            builder.afterDestroy(User.self) { record, _ in seen.append("destroyed \(record["id"] ?? .null)") }
        }
        try await Fixture.with(configure: configure) { f in
            try await f.seedUsers(2)
            let updated = try await f.store.update(Query<User>(), set: Changes<User>().set(\.age, 1))
            #expect(updated.allSatisfy { $0.bio == "set by hook" && $0.age == 1 })
            _ = try await f.store.destroy(Query<User>().where(\.id == 2))
            #expect(seen.all == ["outer in", "inner", "after 1", "after 2", "outer out 2", "destroyed 2"])
        }
    }

    @Test func hooksJoinExplicitTransactionsAndCreateEach() async throws {
        let count = Lines()
        let configure: (inout ModelStore.Builder) -> Void = { builder in
            builder.beforeCreate(User.self) { _, context in
                #expect(context.store.isInTransaction)
                count.append("x")
            }
        }
        try await Fixture.with(configure: configure) { f in
            let stream = f.store.changes()
            _ = try await f.store.createEach((1...3).map { User(name: "n\($0)", email: "n\($0)@example.com") })
            try await f.store.transaction { tx in _ = try await tx.create(User(name: "t", email: "t@example.com")) }
            #expect(count.all.count == 4)
            #expect(try await collect(stream, 4).map(\.seq) == [1, 2, 3, 4])
        }
    }
}
