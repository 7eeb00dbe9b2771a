import Foundation
import HalyardModel
import HalyardSQLite
import Testing

@Suite struct ChangeEventTests {
    @Test func createUpdateDestroyShapes() async throws {
        try await Fixture.with { fixture in
            let stream = fixture.store.changes()
            let store = fixture.store.withOrigin("sock-1")
            var ada = User(name: "Ada", email: "ada@example.com")
            ada.passwordHash = "secret"
            let created = try await store.create(ada)
            _ = try await store.update(
                Query<User>().where(\.id == created.id), set: Changes<User>().set(\.name, "Ada L."))
            _ = try await fixture.store.destroy(Query<User>().where(\.id == created.id))
            let events = try await collect(stream, 3)
            #expect(events.map(\.verb) == [.created, .updated, .destroyed])
            #expect(events.map(\.seq) == [1, 2, 3])
            #expect(events.allSatisfy { $0.model == "user" && $0.id == 1 })
            #expect(events[0].origin == "sock-1")
            #expect(events[2].origin == nil)
            #expect(events[0].data?["name"] == "Ada")
            #expect(events[0].data?["passwordHash"] == nil)
            #expect(events[0].previous == nil)
            #expect(events[1].data?.objectValue?.keys.sorted() == ["id", "name", "updatedAt"])
            #expect(events[1].data?["name"] == "Ada L.")
            #expect(events[1].previous?["name"] == "Ada")
            #expect(events[1].previous?["passwordHash"] == nil)
            #expect(events[2].previous?["name"] == "Ada L.")
            #expect(events[2].data == nil)
        }
    }

    @Test func hiddenAttributesNeverReachTheChangeLog() async throws {
        try await Fixture.with { fixture in
            var user = User(name: "Ada", email: "ada@example.com")
            user.passwordHash = "s3cret-hash"
            _ = try await fixture.store.create(user)
            _ = try await fixture.store.update("user", Criteria(), ["passwordHash": "other-hash", "age": 3])
            _ = try await fixture.store.destroy("user", Criteria())
            let texts = try await fixture.database.read { connection in
                try connection.query("SELECT data, previous FROM halyard_changes").flatMap { [$0[0], $0[1]] }
                    .compactMap(\.textValue)
            }
            #expect(texts.count == 4)
            #expect(texts.allSatisfy { !$0.contains("hash") && !$0.contains("passwordHash") })
            #expect(texts.contains { $0.contains("\"age\":3") })
        }
    }

    @Test func bulkWritesEmitOneEventPerRecordInOrder() async throws {
        try await Fixture.with { fixture in
            let stream = fixture.store.changes()
            try await fixture.seedUsers(5)
            _ = try await fixture.store.update(Query<User>(), set: Changes<User>().set(\.admin, true))
            _ = try await fixture.store.destroy(Query<User>().where(\.age > 30))
            let events = try await collect(stream, 12)
            #expect(events.map(\.seq) == Array(1...12))
            #expect(events.prefix(5).map(\.verb) == Array(repeating: .created, count: 5))
            #expect(events[5..<10].map(\.verb) == Array(repeating: .updated, count: 5))
            #expect(events.suffix(2).map(\.id) == [4, 5])
        }
    }

    @Test func rollbackEmitsNothingAndLeavesNoGap() async throws {
        try await Fixture.with { fixture in
            let stream = fixture.store.changes()
            struct Refused: Error {}
            do {
                try await fixture.store.transaction { tx in
                    _ = try await tx.create(User(name: "A", email: "a@example.com"))
                    _ = try await tx.create(User(name: "B", email: "b@example.com"))
                    throw Refused()
                }
                Issue.record("expected the transaction to throw")
            } catch is Refused {}
            await expectError(ModelError.unique) {
                try await fixture.store.createEach([
                    User(name: "C", email: "c@example.com"), User(name: "C2", email: "c@example.com"),
                ])
            }
            #expect(try await fixture.store.count(Query<User>()) == 0)
            _ = try await fixture.store.create(User(name: "D", email: "d@example.com"))
            let events = try await collect(stream, 1)
            #expect(events.map(\.seq) == [1])
            #expect(events[0].data?["name"] == "D")
            #expect(try await fixture.store.changeLog(after: 0).map(\.seq) == [1])
        }
    }

    @Test func transactionPublishesAfterCommitInOrder() async throws {
        try await Fixture.with { fixture in
            let stream = fixture.store.changes()
            let ids = try await fixture.store.withOrigin("s").transaction { tx in
                let a = try await tx.create(User(name: "A", email: "a@example.com"))
                let b = try await tx.create(User(name: "B", email: "b@example.com"))
                let seen = try await tx.count(Query<User>())
                #expect(seen == 2)
                return [a.id ?? 0, b.id ?? 0]
            }
            let events = try await collect(stream, 2)
            #expect(events.map(\.id) == ids.map { .int(Int64($0)) })
            #expect(events.allSatisfy { $0.origin == "s" })
        }
    }

