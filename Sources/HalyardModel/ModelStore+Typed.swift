import HalyardSQLite

extension ModelStore {
    static func encode<M: Model>(_ value: M) throws -> Record {
        guard case .object(let record) = try JSONValueEncoder().encode(value) else {
            throw ModelError.declaration("a model must encode as a keyed container", model: M.identity)
        }
        return record
    }

    static func decode<M: Model>(_ record: Record, as type: M.Type) throws -> M {
        do {
            return try JSONValueDecoder().decode(M.self, from: .object(record))
        } catch {
            throw ModelError(
                code: ModelError.database, message: "cannot decode a `\(M.identity)` record: \(error)",
                model: M.identity)
        }
    }

    /// Records matching a typed query (populates are ignored here; use `findRecords`).
    ///
    /// ```swift
    /// let users = try await store.find(Query<User>().where(\.age > 21).sort(\.name).limit(10))
    /// ```
    /// - Throws: `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func find<M: Model>(_ query: Query<M>) async throws -> [M] {
        let schema = try schema(M.identity)
        let compiled = try SQLCompiler(schema: schema).select(query.criteria)
        let decoder = RowDecoder(compiled.columns)
        return try await read(schema, singleStatement: true) { connection in
            var found: [M] = []
            try connection.forEachRow(compiled.sql, compiled.arguments) { row in
                found.append(try decoder.decode(M.self, row))
                return true
            }
            return found
        }
    }

    /// Records of a typed query and the snapshot's last change `seq` (see `findSnapshot(_:_:)`).
    /// - Throws: `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func findSnapshot<M: Model>(_ query: Query<M>) async throws -> (records: [M], seq: Int64) {
        var criteria = query.criteria
        criteria.populates = []
        let snapshot = try await findSnapshot(M.identity, criteria)
        return (try snapshot.records.map { try Self.decode($0, as: M.self) }, snapshot.seq)
    }

    /// Records of a typed query with populated associations, as records.
    ///
    /// ```swift
    /// let channels = try await store.findRecords(Query<Channel>().populate("members"))
    /// channels[0]["members"]   // [{"id":1,"name":"Ada",...}, ...] — at most 30 unless the populate says otherwise
    /// ```
    /// - Throws: `E_INVALID_CRITERIA` (also for a bad populate), `E_DATABASE`.
    public func findRecords<M: Model>(_ query: Query<M>) async throws -> [Record] {
        try await find(M.identity, query.criteria)
    }

    /// The first record matching the query, or nil.
    /// - Throws: `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func findOne<M: Model>(_ query: Query<M>) async throws -> M? {
        try await find(query.limit(1)).first
    }

    /// The record with this primary key, or nil: `SELECT ... FROM "user" WHERE "id" = ?`.
    /// - Throws: `E_INVALID_CRITERIA` for a key of the wrong type, `E_DATABASE`.
    public func findOne<M: Model>(_ type: M.Type, id: some QueryValue) async throws -> M? {
        let schema = try schema(M.identity)
        let idValue = id.queryValue
        guard let key = ValueConversion.comparand(idValue, schema.primaryKey.type) else {
            throw ModelError.criteria("`\(idValue)` is not a valid primary key", model: M.identity, attribute: "id")
        }
        let sql = schema.findByIDSQL
        let decoder = schema.rowDecoder
        return try await read(schema, singleStatement: true) { connection in
            var found: M?
            try connection.forEachRow(sql, [key]) { row in
                found = try decoder.decode(M.self, row)
                return false
            }
            return found
        }
    }

    /// How many records match the query (`SELECT COUNT(*) FROM ... WHERE ...`).
    /// - Throws: `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func count<M: Model>(_ query: Query<M>) async throws -> Int { try await count(M.identity, query.criteria) }

    /// The sum of a numeric attribute over matching records: `store.sum(Query<User>(), \.age)`.
    /// - Throws: `E_INVALID_CRITERIA` (not numeric, not declared), `E_DATABASE`.
    public func sum<M: Model, V>(_ query: Query<M>, _ keyPath: KeyPath<M, V>) async throws -> Double {
        try await sum(M.identity, try attributeName(keyPath), query.criteria)
    }

    /// The mean of a numeric attribute over matching records (0 when none).
    /// - Throws: `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func avg<M: Model, V>(_ query: Query<M>, _ keyPath: KeyPath<M, V>) async throws -> Double {
        try await avg(M.identity, try attributeName(keyPath), query.criteria)
    }

    func attributeName<M: Model, V>(_ keyPath: KeyPath<M, V>) throws -> String {
        guard let name = try schema(M.identity).attributeName(for: keyPath) else {
            throw ModelError.criteria("key path \(keyPath) is not a declared attribute", model: M.identity)
        }
        return name
    }

    /// Creates a record and returns it as stored (id, defaults, timestamps filled in).
    /// - Throws: `E_INVALID_NEW_RECORD`, `E_UNIQUE`, a callback's error, `E_DATABASE`.
    public func create<M: Model>(_ value: M) async throws -> M {
        let schema = try schema(M.identity)
        if core.hooks[M.identity]?.create.isEmpty ?? true {
            guard let row = try await insert(schema, [try Self.encode(value)]).first else {
                throw ModelError(code: ModelError.database, message: "the insert returned no row", model: M.identity)
            }
            return try schema.rowDecoder.decode(M.self, SQLiteRow(columnNames: schema.columnNames, values: row.values))
        }
        return try Self.decode(try await create(M.identity, try Self.encode(value)), as: M.self)
    }

    /// Creates several records in one transaction (one `created` event each).
    /// - Throws: `E_INVALID_NEW_RECORD`, `E_UNIQUE` (nothing is created), a callback's error, `E_DATABASE`.
    public func createEach<M: Model>(_ values: [M]) async throws -> [M] {
        let schema = try schema(M.identity)
        let records = try values.map { try Self.encode($0) }
        if core.hooks[M.identity]?.create.isEmpty ?? true {
            let decoder = schema.rowDecoder
            let names = schema.columnNames
            return try await insert(schema, records).map {
                try decoder.decode(M.self, SQLiteRow(columnNames: names, values: $0.values))
            }
        }
        return try await createEach(M.identity, records).map { try Self.decode($0, as: M.self) }
    }

    /// Updates every record matching the query's `where` (one `updated` event each).
    /// - Throws: `E_INVALID_VALUES_TO_SET`, `E_INVALID_CRITERIA`, `E_UNIQUE`, a callback's error, `E_DATABASE`.
    public func update<M: Model>(_ query: Query<M>, set changes: Changes<M>) async throws -> [M] {
        try await update(M.identity, query.criteria, try changes.checked()).map { try Self.decode($0, as: M.self) }
    }

    /// Updates at most one record (nil when none matches).
    /// - Throws: like `update`; `E_INVALID_CRITERIA` when several records match.
    public func updateOne<M: Model>(_ query: Query<M>, set changes: Changes<M>) async throws -> M? {
        try await updateOne(M.identity, query.criteria, try changes.checked()).map { try Self.decode($0, as: M.self) }
    }

    /// Writes every attribute of `value` to the record with its id.
    /// - Throws: `E_NOT_FOUND` when no record has that id; like `update`.
    public func save<M: Model>(_ value: M) async throws -> M {
        var values = try Self.encode(value)
        guard let id = values.removeValue(forKey: "id"), !id.isNull else {
            throw ModelError(code: ModelError.notFound, message: "the record has no id", model: M.identity)
        }
        guard let saved = try await updateOne(M.identity, .primaryKey(id), values) else {
            throw ModelError(code: ModelError.notFound, message: "no `\(M.identity)` with id \(id)", model: M.identity)
        }
        return try Self.decode(saved, as: M.self)
    }

    /// Deletes every record matching the query's `where` (one `destroyed` event each).
    /// - Throws: `E_INVALID_CRITERIA`, a callback's error, `E_DATABASE`.
    public func destroy<M: Model>(_ query: Query<M>) async throws -> [M] {
        try await destroy(M.identity, query.criteria).map { try Self.decode($0, as: M.self) }
    }

    /// Deletes at most one record (nil when none matches).
    /// - Throws: like `destroy`; `E_INVALID_CRITERIA` when several records match.
    public func destroyOne<M: Model>(_ query: Query<M>) async throws -> M? {
        try await destroyOne(M.identity, query.criteria).map { try Self.decode($0, as: M.self) }
    }

    /// The first record matching the query, or `value` created; `created` tells which, atomically.
    /// - Throws: like `find` and `create`.
    public func findOrCreate<M: Model>(_ query: Query<M>, _ value: M) async throws -> (record: M, created: Bool) {
        let record = try Self.encode(value)
        let found = try await findOrCreate(M.identity, query.criteria, record)
        return (try Self.decode(found.record, as: M.self), found.created)
    }

    /// The first record matching `criteria`, or one created from `values`, in one transaction.
    /// - Throws: like `find` and `create`.
    public func findOrCreate(_ identity: String, _ criteria: Criteria, _ values: Record) async throws
        -> (record: Record, created: Bool)
    {
        try await transaction { tx in
            if let found = try await tx.findOne(identity, criteria) { return (found, false) }
            return (try await tx.create(identity, values), true)
        }
    }

    /// Adds children to a collection of the record `id`: one `addedTo` event per child actually added.
    /// - Throws: `E_NOT_FOUND` (parent or child), `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func addToCollection<M: Model>(
        _ type: M.Type, id: some QueryValue, _ attribute: String, _ childIDs: [JSONValue]
    )
        async throws
    {
        try await addToCollection(M.identity, id: id.queryValue, attribute, childIDs)
    }

    /// Removes children from a collection: one `removedFrom` event per child actually removed.
    /// - Throws: `E_NOT_FOUND` (parent), `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func removeFromCollection<M: Model>(
        _ type: M.Type, id: some QueryValue, _ attribute: String, _ childIDs: [JSONValue]
    ) async throws {
        try await removeFromCollection(M.identity, id: id.queryValue, attribute, childIDs)
    }

    /// Makes a collection exactly `childIDs` (events for each removal and addition).
    /// - Throws: `E_NOT_FOUND` (parent or child), `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func replaceCollection<M: Model>(
        _ type: M.Type, id: some QueryValue, _ attribute: String, _ childIDs: [JSONValue]
    ) async throws {
        try await replaceCollection(M.identity, id: id.queryValue, attribute, childIDs)
    }

    /// The record as clients may see it: hidden attributes removed, also from populated children.
    /// - Throws: `E_INVALID_CRITERIA` for an unregistered model.
    public func clientJSON<M: Model>(_ value: M) throws -> JSONValue {
        try clientJSON(M.identity, try Self.encode(value))
    }

    /// A record (possibly populated) as clients may see it.
    public func clientJSON(_ identity: String, _ record: Record) throws -> JSONValue {
        let schema = try schema(identity)
        var result = schema.clientRecord(record)
        for (name, association) in core.associations[identity] ?? [:] {
            let target = association.target
            switch result[name] {
            case .object(let child)?: result[name] = target.clientJSON(child)
            case .array(let children)?:
                result[name] = .array(children.map { $0.objectValue.map { target.clientJSON($0) } ?? $0 })
            default: continue
            }
        }
        return .object(result)
    }
}
