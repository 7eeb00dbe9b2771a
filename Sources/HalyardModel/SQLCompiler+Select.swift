import HalyardSQLite

extension SQLCompiler {
    /// The selected stored attributes: all, or `select` (+ primary key), minus `omit`.
    /// - Throws: `E_INVALID_CRITERIA` for unknown or collection attributes, or omitting the primary key.
    func selectedAttributes(_ criteria: Criteria) throws -> [AttributeDefinition] {
        if let select = criteria.select {
            var names: Set<String> = [schema.primaryKey.name]
            for reference in select { names.insert(try resolve(reference, clause: "select").name) }
            return schema.storedAttributes.filter { names.contains($0.name) }
        }
        if criteria.omit.isEmpty { return schema.storedAttributes }
        var omitted: Set<String> = []
        for reference in criteria.omit {
            let attribute = try resolve(reference, clause: "omit")
            if attribute.isPrimaryKey {
                throw ModelError.criteria(
                    "the primary key cannot be omitted", model: schema.identity, attribute: attribute.name)
            }
            omitted.insert(attribute.name)
        }
        return schema.storedAttributes.filter { !omitted.contains($0.name) }
    }

    /// ` WHERE ...` (empty for `.all`).
    func whereClause(_ condition: Condition, _ arguments: inout [SQLiteValue]) throws -> String {
        if case .all = condition { return "" }
        var sql = " WHERE "
        try compile(condition, into: &sql, &arguments)
        return sql
    }

    /// ` ORDER BY ...` (by primary key when no sort is given and `defaultToPrimaryKey`).
    func orderClause(_ sort: [SortTerm], defaultToPrimaryKey: Bool) throws -> String {
        if sort.isEmpty {
            return defaultToPrimaryKey ? " ORDER BY " + column(schema.primaryKey) + " ASC" : ""
        }
        var sql = " ORDER BY "
        for (index, term) in sort.enumerated() {
            let attribute = try resolve(term.attribute, clause: "sort")
            if index > 0 { sql += ", " }
            sql += column(attribute) + (term.descending ? " DESC" : " ASC")
        }
        return sql
    }

    /// ` LIMIT ? OFFSET ?` as needed.
    func limitClause(_ limit: Int?, _ skip: Int, _ arguments: inout [SQLiteValue]) -> String {
        switch (limit, skip) {
        case (nil, 0): return ""
        case (let limit?, 0):
            arguments.append(.integer(Int64(limit)))
            return " LIMIT ?"
        default:
            arguments.append(.integer(Int64(limit ?? -1)))
            arguments.append(.integer(Int64(skip)))
            return " LIMIT ? OFFSET ?"
        }
    }

    /// `SELECT cols FROM table WHERE ... ORDER BY ... LIMIT ? OFFSET ?`.
    ///
    /// ```swift
    /// // where {age: {">": 21}}, sort "name DESC", limit 10:
    /// // SELECT "id", "name", "age" FROM "user" WHERE "age" > ? ORDER BY "name" DESC LIMIT ?
    /// ```
    func select(_ criteria: Criteria) throws -> CompiledSQL {
        let columns = try selectedAttributes(criteria)
        var arguments: [SQLiteValue] = []
        var sql = "SELECT "
        sql +=
            columns.count == schema.storedAttributes.count
            ? schema.selectList : columns.map { schema.quotedColumn($0) }.joined(separator: ", ")
        sql += " FROM " + schema.quotedTable
        sql += try whereClause(criteria.condition, &arguments)
        sql += try orderClause(criteria.sort, defaultToPrimaryKey: false)
        sql += limitClause(criteria.limit, criteria.skip, &arguments)
        return CompiledSQL(sql: sql, arguments: arguments, columns: columns)
    }

    /// `SELECT COUNT(*) FROM table WHERE ...`, or an aggregate over one attribute (`SUM`, `AVG`).
    func aggregate(_ function: String, of attribute: AttributeReference?, _ criteria: Criteria) throws -> CompiledSQL {
        var target = "*"
        if let attribute {
            let resolved = try resolve(attribute, clause: function.lowercased())
            guard resolved.type == .integer || resolved.type == .number else {
                throw ModelError.criteria(
                    "\(function.lowercased()) needs a numeric attribute; `\(resolved.name)` is \(resolved.type.rawValue)",
                    model: schema.identity, attribute: resolved.name)
            }
            target = column(resolved)
        }
        let outer = attribute == nil ? "COUNT(*)" : function + "(" + target + ")"
        var arguments: [SQLiteValue] = []
        let filter = try whereClause(criteria.condition, &arguments)
        guard criteria.limit != nil || criteria.skip > 0 else {
            // SELECT COUNT(*) FROM "user" WHERE ...
            return CompiledSQL(sql: "SELECT " + outer + " FROM " + schema.quotedTable + filter, arguments: arguments)
        }
        // Limit and skip apply to the rows first: SELECT SUM("age") FROM (SELECT "age" FROM ... LIMIT ? OFFSET ?)
        var inner = "SELECT " + (attribute == nil ? "1" : target) + " FROM " + schema.quotedTable + filter
        inner += try orderClause(criteria.sort, defaultToPrimaryKey: false)
        inner += limitClause(criteria.limit, criteria.skip, &arguments)
        return CompiledSQL(sql: "SELECT " + outer + " FROM (" + inner + ")", arguments: arguments)
    }
}
