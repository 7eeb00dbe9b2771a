import HalyardSQLite

// Populate runs inside the same read as the parent query (one snapshot). Singular associations are fetched with
// one `IN (...)` query; each parent's collection is one query with the populate's own criteria, so per-parent
// limit/skip/sort are exact. Collections default to Sails' limit of 30.

/// A populate resolved against the schema, with its compiled child SELECT pieces.
struct ResolvedPopulate: Sendable {
    let attribute: String
    let association: Association
    let criteria: Criteria
}

extension ModelStore {
    func resolvePopulates(_ schema: ModelSchema, _ populates: [Populate]) throws -> [ResolvedPopulate] {
        try populates.map { populate in
            guard core.associations[schema.identity]?[populate.attribute] != nil else {
                throw ModelError.criteria(
                    "cannot populate `\(populate.attribute)`: not an association of `\(schema.identity)`",
                    model: schema.identity, attribute: populate.attribute)
            }
            let association = try association(schema, populate.attribute)
            guard populate.criteria.populates.isEmpty else {
                throw ModelError.criteria(
                    "nested populate inside `\(populate.attribute)` is not supported", model: schema.identity,
                    attribute: populate.attribute)
            }
            var criteria = populate.criteria
            if case .toOne = association {
            } else if criteria.limit == nil {
                criteria.limit = Populate.defaultCollectionLimit
            }
            // Validate now so a bad child criteria fails before any query runs.
            _ = try SQLCompiler(schema: association.target).select(criteria)
            return ResolvedPopulate(attribute: populate.attribute, association: association, criteria: criteria)
        }
    }

    static func populate(
        _ records: inout [Record], _ schema: ModelSchema, _ populates: [ResolvedPopulate],
        _ connection: SQLiteConnection
    ) throws {
        for populate in populates {
            let target = populate.association.target
            let compiler = SQLCompiler(schema: target)
            switch populate.association {
            case .toOne(_, let attribute):
                let keys = Array(
                    Set(
                        records.compactMap { record -> JSONValue? in
                            guard let key = record[attribute.name], !key.isNull else { return nil }
                            return key
                        }))
                var byKey: [JSONValue: Record] = [:]
                if !keys.isEmpty {
                    var criteria = populate.criteria
                    criteria.condition = criteria.condition.and(.isIn(.name(target.primaryKey.name), keys))
                    let compiled = try compiler.select(criteria)
                    for row in try connection.query(compiled.sql, compiled.arguments) {
                        let child = target.record(row, compiled.columns)
                        byKey[child[target.primaryKey.name] ?? .null] = child
                    }
                }
                for index in records.indices {
                    let key = records[index][attribute.name] ?? .null
                    records[index][populate.attribute] = byKey[key].map { .object($0) } ?? .null
                }
            case .oneToMany(_, let via):
                for index in records.indices {
                    var criteria = populate.criteria
                    let parentID = records[index][schema.primaryKey.name] ?? .null
                    criteria.condition = criteria.condition.and(.compare(.name(via.name), .equal, parentID))
                    if criteria.sort.isEmpty { criteria.sort = [SortTerm(.name(target.primaryKey.name))] }
                    let compiled = try compiler.select(criteria)
                    records[index][populate.attribute] = .array(
                        try connection.query(compiled.sql, compiled.arguments).map {
                            .object(target.record($0, compiled.columns))
                        })
                }
            case .manyToMany(_, let junction):
                var joined = compiler
                joined.qualifier = "c."
                let columns = try joined.selectedAttributes(populate.criteria)
                let list = columns.map { "c." + target.quotedColumn($0) }.joined(separator: ", ")
                for index in records.indices {
                    let parentID = records[index][schema.primaryKey.name] ?? .null
                    var arguments: [SQLiteValue] = [
                        ValueConversion.comparand(parentID, schema.primaryKey.type) ?? .null
                    ]
                    var sql =
                        "SELECT \(list) FROM \(target.quotedTable) AS c JOIN \(SQLName.quote(junction.table)) AS j"
                    sql += " ON j.\(SQLName.quote(junction.childColumn)) = c.\(target.quotedColumn(target.primaryKey))"
                    sql += " WHERE j.\(SQLName.quote(junction.parentColumn)) = ?"
                    if case .all = populate.criteria.condition {
                    } else {
                        sql += " AND "
                        try joined.compile(populate.criteria.condition, into: &sql, &arguments)
                    }
                    let sort =
                        populate.criteria.sort.isEmpty
                        ? [SortTerm(.name(target.primaryKey.name))] : populate.criteria.sort
                    sql += try joined.orderClause(sort, defaultToPrimaryKey: true)
                    sql += joined.limitClause(populate.criteria.limit, populate.criteria.skip, &arguments)
                    records[index][populate.attribute] = .array(
                        try connection.query(sql, arguments).map { .object(target.record($0, columns)) })
                }
            }
        }
    }
}
