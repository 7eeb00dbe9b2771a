import Foundation
import HalyardModel
import Testing

@Suite struct AssociationTests {
    /// Users u1..u3, channels general (members u1, u2) and random (u3), messages in general by u1 and u2.
    func world(_ body: (Fixture) async throws -> Void) async throws {
        try await Fixture.with { f in
            try await f.seedUsers(3)
            let general = try await f.store.create(Channel(name: "general"))
            let random = try await f.store.create(Channel(name: "random"))
            try await f.store.addToCollection(Channel.self, id: general.id ?? 0, "members", [1, 2])
            try await f.store.addToCollection(Channel.self, id: random.id ?? 0, "members", [3])
            _ = try await f.store.createEach([
                Message(text: "hi", channel: general.id, author: 1),
                Message(text: "yo", channel: general.id, author: 2),
                Message(text: "solo", channel: nil, author: 1),
            ])
            try await body(f)
        }
    }

    func ids(_ value: JSONValue?) -> [Int64] { value?.arrayValue?.compactMap { $0["id"]?.intValue } ?? [] }

    @Test func associationInfoNamesInverses() async throws {
        try await Fixture.with { f in
            let channel = try f.store.associations("channel")
            #expect(channel["members"]?.kind == .manyToMany)
            #expect(channel["members"]?.target == "user")
            #expect(channel["members"]?.via == "channels")
            #expect(channel["members"]?.junction?.table == "channel_members__user_channels")
            #expect(
                channel["messages"]
                    == AssociationInfo(kind: .oneToMany, target: "message", via: "channel", junction: nil))
            let message = try f.store.associations("message")
            #expect(message["author"] == AssociationInfo(kind: .toOne, target: "user", via: "messages", junction: nil))
            #expect(try f.store.associations("pet").isEmpty)
        }
    }

    @Test func populateToOne() async throws {
        try await world { (f: Fixture) async throws in
            let messages = try await f.store.find(
                "message", Criteria(populates: [Populate("channel"), Populate("author")]))
            #expect(messages[0]["channel"]?["name"] == "general")
            #expect(messages[0]["author"]?["name"] == "u1")
            #expect(messages[2]["channel"] == .null)
        }
    }

    @Test func populateOneToManyAndManyToMany() async throws {
        try await world { (f: Fixture) async throws in
            let channels = try await f.store.findRecords(Query<Channel>().populate("members").populate("messages"))
            #expect(ids(channels[0]["members"]) == [1, 2])
            #expect(ids(channels[1]["members"]) == [3])
            #expect(channels[0]["messages"]?.arrayValue?.compactMap { $0["text"]?.stringValue } == ["hi", "yo"])
            #expect(ids(channels[1]["messages"]) == [])
            let users = try await f.store.findRecords(
                Query<User>().where(\.id == 1).populate("channels").populate("messages"))
            #expect(ids(users[0]["channels"]) == [1])
            #expect(users[0]["messages"]?.arrayValue?.count == 2)
        }
    }

    @Test func populateCriteriaAndDefaultLimit() async throws {
        try await Fixture.with { f in
            let channel = try await f.store.create(Channel(name: "big"))
            _ = try await f.store.createEach((1...40).map { Message(text: "m\($0)", channel: channel.id, author: nil) })
            let all = try await f.store.find("channel", Criteria(populates: [Populate("messages")]))
            #expect(all[0]["messages"]?.arrayValue?.count == 30)
            let custom = try await f.store.find(
                "channel",
                Criteria(populates: [
                    Populate(
                        "messages",
                        criteria: try Criteria(json: [
                            "where": ["text": ["startsWith": "m1"]], "sort": "id DESC", "limit": 3, "skip": 1,
                            "select": ["text"],
                        ]))
                ]))
            let texts = custom[0]["messages"]?.arrayValue?.compactMap { $0["text"]?.stringValue }
            #expect(texts == ["m18", "m17", "m16"])
            #expect(custom[0]["messages"]?.arrayValue?.first?.objectValue?.keys.sorted() == ["id", "text"])
            await expectError(ModelError.invalidCriteria) {
                try await f.store.find("channel", Criteria(populates: [Populate("name")]))
            }
            await expectError(ModelError.invalidCriteria) {
                try await f.store.find(
                    "channel", Criteria(populates: [Populate("messages", criteria: try Criteria(json: ["nope": 1]))]))
            }
        }
    }

    @Test func manyToManyPopulateCriteria() async throws {
        try await world { (f: Fixture) async throws in
            let criteria = try Criteria(json: ["where": ["age": [">": 10]], "sort": "age DESC"])
            let channels = try await f.store.find(
                "channel", Criteria(populates: [Populate("members", criteria: criteria)]))
            #expect(ids(channels[0]["members"]) == [2])
        }
    }

    @Test func addRemoveReplace() async throws {
        try await world { (f: Fixture) async throws in
            let stream = f.store.changes()
            try await f.store.replaceCollection(Channel.self, id: 1, "members", [2, 3])
            try await f.store.removeFromCollection(Channel.self, id: 1, "members", [3, 1])
            try await f.store.addToCollection(Channel.self, id: 2, "messages", [3])
            try await f.store.addToCollection(Channel.self, id: 2, "messages", [1])  // taken from channel 1
            let events = try await collect(stream, 6)
            #expect(events.map(\.verb) == [.removedFrom, .addedTo, .removedFrom, .addedTo, .removedFrom, .addedTo])
            #expect(events.map(\.childId) == [1, 3, 3, 3, 1, 1])
            #expect(events.map(\.id) == [1, 1, 1, 2, 1, 2])
            let channels = try await f.store.findRecords(Query<Channel>().populate("members").populate("messages"))
            #expect(ids(channels[0]["members"]) == [2])
            #expect(ids(channels[1]["messages"]) == [1, 3])
            await expectError(ModelError.notFound) {
                try await f.store.addToCollection(Channel.self, id: 99, "members", [1])
            }
            await expectError(ModelError.notFound) {
                try await f.store.addToCollection(Channel.self, id: 1, "members", [99])
            }
            await expectError(ModelError.invalidCriteria) {
                try await f.store.addToCollection(Message.self, id: 1, "channel", [1])
            }
            await expectError(ModelError.invalidCriteria) {
                try await f.store.addToCollection(Channel.self, id: 1, "name", [1])
            }
        }
    }

    @Test func collectionsInCreateAndUpdate() async throws {
        try await world { (f: Fixture) async throws in
            let created = try await f.store.create("channel", ["name": "new", "members": [1, 3]])
            let id = created["id"] ?? .null
            var members = try await f.store.findRecords(
                Query<Channel>().where(.attribute("id", .equal, id)).populate("members"))
            #expect(ids(members[0]["members"]) == [1, 3])
            _ = try await f.store.update("channel", .primaryKey(id), ["members": [2]])
            members = try await f.store.findRecords(
                Query<Channel>().where(.attribute("id", .equal, id)).populate("members"))
            #expect(ids(members[0]["members"]) == [2])
        }
    }

    @Test func destroyCascadesJunctionRows() async throws {
        try await world { (f: Fixture) async throws in
            _ = try await f.store.destroy(Query<User>().where(\.id == 1))
            let channels = try await f.store.findRecords(Query<Channel>().populate("members"))
            #expect(ids(channels[0]["members"]) == [2])
        }
    }

    @Test func clientJSONHidesPopulatedChildrenSecrets() async throws {
        try await world { (f: Fixture) async throws in
            _ = try await f.store.update("user", Criteria(), ["passwordHash": "secret"])
            let channel = try await f.store.findRecords(Query<Channel>().populate("members")).first ?? [:]
            #expect(channel["members"]?.arrayValue?.first?["passwordHash"] == "secret")
            let client = try f.store.clientJSON("channel", channel)
            #expect(client["members"]?.arrayValue?.first?["passwordHash"] == nil)
            #expect(client["members"]?.arrayValue?.first?["name"] == "u1")
        }
    }
}