    @Test func outerStoreWriteInsideTransactionStaysInOrder() async throws {
        try await Fixture.with { fixture in
            let stream = fixture.store.changes()
            let store = fixture.store
            try await store.transaction { tx in
                _ = try await tx.create(User(name: "first", email: "1@example.com"))
                // The outer store joins the open transaction; its event is published at the same COMMIT.
                _ = try await store.create(User(name: "second", email: "2@example.com"))
            }
            _ = try await store.create(User(name: "third", email: "3@example.com"))
            let events = try await collect(stream, 3)
            #expect(events.map(\.seq) == [1, 2, 3])
            #expect(events.map { $0.data?["name"] } == ["first", "second", "third"])
        }
    }

    @Test func replayFromLogThenLive() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(3)
            let stream = fixture.store.changes(after: 1)
            let first = try await collect(stream, 2)
            #expect(first.map(\.seq) == [2, 3])
            let live = fixture.store.changes(after: 1)
            async let events = collect(live, 3)
            _ = try await fixture.store.create(User(name: "x", email: "x@example.com"))
            #expect(try await events.map(\.seq) == [2, 3, 4])
            let logged = try await fixture.store.changeLog(after: 0)
            #expect(logged.map(\.seq) == [1, 2, 3, 4])
            #expect(logged[0].data?["name"] == "u1")
        }
    }

    @Test func snapshotSeqContinuesWithoutGapOrRepeat() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(2)
            let snapshot = try await fixture.store.findSnapshot("user")
            #expect(snapshot.records.count == 2)
            #expect(snapshot.seq == 2)
            _ = try await fixture.store.create(User(name: "late", email: "late@example.com"))
            let events = try await collect(fixture.store.changes(after: snapshot.seq), 1)
            #expect(events.map(\.seq) == [3])
            #expect(events[0].data?["name"] == "late")
            let typed = try await fixture.store.findSnapshot(Query<User>().sort(\.name))
            #expect(typed.records.map(\.name) == ["late", "u1", "u2"])
            #expect(typed.seq == 3)
        }
    }

    @Test func slowConsumerFallsBackToLogWithoutGaps() async throws {
        try await Fixture.with(bufferLimit: 4) { fixture in
            let stream = fixture.store.changes()
            for index in 0..<30 {
                _ = try await fixture.store.create(User(name: "n\(index)", email: "n\(index)@example.com"))
            }
            let events = try await collect(stream, 30)
            #expect(events.map(\.seq) == Array(1...30))
        }
    }

    @Test func seqIsGapFreeAcrossConcurrentWriters() async throws {
        try await Fixture.with { fixture in
            let stream = fixture.store.changes()
            let store = fixture.store
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<25 {
                            _ = try await store.create(
                                User(name: "w\(writer)", email: "w\(writer)-\(index)@example.com"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let events = try await collect(stream, 100)
            #expect(events.map(\.seq) == Array(1...100))
            #expect(Set(events.map(\.id)).count == 100)
        }
    }

    @Test func collectionEventsOnePerChild() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(3)
            let channel = try await fixture.store.create(Channel(name: "general"))
            let stream = fixture.store.changes()
            try await fixture.store.addToCollection(Channel.self, id: channel.id ?? 0, "members", [1, 2, 3])
            try await fixture.store.addToCollection(Channel.self, id: channel.id ?? 0, "members", [1])
            try await fixture.store.removeFromCollection(Channel.self, id: channel.id ?? 0, "members", [2])
            let events = try await collect(stream, 4)
            #expect(events.map(\.verb) == [.addedTo, .addedTo, .addedTo, .removedFrom])
            #expect(events.map(\.childId) == [1, 2, 3, 2])
            #expect(events.allSatisfy { $0.model == "channel" && $0.attribute == "members" && $0.id == 1 })
        }
    }

    @Test func replayPastPrunedChangesAsksForRefetch() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedUsers(4)
            try await fixture.store.pruneChangeLog(through: 2)
            #expect(try await fixture.store.changeLog(after: 0).map(\.seq) == [3, 4])
            await expectError(ModelError.changesPruned) { try await collect(fixture.store.changes(after: 1), 1) }
            #expect(try await collect(fixture.store.changes(after: 2), 2).map(\.seq) == [3, 4])
            _ = try await fixture.store.create(User(name: "n", email: "n@example.com"))
            #expect(try await fixture.store.changeLog(after: 4).map(\.seq) == [5])
            // Everything pruned: a replay from before finds nothing and is told to refetch.
            try await fixture.store.pruneChangeLog(through: 5)
            await expectError(ModelError.changesPruned) { try await collect(fixture.store.changes(after: 3), 1) }
        }
    }

    @Test func eventJSONEncodes() throws {
        let event = ChangeEvent(seq: 3, model: "user", verb: .updated, id: 7, data: ["name": "A"], origin: "s")
        #expect(
            event.json.jsonString()
                == #"{"data":{"name":"A"},"id":7,"model":"user","origin":"s","seq":3,"verb":"updated"}"#)
        let decoded = try JSONDecoder().decode(ChangeEvent.self, from: try JSONEncoder().encode(event))
        #expect(decoded == event)
    }
}
