import Foundation
import HalyardSQLite

extension ModelStore {
    /// Creates one record, runs the model's create callbacks around the INSERT, and emits `created`.
    ///
    /// ```swift
    /// let ada = try await store.create("user", ["name": "Ada", "email": "ada@example.com"])
    /// // INSERT INTO "user" ("name", "email", "createdAt") VALUES (?, ?, ?) RETURNING "id", "name", ...
    /// ```
    /// Collection attributes given as arrays of primary keys are linked in the same transaction.
    /// - Throws: `E_INVALID_NEW_RECORD` (problems per attribute), `E_UNIQUE`, a callback's error, `E_DATABASE`.
    public func create(_ identity: String, _ values: Record) async throws -> Record {
        let schema = try schema(identity)
        guard let hooks = core.hooks[identity], !hooks.create.isEmpty else {
            return try await insert(schema, [values]).first?.record ?? [:]
        }
        return try await withHooks(schema) { store in
            let context = LifecycleContext(model: identity, origin: store.origin, store: store)
            let run = LifecycleHooks.chain(hooks.create, context: context) { values in
                try await store.insert(schema, [values]).first?.record ?? [:]
            }
            return try await run(values)
        }
    }

    /// Creates several records in one transaction (one `created` event each, in order).
    /// - Throws: `E_INVALID_NEW_RECORD` naming the first invalid record's problems, `E_UNIQUE`, `E_DATABASE`.
    public func createEach(_ identity: String, _ values: [Record]) async throws -> [Record] {
        let schema = try schema(identity)
        guard let hooks = core.hooks[identity], !hooks.create.isEmpty else {
            return try await insert(schema, values).map(\.record)
        }
        return try await transaction { tx in
            var created: [Record] = []
            for record in values { created.append(try await tx.create(identity, record)) }
            return created
        }
    }

    /// Runs `body` on this store if it is already transactional (callbacks joining the caller's transaction),
    /// else in a new transaction so callbacks and the write commit together.
    func withHooks<T: Sendable>(_ schema: ModelSchema, _ body: @Sendable (ModelStore) async throws -> T)
        async throws -> T
    {
        if lease != nil { return try await body(self) }
        return try await transaction(body)
    }

    /// Validates and inserts `values` in one write step, linking given collections; emits one `created` each.
    /// Returns each record and its row (values in `storedAttributes` order) for decoding typed models.
    func insert(_ schema: ModelSchema, _ values: [Record]) async throws -> [InsertedRow] {
        let validation = Validation(schema: schema, isCreate: true)
        let now = Date()
        let prepared = try values.map { try validation.prepare($0, now: now) }
        let associations = core.associations[schema.identity] ?? [:]
        let pk = schema.primaryKey
        let stored = schema.storedAttributes.count
        return try await write(schema) { connection, recorder in
            var created: [InsertedRow] = []
            created.reserveCapacity(prepared.count)
            var (lastMask, lastComplete, lastSQL): (UInt64?, Bool, String) = (nil, false, "")
            for item in prepared {
                var row = item.row
                // Every column given: the record is known without reading it back (no RETURNING).
                let pkGiven = item.record[pk.name] != nil
                let complete =
                    item.attributes.count == stored
                    || (!pkGiven && pk.isAutoIncrement
                        && item.attributes.count == stored - 1)
                let sql: String
                if let mask = item.mask, mask == lastMask, complete == lastComplete {
                    sql = lastSQL
                } else {
                    sql = schema.insertSQL(item.attributes, mask: item.mask, returning: !complete)
                    (lastMask, lastComplete, lastSQL) = (item.mask, complete, sql)
                }
                var record: Record?
                if complete {
                    try connection.execute(sql, item.values)
                    var known = item.record
                    if !pkGiven {
                        let rowID = connection.lastInsertRowID
                        known[pk.name] = .int(rowID)
                        row[schema.primaryKeyIndex] = .integer(rowID)
                    }
                    record = known
                } else {
                    try connection.forEachRow(sql, item.values) { returned in
                        record = schema.record(returned, schema.storedAttributes)
                        row = returned.values
                        return false
                    }
                }
                guard let record else { continue }
                let id = record[schema.primaryKey.name] ?? .null
                try recorder.record(connection, schema, .created, id: id, data: record)
                for (attribute, ids) in item.collections.sorted(by: { $0.key < $1.key }) {
                    guard let association = associations[attribute] else { continue }
                    try Self.link(
                        connection, recorder, schema, id, attribute, association, ids, mode: .add,
                        invalidCode: ModelError.invalidNewRecord)
                }
                created.append(InsertedRow(record: record, values: row))
            }
            return created
        }
    }
}

/// A created record, also as its row of stored values.
struct InsertedRow: Sendable {
    let record: Record
    let values: [SQLiteValue]
}
