import HalyardSQLite

// Criteria → SQL text + bound arguments. Every identifier comes from the schema and is quoted; every value is a
// bound `?`; LIKE patterns escape `\`, `%` and `_` and say `ESCAPE '\'`. Validation happens here: an attribute
// missing from the schema, a collection used as a column, or a value that does not fit the attribute's type
// throws E_INVALID_CRITERIA naming it.

/// A compiled statement: its SQL text, the bound values and (for SELECTs) the attributes of each result column.
struct CompiledSQL: Sendable {
    var sql: String
    var arguments: [SQLiteValue]
    var columns: [AttributeDefinition] = []
}

/// Compiles criteria for one model. A pure value.
struct SQLCompiler {
    let schema: ModelSchema
    /// `"alias".` prefix for columns when the statement joins tables.
    var qualifier: String = ""

    static let maximumListLength = 10_000

    /// Resolves a reference to a stored attribute of this schema.
    /// - Throws: `E_INVALID_CRITERIA` for an unknown attribute or a collection.
    func resolve(_ reference: AttributeReference, clause: String) throws -> AttributeDefinition {
        let name: String
        switch reference {
        case .name(let text): name = text
        case .keyPath(let box):
            guard let found = schema.attributeName(for: box.keyPath) else {
                throw ModelError.criteria(
                    "key path \(box.keyPath) is not a declared attribute", model: schema.identity)
            }
            name = found
        }
        guard let attribute = schema.attribute(named: name) else {
            throw ModelError.criteria(
                "unknown attribute `\(name)` in \(clause)", model: schema.identity, attribute: name)
        }
        guard attribute.isStored else {
            throw ModelError.criteria(
                "`\(name)` is a collection and cannot be used in \(clause); populate it instead",
                model: schema.identity, attribute: name)
        }
        return attribute
    }

    func column(_ attribute: AttributeDefinition) -> String { qualifier + schema.quotedColumn(attribute) }

    /// Appends the SQL for `condition` (no leading WHERE) to `sql`, its values to `arguments`.
    func compile(_ condition: Condition, into sql: inout String, _ arguments: inout [SQLiteValue]) throws {
        switch condition {
        case .all:
            sql += "1"
        case .and(let parts), .or(let parts):
            let isAnd: Bool
            if case .and = condition { isAnd = true } else { isAnd = false }
            if parts.isEmpty {
                sql += isAnd ? "1" : "0"
                return
            }
            sql += "("
            for (index, part) in parts.enumerated() {
                if index > 0 { sql += isAnd ? " AND " : " OR " }
                try compile(part, into: &sql, &arguments)
            }
            sql += ")"
        case .compare(let reference, let op, let value):
            let attribute = try resolve(reference, clause: "where")
            try compare(attribute, op, value, into: &sql, &arguments)
        case .isIn(let reference, let values), .notIn(let reference, let values):
            let attribute = try resolve(reference, clause: "where")
            var negated = false
            if case .notIn = condition { negated = true }
            try list(attribute, values, negated: negated, into: &sql, &arguments)
        }
    }

    private func compare(
        _ attribute: AttributeDefinition, _ op: ComparisonOperator, _ value: JSONValue,
        into sql: inout String, _ arguments: inout [SQLiteValue]
    ) throws {
        let column = column(attribute)
        if value.isNull {
            switch op {
            case .equal: sql += column + " IS NULL"
            case .notEqual: sql += column + " IS NOT NULL"
            default:
                throw ModelError.criteria(
                    "`\(op.rawValue)` for `\(attribute.name)` cannot compare with null",
                    model: schema.identity, attribute: attribute.name)
            }
            return
        }
        switch op {
        case .contains, .startsWith, .endsWith, .like:
            guard attribute.type == .string || attribute.type == .json else {
                throw ModelError.criteria(
                    "`\(op.rawValue)` needs a string attribute; `\(attribute.name)` is \(attribute.type.rawValue)",
                    model: schema.identity, attribute: attribute.name)
            }
            guard let text = value.stringValue else {
                throw ModelError.criteria(
                    "`\(op.rawValue)` for `\(attribute.name)` needs a string, not \(value.kindDescription)",
                    model: schema.identity, attribute: attribute.name)
            }
            if op == .like {
                sql += column + " LIKE ?"
                arguments.append(.text(text))
                return
            }
            let escaped = Self.escapeLike(text)
            let pattern =
                op == .contains ? "%" + escaped + "%" : op == .startsWith ? escaped + "%" : "%" + escaped
            sql += column + " LIKE ? ESCAPE '\\'"
            arguments.append(.text(pattern))
        default:
            let bound = try comparand(value, attribute)
            sql += column
            switch op {
            case .equal: sql += " = ?"
            case .notEqual: sql += " <> ?"
            case .lessThan: sql += " < ?"
            case .lessThanOrEqual: sql += " <= ?"
            case .greaterThan: sql += " > ?"
            default: sql += " >= ?"
            }
            arguments.append(bound)
        }
    }

    private func list(
        _ attribute: AttributeDefinition, _ values: [JSONValue], negated: Bool,
        into sql: inout String, _ arguments: inout [SQLiteValue]
    ) throws {
        guard values.count <= Self.maximumListLength else {
            throw ModelError.criteria(
                "more than \(Self.maximumListLength) values for `\(attribute.name)`",
                model: schema.identity, attribute: attribute.name)
        }
        let column = column(attribute)
        var hasNull = false
        var bound: [SQLiteValue] = []
        bound.reserveCapacity(values.count)
        for value in values {
            if value.isNull { hasNull = true } else { bound.append(try comparand(value, attribute)) }
        }
        var text: String
        if bound.isEmpty {
            text = negated ? "1" : "0"
        } else {
            text = column + (negated ? " NOT IN (" : " IN (")
            for index in bound.indices { text += index == 0 ? "?" : ", ?" }
            text += ")"
            arguments.append(contentsOf: bound)
        }
        if hasNull {
            text = negated ? "(\(text) AND \(column) IS NOT NULL)" : "(\(text) OR \(column) IS NULL)"
        }
        sql += text
    }

    private func comparand(_ value: JSONValue, _ attribute: AttributeDefinition) throws -> SQLiteValue {
        guard let bound = ValueConversion.comparand(value, attribute.type) else {
            throw ModelError.criteria(
                "`\(attribute.name)` is \(attribute.type.rawValue); cannot compare it with \(value)",
                model: schema.identity, attribute: attribute.name)
        }
        return bound
    }

    /// `\`, `%`, `_` escaped with `\` for `LIKE ... ESCAPE '\'`.
    static func escapeLike(_ text: String) -> String {
        guard text.contains(where: { $0 == "%" || $0 == "_" || $0 == "\\" }) else { return text }
        var out = ""
        out.reserveCapacity(text.count + 4)
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
