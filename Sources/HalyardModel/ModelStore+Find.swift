import HalyardSQLite

extension ModelStore {
    /// Records matching `criteria`, with its populates.
    ///
    /// ```swift
    /// let rows = try await store.find("user", Criteria(json: ["where": ["age": [">": 21]], "limit": 10]))
    /// // SELECT "id", "name", "age" FROM "user" WHERE "age" > ? LIMIT ?
    /// ```
    /// - Throws: `E_INVALID_CRITERIA` (unknown model, attribute, bad value, bad populate), `E_DATABASE`.
    public func find(_ identity: String, _ criteria: Criteria = Criteria()) async throws -> [Record] {
        let schema = try schema(identity)
        let compiled = try SQLCompiler(schema: schema).select(criteria)
        let populates = try resolvePopulates(schema, criteria.populates)
        return try await read(schema, singleStatement: populates.isEmpty) { connection in
            var records = try connection.query(compiled.sql, compiled.arguments).map {
                schema.record($0, compiled.columns)
            }
            if !populates.isEmpty { try Self.populate(&records, schema, populates, connection) }
            return records
        }
    }

    /// Records matching `criteria` and the `seq` of the last change visible in the same snapshot, so a
    /// subscriber can continue with `changes(after: seq)` without missing or repeating anything.
    ///
    /// ```swift
    /// let snapshot = try await store.findSnapshot("user", criteria)
    /// for try await event in store.changes(after: snapshot.seq) { ... }   // exactly the later changes
    /// ```
    /// - Throws: like `find`.
    public func findSnapshot(_ identity: String, _ criteria: Criteria = Criteria()) async throws
        -> (records: [Record], seq: Int64)
    {
        let schema = try schema(identity)
        let compiled = try SQLCompiler(schema: schema).select(criteria)
        let populates = try resolvePopulates(schema, criteria.populates)
        return try await read(schema) { connection in
            var records = try connection.query(compiled.sql, compiled.arguments).map {
                schema.record($0, compiled.columns)
            }
            if !populates.isEmpty { try Self.populate(&records, schema, populates, connection) }
            return (records, try ChangeLog.lastSeq(connection))
        }
    }

    /// The first record matching `criteria`, or nil.
    /// - Throws: `E_INVALID_CRITERIA`, `E_DATABASE`.
    public func findOne(_ identity: String, _ criteria: Criteria) async throws -> Record? {
        var limited = criteria
        limited.limit = 1
        return try await find(identity, limited).first
    }

    /// The record with primary key `id`, or nil.
    public func findOne(_ identity: String, id: JSONValue) async throws -> Record? {
        let schema = try schema(identity)
        let sql = schema.findByIDSQL
        guard let key = ValueConversion.comparand(id, schema.primaryKey.type) else {
            throw ModelError.criteria("`\(id)` is not a valid primary key", model: identity, attribute: "id")
        }
        return try await read(schema, singleStatement: true) { connection in
            var found: Record?
            try connection.forEachRow(sql, [key]) { row in
                found = schema.record(row, schema.storedAttributes)
                return false
            }
            return found
        }
    }

    /// How many records match (limit and skip apply).
    public func count(_ identity: String, _ criteria: Criteria = Criteria()) async throws -> Int {
        let value = try await aggregate(identity, "COUNT", nil, criteria)
        return Int(value.integerValue ?? 0)
    }

    /// The sum of a numeric attribute over matching records (0 when none).
    public func sum(_ identity: String, _ attribute: String, _ criteria: Criteria = Criteria()) async throws -> Double {
        try await aggregate(identity, "TOTAL", .name(attribute), criteria).doubleValue ?? 0
    }

    /// The mean of a numeric attribute over matching records (0 when none, like Waterline).
    public func avg(_ identity: String, _ attribute: String, _ criteria: Criteria = Criteria()) async throws -> Double {
        try await aggregate(identity, "AVG", .name(attribute), criteria).doubleValue ?? 0
    }

    func aggregate(_ identity: String, _ function: String, _ attribute: AttributeReference?, _ criteria: Criteria)
        async throws -> SQLiteValue
    {
        let schema = try schema(identity)
        let compiled = try SQLCompiler(schema: schema).aggregate(function, of: attribute, criteria)
        return try await read(schema, singleStatement: true) { connection in
            try connection.query(compiled.sql, compiled.arguments).first?[0] ?? .null
        }
    }
}
