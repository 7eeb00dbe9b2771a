import HalyardSQLite

// Collection membership. One-to-many: the child's `via` column is set (add) or cleared (remove); a child
// taken from another parent also yields `removedFrom` on that parent.
// Many-to-many: junction rows are inserted (`INSERT OR IGNORE`) or deleted. Only real changes emit events:
// one `addedTo` / `removedFrom` per child on the parent, in the order the ids were given.

enum LinkMode {
    case add, remove, replace
}

extension ModelStore {
    /// Adds children (by primary key) to a parent's collection attribute.
    ///
    /// ```swift
    /// try await store.addToCollection("channel", id: 1, "members", [4, 5])
    /// // INSERT OR IGNORE INTO "channel_members__user_channels" ("channel_members", "user_channels") VALUES (?, ?)
    /// ```
    /// - Throws: `E_NOT_FOUND` for a missing parent or child, `E_INVALID_CRITERIA` for a non-collection,
    ///   `E_DATABASE`.
    public func addToCollection(_ identity: String, id: JSONValue, _ attribute: String, _ childIDs: [JSONValue])
        async throws
    {
        try await changeCollection(identity, id, attribute, childIDs, .add)
    }

    /// Removes children from a parent's collection attribute (ids not in it are ignored).
    public func removeFromCollection(
        _ identity: String, id: JSONValue, _ attribute: String, _ childIDs: [JSONValue]
    ) async throws {
        try await changeCollection(identity, id, attribute, childIDs, .remove)
    }

    /// Makes a parent's collection exactly `childIDs`: removes the others, adds the missing.
    public func replaceCollection(
        _ identity: String, id: JSONValue, _ attribute: String, _ childIDs: [JSONValue]
    ) async throws {
        try await changeCollection(identity, id, attribute, childIDs, .replace)
    }

    func changeCollection(
        _ identity: String, _ id: JSONValue, _ attribute: String, _ childIDs: [JSONValue], _ mode: LinkMode
    ) async throws {
        let schema = try schema(identity)
        let association = try association(schema, attribute)
        if case .toOne = association {
            throw ModelError.criteria(
                "`\(attribute)` is a singular association; update the record instead", model: identity,
                attribute: attribute)
        }
        guard let parentKey = ValueConversion.storage(id, schema.primaryKey.type), !parentKey.isNull else {
            throw ModelError.criteria("`\(id)` is not a valid primary key", model: identity, attribute: "id")
        }
        let exists = "SELECT 1 FROM " + schema.quotedTable + " WHERE " + schema.quotedColumn(schema.primaryKey) + " = ?"
        try await write(schema) { connection, recorder in
            guard try !connection.query(exists, [parentKey]).isEmpty else {
                throw ModelError(code: ModelError.notFound, message: "no `\(identity)` with id \(id)", model: identity)
            }
            try Self.link(connection, recorder, schema, id, attribute, association, childIDs, mode: mode)
        }
    }

