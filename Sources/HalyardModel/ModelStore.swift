import Foundation
import HalyardSQLite

/// The model layer at run time: registered schemas, lifecycle callbacks, the database and the change-event hub.
///
/// Immutable and `Sendable`; build it once with `ModelStore.Builder`. A `ModelStore` value is cheap to copy:
/// `withOrigin(_:)` returns one whose writes carry an origin, and `transaction { tx in ... }` hands out one
/// whose operations run inside the transaction.
///
/// ```swift
/// var builder = ModelStore.Builder(database: db)
/// builder.register(User.self)
/// let store = try await builder.build()                       // checks tables, creates the change log
/// let ada = try await store.create(User(name: "Ada", email: "ada@example.com"))
/// // INSERT INTO "user" ("name", "email") VALUES (?, ?) RETURNING "id", "name", "email", ...
/// ```
public struct ModelStore: Sendable {
    let core: StoreCore
    let lease: SQLiteWriteTransaction?
    let collector: EventCollector?
    /// The origin (socket id) written into the change events of this value's writes.
    public let origin: String?

    init(core: StoreCore, lease: SQLiteWriteTransaction?, collector: EventCollector?, origin: String?) {
        self.core = core
        self.lease = lease
        self.collector = collector
        self.origin = origin
    }

    /// The same store, with writes attributed to `origin` (e.g. the requesting socket id).
    public func withOrigin(_ origin: String?) -> ModelStore {
        ModelStore(core: core, lease: lease, collector: collector, origin: origin)
    }

    /// The database underneath.
    public var database: SQLiteDatabase { core.database }

    /// The schema registered under `identity`.
    /// - Throws: `E_INVALID_CRITERIA` for an unknown identity.
    public func schema(_ identity: String) throws -> ModelSchema {
        guard let schema = core.schemas[identity] else {
            throw ModelError.criteria("unknown model `\(identity)`", model: identity)
        }
        return schema
    }

    /// The schema of a registered model type.
    public func schema<M: Model>(_ type: M.Type) throws -> ModelSchema { try schema(M.identity) }

    /// Every registered identity, sorted.
    public var identities: [String] { core.schemas.keys.sorted() }

    /// True inside `transaction { }`.
    public var isInTransaction: Bool { lease != nil }

    /// Runs `body` in one write transaction: every write in it commits together or not at all; change events
    /// are published after COMMIT, none after a rollback. A nested call joins as a savepoint.
    ///
    /// ```swift
    /// try await store.transaction { tx in
    ///     let channel = try await tx.create(Channel(name: "general"))
    ///     try await tx.addToCollection(Channel.self, id: channel.id ?? 0, "members", [1, 2])
    /// }
    /// ```
    /// - Throws: what `body` throws (after ROLLBACK), or a database error from BEGIN/COMMIT.
    public func transaction<T: Sendable>(_ body: @Sendable (ModelStore) async throws -> T) async throws -> T {
        if let lease, let collector {
            let child = EventCollector()
            let inner = ModelStore(core: core, lease: lease, collector: child, origin: origin)
            let value = try await core.database.withWriteTransaction { _ in try await body(inner) }
            collector.append(child.take())
            return value
        }
        let collector = EventCollector()
        let hub = core.hub
        let core = core
        let origin = origin
        do {
            return try await core.database.withWriteTransaction(
                { lease in
                    try await body(ModelStore(core: core, lease: lease, collector: collector, origin: origin))
                },
                afterCommit: { _ in hub.publish(collector.take()) })
        } catch {
            throw Self.wrap(error, sql: nil, schema: nil)
        }
    }
}

/// The immutable parts shared by every `ModelStore` value.
final class StoreCore: Sendable {
    let database: SQLiteDatabase
    let schemas: [String: ModelSchema]
    let associations: [String: [String: Association]]
    let hooks: [String: LifecycleHooks]
    let hub: ChangeHub

    init(
        database: SQLiteDatabase, schemas: [String: ModelSchema], associations: [String: [String: Association]],
        hooks: [String: LifecycleHooks], hub: ChangeHub
    ) {
        self.database = database
        self.schemas = schemas
        self.associations = associations
        self.hooks = hooks
        self.hub = hub
    }
}

/// Events of an open transaction, published at COMMIT. Protected by `lock`.
final class EventCollector: @unchecked Sendable {  // safe: `events` is only touched under `lock`
    private let lock = NSLock()
    private var events: [ChangeEvent] = []

    func append(_ more: [ChangeEvent]) {
        lock.lock()
        events.append(contentsOf: more)
        lock.unlock()
    }

    func take() -> [ChangeEvent] {
        lock.lock()
        defer { lock.unlock() }
        let taken = events.sorted { $0.seq < $1.seq }
        events = []
        return taken
    }
}
