import HalyardSQLite

/// Compares registered schemas with the actual tables (`PRAGMA table_info`).
///
/// Each problem names the model, the attribute and the column: a missing table, a missing column, or a column
/// whose declared type's affinity does not fit the attribute type (e.g. `TEXT` for an `.integer`).
enum SchemaCheck {
    struct Problem: Sendable {
        let model: String
        let problem: AttributeProblem
    }

    static func problems(
        _ connection: SQLiteConnection, _ schemas: [String: ModelSchema],
        _ associations: [String: [String: Association]]
    ) throws -> [Problem] {
        var problems: [Problem] = []
        for identity in schemas.keys.sorted() {
            guard let schema = schemas[identity] else { continue }
            let columns = try tableColumns(connection, identity)
            if columns.isEmpty {
                problems.append(
                    Problem(
                        model: identity,
                        problem: AttributeProblem(
                            attribute: "*", rule: "table", message: "table `\(identity)` is missing")))
                continue
            }
            for attribute in schema.storedAttributes {
                guard let declared = columns[attribute.columnName] else {
                    problems.append(
                        Problem(
                            model: identity,
                            problem: AttributeProblem(
                                attribute: attribute.name, rule: "column",
                                message: "column `\(attribute.columnName)` is missing from table `\(identity)`")))
                    continue
                }
                let affinity = Self.affinity(declared)
                if !accepted(attribute.type).contains(affinity) {
                    problems.append(
                        Problem(
                            model: identity,
                            problem: AttributeProblem(
                                attribute: attribute.name, rule: "columnType",
                                message: "column `\(identity).\(attribute.columnName)` is `\(declared)` (\(affinity)) "
                                    + "but the attribute is \(attribute.type.rawValue)")))
                }
            }
            for (name, association) in (associations[identity] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard case .manyToMany(_, let junction) = association else { continue }
                let junctionColumns = try tableColumns(connection, junction.table)
                for column in [junction.parentColumn, junction.childColumn] where junctionColumns[column] == nil {
                    problems.append(
                        Problem(
                            model: identity,
                            problem: AttributeProblem(
                                attribute: name, rule: "junction",
                                message: junctionColumns.isEmpty
                                    ? "junction table `\(junction.table)` is missing"
                                    : "column `\(column)` is missing from junction table `\(junction.table)`")))
                    if junctionColumns.isEmpty { break }
                }
            }
        }
        return problems
    }

    static func tableColumns(_ connection: SQLiteConnection, _ table: String) throws -> [String: String] {
        var columns: [String: String] = [:]
        for row in try connection.query("SELECT name, type FROM pragma_table_info(?)", [.text(table)]) {
            if let name = row[0].textValue { columns[name] = row[1].textValue ?? "" }
        }
        return columns
    }

    /// SQLite's type-affinity rules for a declared column type.
    static func affinity(_ declared: String) -> String {
        let upper = declared.uppercased()
        if upper.contains("INT") { return "INTEGER" }
        if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") { return "TEXT" }
        if upper.contains("BLOB") || upper.isEmpty { return "BLOB" }
        if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { return "REAL" }
        return "NUMERIC"
    }

    static func accepted(_ type: AttributeType) -> Set<String> {
        switch type {
        case .string: return ["TEXT"]
        case .integer: return ["INTEGER", "NUMERIC"]
        case .number: return ["REAL", "NUMERIC", "INTEGER"]
        case .boolean: return ["INTEGER", "NUMERIC"]
        case .date: return ["INTEGER", "NUMERIC", "REAL"]
        case .json: return ["TEXT", "BLOB", "NUMERIC"]
        }
    }

    static func error(_ problems: [Problem]) -> ModelError {
        let first = problems[0]
        let text = problems.map { "\($0.model).\($0.problem.attribute): \($0.problem.message)" }
            .joined(separator: "; ")
        return ModelError(
            code: ModelError.schemaMismatch, message: "tables do not match the models: \(text)", model: first.model,
            attributes: problems.map(\.problem.attribute), problems: problems.map(\.problem))
    }
}