    /// Applies a membership change on the writer connection and records its events. A child id of the wrong type
    /// fails with `invalidCode` (the values error when the ids came with a create or update).
    static func link(
        _ connection: SQLiteConnection, _ recorder: ChangeRecorder, _ schema: ModelSchema, _ parentID: JSONValue,
        _ attribute: String, _ association: Association, _ childIDs: [JSONValue], mode: LinkMode,
        invalidCode: ModelError.Code = ModelError.invalidCriteria
    ) throws {
        let target = association.target
        let targetPK = target.primaryKey
        var keys: [SQLiteValue] = []
        var seen: Set<SQLiteValue> = []
        for child in childIDs {
            guard let key = ValueConversion.storage(child, targetPK.type), !key.isNull else {
                let message = "`\(child)` is not a valid `\(target.identity)` primary key"
                throw ModelError(
                    code: invalidCode, message: message, model: schema.identity, attributes: [attribute],
                    problems: [AttributeProblem(attribute: attribute, rule: "type", message: message)])
            }
            if seen.insert(key).inserted { keys.append(key) }
        }
        if mode != .remove, !keys.isEmpty {
            let check =
                "SELECT " + target.quotedColumn(targetPK) + " FROM " + target.quotedTable + " WHERE "
                + target.quotedColumn(targetPK) + " = ?"
            for key in keys where try connection.query(check, [key]).isEmpty {
                throw ModelError(
                    code: ModelError.notFound,
                    message: "no `\(target.identity)` with id \(ValueConversion.json(key, targetPK.type))",
                    model: target.identity)
            }
        }
        let parentKey = ValueConversion.storage(parentID, schema.primaryKey.type) ?? .null
        let current = try members(connection, association, parentKey)
        var toRemove: [SQLiteValue] = []
        var toAdd: [SQLiteValue] = []
        switch mode {
        case .add: toAdd = keys.filter { !current.contains($0) }
        case .remove: toRemove = keys.filter { current.contains($0) }
        case .replace:
            let wanted = Set(keys)
            toRemove = current.filter { !wanted.contains($0) }
            toAdd = keys.filter { !current.contains($0) }
        }
        for key in toRemove {
            switch association {
            case .oneToMany(_, let via):
                try connection.execute(
                    "UPDATE " + target.quotedTable + " SET " + target.quotedColumn(via) + " = NULL WHERE "
                        + target.quotedColumn(targetPK) + " = ?", [key])
            case .manyToMany(_, let junction):
                try connection.execute(
                    "DELETE FROM " + SQLName.quote(junction.table) + " WHERE " + SQLName.quote(junction.parentColumn)
                        + " = ? AND " + SQLName.quote(junction.childColumn) + " = ?", [parentKey, key])
            case .toOne: continue
            }
            try recorder.record(
                connection, schema, .removedFrom, id: parentID, attribute: attribute,
                childId: ValueConversion.json(key, targetPK.type))
        }
        for key in toAdd {
            switch association {
            case .oneToMany(_, let via):
                // A child taken from another parent leaves that parent's collection: say so.
                let owner = try connection.query(
                    "SELECT " + target.quotedColumn(via) + " FROM " + target.quotedTable + " WHERE "
                        + target.quotedColumn(targetPK) + " = ?", [key]
                ).first?[0]
                try connection.execute(
                    "UPDATE " + target.quotedTable + " SET " + target.quotedColumn(via) + " = ? WHERE "
                        + target.quotedColumn(targetPK) + " = ?", [parentKey, key])
                if let owner, !owner.isNull, owner != parentKey {
                    try recorder.record(
                        connection, schema, .removedFrom, id: ValueConversion.json(owner, schema.primaryKey.type),
                        attribute: attribute, childId: ValueConversion.json(key, targetPK.type))
                }
            case .manyToMany(_, let junction):
                try connection.execute(
                    "INSERT OR IGNORE INTO " + SQLName.quote(junction.table) + " ("
                        + SQLName.quote(junction.parentColumn) + ", " + SQLName.quote(junction.childColumn)
                        + ") VALUES (?, ?)", [parentKey, key])
            case .toOne: continue
            }
            try recorder.record(
                connection, schema, .addedTo, id: parentID, attribute: attribute,
                childId: ValueConversion.json(key, targetPK.type))
        }
    }

    /// Current child keys of a parent, in primary-key order.
    static func members(_ connection: SQLiteConnection, _ association: Association, _ parentKey: SQLiteValue) throws
        -> [SQLiteValue]
    {
        let sql: String
        switch association {
        case .oneToMany(let target, let via):
            let pk = target.quotedColumn(target.primaryKey)
            sql = "SELECT \(pk) FROM \(target.quotedTable) WHERE \(target.quotedColumn(via)) = ? ORDER BY \(pk)"
        case .manyToMany(_, let junction):
            let child = SQLName.quote(junction.childColumn)
            sql =
                "SELECT \(child) FROM \(SQLName.quote(junction.table)) WHERE "
                + SQLName.quote(junction.parentColumn) + " = ? ORDER BY \(child)"
        case .toOne: return []
        }
        return try connection.query(sql, [parentKey]).map { $0[0] }
    }
}
