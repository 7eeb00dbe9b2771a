import Foundation
import HalyardModel
import HalyardSQLite
import Testing

// The shared fixture world: users, channels (many-to-many members), messages (one-to-many), pets (string ids).

struct User: Model, Equatable {
    static let identity = "user"
    static let attributes: [Attribute<User>] = [
        .id(\.id),
        .string("name", \.name, .required, .maxLength(40)),
        .string("email", \.email, .required, .unique, .isEmail),
        .integer("age", \.age, .min(0), .max(150)),
        .number("score", \.score),
        .boolean("admin", \.admin, .defaultsTo(false)),
        .string("role", \.role, .isIn(["member", "owner"]), .defaultsTo("member")),
        .string("website", \.website, .isURL),
        .string("code", \.code, .regex("[A-Z]{3}-[0-9]+")),
        .string(
            "nickname", \.nickname, .columnName("nick"),
            .custom("noSpaces") { value in
                (value.stringValue ?? "").contains(" ") ? "must not contain spaces" : nil
            }),
        .string("bio", \.bio, .minLength(3)),
        .string("passwordHash", \.passwordHash, .hidden),
        .json("tags", \.tags),
        .date("createdAt", \.createdAt, .autoCreatedAt),
        .date("updatedAt", \.updatedAt, .autoUpdatedAt),
        .collection("channels", of: "channel", via: "members"),
        .collection("messages", of: "message", via: "author"),
    ]
    var id: Int?
    var name: String
    var email: String
    var age: Int?
    var score: Double?
    var admin: Bool?
    var role: String?
    var website: String?
    var code: String?
    var nickname: String?
    var bio: String?
    var passwordHash: String?
    var tags: [String]?
    var createdAt: Date?
    var updatedAt: Date?

    init(name: String, email: String, age: Int? = nil) {
        self.name = name
        self.email = email
        self.age = age
    }
}

struct Channel: Model {
    static let identity = "channel"
    static let attributes: [Attribute<Channel>] = [
        .id(\.id),
        .string("name", \.name, .required, .unique),
        .collection("members", of: "user", via: "channels"),
        .collection("messages", of: "message", via: "channel"),
    ]
    var id: Int?
    var name: String
}

struct Message: Model {
    static let identity = "message"
    static let attributes: [Attribute<Message>] = [
        .id(\.id),
        .string("text", \.text, .required),
        .model("channel", \.channel, "channel"),
        .model("author", \.author, "user"),
    ]
    var id: Int?
    var text: String
    var channel: Int?
    var author: Int?
}

struct Pet: Model {
    static let identity = "pet"
    static let attributes: [Attribute<Pet>] = [.id(\.id, type: .string), .string("name", \.name)]
    var id: String
    var name: String?
}

let fixtureDDL = """
    CREATE TABLE "user" (
      id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, age INTEGER,
      score REAL, admin BOOLEAN, role TEXT, website TEXT, code TEXT, nick TEXT, bio TEXT, passwordHash TEXT,
      tags TEXT, createdAt INTEGER, updatedAt INTEGER);
    CREATE TABLE channel (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
    CREATE TABLE message (
      id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL,
      channel INTEGER REFERENCES channel(id) ON DELETE SET NULL, author INTEGER REFERENCES "user"(id) ON DELETE SET NULL);
    CREATE TABLE channel_members__user_channels (
      id INTEGER PRIMARY KEY,
      channel_members INTEGER NOT NULL REFERENCES channel(id) ON DELETE CASCADE,
      user_channels INTEGER NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
      UNIQUE (channel_members, user_channels));
    CREATE TABLE pet (id TEXT PRIMARY KEY, name TEXT);
    """

/// Collects strings from any thread. Protected by `lock`.
final class Lines: @unchecked Sendable {  // safe: `storage` is guarded by `lock`
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ line: String) {
        lock.lock()
        storage.append(line)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
    func clear() {
        lock.lock()
        storage = []
        lock.unlock()
    }
}

/// A fresh temp database with the fixture tables and a built store; everything is removed afterwards.
struct Fixture {
    let store: ModelStore
    let database: SQLiteDatabase
    let trace: Lines

    static func with<T>(
        ddl: String = fixtureDDL, bufferLimit: Int = 1024,
        configure: (inout ModelStore.Builder) -> Void = { _ in }, _ body: (Fixture) async throws -> T
    ) async throws -> T {
        let directory = NSTemporaryDirectory() + "halyard-model-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trace = Lines()
        let database = try SQLiteDatabase(
            path: directory + "/test.sqlite", configuration: SQLiteConfiguration(trace: { trace.append($0) }))
        do {
            try await database.write { connection in try connection.executeScript(ddl) }
            var builder = ModelStore.Builder(database: database)
            builder.register(User.self)
            builder.register(Channel.self)
            builder.register(Message.self)
            builder.register(Pet.self)
            builder.changeBufferLimit = bufferLimit
            configure(&builder)
            let store = try await builder.build()
            trace.clear()
            let result = try await body(Fixture(store: store, database: database, trace: trace))
            store.finishChangeStreams()
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    /// Inserts users named u1...uN with ages 10, 20, ...
    @discardableResult
    func seedUsers(_ count: Int) async throws -> [User] {
        try await store.createEach(
            (1...count).map { User(name: "u\($0)", email: "u\($0)@example.com", age: min($0 * 10, 150)) })
    }
}

/// Reads `count` events from a stream, failing after `seconds` (an upper bound, generous for a loaded machine).
func collect(_ stream: ChangeStream, _ count: Int, seconds: Double = 30) async throws -> [ChangeEvent] {
    try await withThrowingTaskGroup(of: [ChangeEvent].self) { group in
        group.addTask {
            var events: [ChangeEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == count { break }
            }
            return events
        }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            throw TimeoutError()
        }
        let result = try await group.next() ?? []
        group.cancelAll()
        return result
    }
}

struct TimeoutError: Error {}

/// The value of `body`, or `TimeoutError` after `seconds`.
func withTimeout<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        guard let value = try await group.next() else { throw TimeoutError() }
        return value
    }
}

/// Expects `body` to throw a `ModelError` with `code`.
func expectError<T>(
    _ code: ModelError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(code), nothing thrown", sourceLocation: sourceLocation)
    } catch let error as ModelError {
        #expect(error.code == code.rawValue, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
