import HalyardSQLite

extension ModelStore {
    /// Deletes every record matching `criteria.condition` and returns them; one `destroyed` event each
    /// (`previous` = the record). Junction rows go with them through `ON DELETE CASCADE`.
    ///
    /// ```swift
    /// try await store.destroy("user", Criteria(json: ["name": ["startsWith": "test"]]))
    /// // SELECT ... WHERE "name" LIKE ? ESCAPE '\'; DELETE FROM "user" WHERE "id" = ?
    /// ```
    /// - Throws: `E_INVALID_CRITERIA`, a callback's error, `E_DATABASE` (e.g. a foreign key still referencing it).
    public func destroy(_ identity: String, _ criteria: Criteria) async throws -> [Record] {
        try await destroy(identity, criteria, atMostOne: false)
    }

    /// Deletes at most one record: nil when none matches. The match count is checked inside the write
    /// transaction, so a concurrent insert cannot make it delete two.
    /// - Throws: like `destroy`, and `E_INVALID_CRITERIA` when more than one record matches (nothing is deleted).
    public func destroyOne(_ identity: String, _ criteria: Criteria) async throws -> Record? {
        try await destroy(identity, criteria, atMostOne: true).first
    }

    private func destroy(_ identity: String, _ criteria: Criteria, atMostOne: Bool) async throws -> [Record] {
        let schema = try schema(identity)
        guard let hooks = core.hooks[identity], !hooks.destroy.isEmpty else {
            return try await performDestroy(schema, criteria, atMostOne: atMostOne)
        }
        return try await withHooks(schema) { store in
            let context = LifecycleContext(model: identity, origin: store.origin, store: store)
            let run = LifecycleHooks.chain(hooks.destroy, context: context) { criteria in
                try await store.performDestroy(schema, criteria, atMostOne: atMostOne)
            }
            return try await run(criteria)
        }
    }

    func performDestroy(_ schema: ModelSchema, _ criteria: Criteria, atMostOne: Bool) async throws -> [Record] {
        let select = try SQLCompiler(schema: schema).select(Criteria(condition: criteria.condition))
        let pk = schema.primaryKey
        let delete = "DELETE FROM " + schema.quotedTable + " WHERE " + schema.quotedColumn(pk) + " = ?"
        return try await write(schema) { connection, recorder in
            let previous = try connection.query(select.sql, select.arguments).map {
                schema.record($0, select.columns)
            }
            if atMostOne && previous.count > 1 {
                throw ModelError.criteria(
                    "destroyOne matched more than one `\(schema.identity)` record",
                    model: schema.identity)
            }
            for record in previous {
                let id = record[pk.name] ?? .null
                try connection.execute(delete, [ValueConversion.storage(id, pk.type) ?? .null])
                try recorder.record(connection, schema, .destroyed, id: id, previous: record)
            }
            return previous
        }
    }
}
