import Foundation
import HalyardSQLite

extension ModelStore {
    /// Updates every record matching `criteria.condition` (limit, skip and sort are ignored, like Waterline) and
    /// returns the updated records; one `updated` event per record (`data` = values set, `previous` = before).
    ///
    /// ```swift
    /// try await store.update("user", Criteria(json: ["age": ["<": 18]]), ["minor": true])
    /// // SELECT ... WHERE "age" < ?; UPDATE "user" SET "minor" = ? WHERE "id" IN (?, ?) RETURNING ...
    /// ```
    /// - Throws: `E_INVALID_VALUES_TO_SET`, `E_INVALID_CRITERIA`, `E_UNIQUE`, a callback's error, `E_DATABASE`.
    public func update(_ identity: String, _ criteria: Criteria, _ values: Record) async throws -> [Record] {
        try await update(identity, criteria, values, atMostOne: false)
    }

    /// Updates at most one record: nil when none matches. The match count is checked inside the write
    /// transaction, so a concurrent insert cannot make it update two.
    /// - Throws: like `update`, and `E_INVALID_CRITERIA` when more than one record matches (nothing changes).
    public func updateOne(_ identity: String, _ criteria: Criteria, _ values: Record) async throws -> Record? {
        try await update(identity, criteria, values, atMostOne: true).first
    }

    private func update(_ identity: String, _ criteria: Criteria, _ values: Record, atMostOne: Bool) async throws
        -> [Record]
    {
        let schema = try schema(identity)
        let request = UpdateRequest(criteria: criteria, values: values)
        guard let hooks = core.hooks[identity], !hooks.update.isEmpty else {
            return try await performUpdate(schema, request, atMostOne: atMostOne)
        }
        return try await withHooks(schema) { store in
            let context = LifecycleContext(model: identity, origin: store.origin, store: store)
            let run = LifecycleHooks.chain(hooks.update, context: context) { request in
                try await store.performUpdate(schema, request, atMostOne: atMostOne)
            }
            return try await run(request)
        }
    }

    func performUpdate(_ schema: ModelSchema, _ request: UpdateRequest, atMostOne: Bool) async throws -> [Record] {
        let prepared = try Validation(schema: schema, isCreate: false).prepare(request.values, now: Date())
        let compiler = SQLCompiler(schema: schema)
        let select = try compiler.select(Criteria(condition: request.criteria.condition))
        let associations = core.associations[schema.identity] ?? [:]
        let pk = schema.primaryKey
        return try await write(schema) { connection, recorder in
            let previous = try connection.query(select.sql, select.arguments).map {
                schema.record($0, select.columns)
            }
            if previous.isEmpty { return [] }
            if atMostOne && previous.count > 1 {
                throw ModelError.criteria(
                    "updateOne matched more than one `\(schema.identity)` record",
                    model: schema.identity)
            }
            if let given = prepared.primaryKey, previous.contains(where: { $0[pk.name] != given }) {
                throw ModelError(
                    code: ModelError.invalidValuesToSet, message: "the primary key cannot be changed",
                    model: schema.identity, attributes: [pk.name],
                    problems: [
                        AttributeProblem(
                            attribute: pk.name, rule: "primaryKey", message: "the primary key cannot be changed")
                    ])
            }
            var updated: [Record] = []
            updated.reserveCapacity(previous.count)
            if prepared.attributes.isEmpty {
                updated = previous
            } else {
                var head = "UPDATE " + schema.quotedTable + " SET "
                head += prepared.attributes.map { schema.quotedColumn($0) + " = ?" }.joined(separator: ", ")
                head += " WHERE " + schema.quotedColumn(pk) + " = ? RETURNING " + schema.selectList
                for record in previous {
                    let key = ValueConversion.storage(record[pk.name] ?? .null, pk.type) ?? .null
                    try connection.forEachRow(head, prepared.values + [key]) { row in
                        updated.append(schema.record(row, schema.storedAttributes))
                        return false
                    }
                }
            }
            for (index, record) in updated.enumerated() {
                let id = record[pk.name] ?? .null
                for (attribute, ids) in prepared.collections.sorted(by: { $0.key < $1.key }) {
                    guard let association = associations[attribute] else { continue }
                    try Self.link(
                        connection, recorder, schema, id, attribute, association, ids, mode: .replace,
                        invalidCode: ModelError.invalidValuesToSet)
                }
                var data = prepared.record
                data[pk.name] = id
                try recorder.record(connection, schema, .updated, id: id, data: data, previous: previous[index])
            }
            return updated
        }
    }
}
