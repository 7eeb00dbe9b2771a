import Foundation

// The Waterline criteria language, parsed into `Criteria`.
//
// Accepted (sails docs "Query language", waterline normalize-criteria / normalize-sort-clause):
//   whole criteria  {"where":{...},"sort":...,"limit":n,"skip":n,"select":[...],"omit":[...]}
//   bare where      {"name":"Ada","age":{">":21}}   (any key that is not a clause name is a where key)
//   pk shorthand    7, "abc", [1,2,3]
//   where values    scalar = equality, array = IN, null = IS NULL,
//                   {"<" "<=" ">" ">=" "!=" "in" "nin" "contains" "startsWith" "endsWith" "like": value}
//                   several modifiers in one object are ANDed; "!=" with an array = NOT IN
//   predicates      {"or":[{...},{...}]}, {"and":[{...}]}
//   limit / skip    whole numbers ≥ 0 (numeric strings too); limit null or "Infinity" = no limit
//   sort            "name", "name DESC", "name ASC, age DESC", ["name DESC"], [{"name":"ASC"}],
//                   {"name":1|-1} (Mongo style; an unwrapped {"name":"DESC"} is refused like Sails does)
// Attribute names are checked against the schema when the criteria is compiled, values then too.
// Structure problems are reported here with E_INVALID_CRITERIA. Nesting deeper than 32 levels is refused.

extension Criteria {
    /// Keys of a criteria object that are clauses rather than where attributes.
    static let clauseKeys: Set<String> = ["where", "sort", "limit", "skip", "select", "omit", "populate"]
    static let maximumDepth = 32

    /// Parses Waterline JSON criteria.
    ///
    /// ```swift
    /// let c = try Criteria(json: ["where": ["age": [">": 21]], "sort": "name DESC", "limit": 10])
    /// ```
    /// - Throws: `E_INVALID_CRITERIA` naming the clause, key or value that is wrong.
    public init(json: JSONValue) throws {
        self.init()
        switch json {
        case .null:
            return
        case .int, .double, .string:
            condition = .compare(.name("id"), .equal, json)
        case .array(let ids):
            condition = .isIn(.name("id"), ids)
        case .bool:
            throw ModelError.criteria("criteria must be an object, a primary key or an array of them, not a boolean")
        case .object(let members):
            var whereMembers: [String: JSONValue] = [:]
            var explicitWhere: JSONValue?
            for (key, value) in members {
                switch key {
                case "where": explicitWhere = value
                case "sort": sort = try Self.parseSort(value)
                case "limit": limit = try Self.parseCount(value, clause: "limit", allowNull: true)
                case "skip": skip = try Self.parseCount(value, clause: "skip", allowNull: false) ?? 0
                case "select": select = try Self.parseNames(value, clause: "select", allowStar: true)
                case "omit": omit = try Self.parseNames(value, clause: "omit", allowStar: false) ?? []
                case "populate":
                    throw ModelError.criteria("`populate` is not a criteria clause; use Criteria.populates")
                default: whereMembers[key] = value
                }
            }
            if let explicitWhere {
                if let stray = whereMembers.keys.sorted().first {
                    throw ModelError.criteria(
                        "unrecognized criteria clause `\(stray)` next to `where`", attribute: stray)
                }
                switch explicitWhere {
                case .null: condition = .all
                case .object(let clause): condition = try Self.parseWhere(clause, depth: 0)
                default:
                    throw ModelError.criteria("`where` must be an object, not \(explicitWhere.kindDescription)")
                }
            } else {
                condition = try Self.parseWhere(whereMembers, depth: 0)
            }
            if let select, !omit.isEmpty, !select.isEmpty {
                throw ModelError.criteria("`select` and `omit` cannot be used together")
            }
        }
    }

    /// Parses JSON criteria text. - Throws: `E_INVALID_CRITERIA` for text that is not JSON or bad criteria.
    public init(jsonText: String) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: jsonText)
        } catch {
            throw ModelError.criteria("criteria is not valid JSON")
        }
        try self.init(json: value)
    }

    static func parseWhere(_ members: [String: JSONValue], depth: Int) throws -> Condition {
        guard depth < maximumDepth else { throw ModelError.criteria("criteria nested too deeply") }
        var parts: [Condition] = []
        for key in members.keys.sorted() {
            let value = members[key, default: .null]
            switch key {
            case "or", "and":
                guard case .array(let branches) = value else {
                    throw ModelError.criteria(
                        "`\(key)` must be an array of where objects, not \(value.kindDescription)")
                }
                var conditions: [Condition] = []
                for branch in branches {
                    guard case .object(let branchMembers) = branch else {
                        throw ModelError.criteria(
                            "each `\(key)` branch must be an object, not \(branch.kindDescription)")
                    }
                    conditions.append(try parseWhere(branchMembers, depth: depth + 1))
                }
                parts.append(key == "or" ? .or(conditions) : .and(conditions))
            default:
                parts.append(try parseAttribute(key, value))
            }
        }
        if parts.isEmpty { return .all }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    static func parseAttribute(_ name: String, _ value: JSONValue) throws -> Condition {
        let attribute = AttributeReference.name(name)
        switch value {
        case .array(let values):
            return .isIn(attribute, try scalars(values, name: name, modifier: "in"))
        case .object(let modifiers):
            guard !modifiers.isEmpty else {
                throw ModelError.criteria("`\(name)` has an empty modifier object", attribute: name)
            }
            var parts: [Condition] = []
            for modifier in modifiers.keys.sorted() {
                parts.append(try parseModifier(name, modifier, modifiers[modifier, default: .null]))
            }
            return parts.count == 1 ? parts[0] : .and(parts)
        default:
            return .compare(attribute, .equal, value)
        }
    }

    static func parseModifier(_ name: String, _ modifier: String, _ value: JSONValue) throws -> Condition {
        let attribute = AttributeReference.name(name)
        switch modifier {
        case "in", "nin":
            guard case .array(let values) = value else {
                throw ModelError.criteria(
                    "`\(modifier)` for `\(name)` needs an array, not \(value.kindDescription)", attribute: name)
            }
            let list = try scalars(values, name: name, modifier: modifier)
            return modifier == "in" ? .isIn(attribute, list) : .notIn(attribute, list)
        case "!=":
            if case .array(let values) = value {
                return .notIn(attribute, try scalars(values, name: name, modifier: "!="))
            }
            try requireScalar(value, name: name, modifier: modifier)
            return .compare(attribute, .notEqual, value)
        default:
            guard let op = ComparisonOperator(rawValue: modifier), op != .equal else {
                throw ModelError.criteria("unknown modifier `\(modifier)` for `\(name)`", attribute: name)
            }
            try requireScalar(value, name: name, modifier: modifier)
            return .compare(attribute, op, value)
        }
    }

    static func requireScalar(_ value: JSONValue, name: String, modifier: String) throws {
        switch value {
        case .array, .object:
            throw ModelError.criteria(
                "`\(modifier)` for `\(name)` needs a single value, not \(value.kindDescription)", attribute: name)
        default: return
        }
    }

    static func scalars(_ values: [JSONValue], name: String, modifier: String) throws -> [JSONValue] {
        for value in values { try requireScalar(value, name: name, modifier: modifier) }
        return values
    }

    static func parseCount(_ value: JSONValue, clause: String, allowNull: Bool) throws -> Int? {
        if allowNull, value.isNull || value.stringValue == "Infinity" { return nil }
        var number = value.intValue
        if number == nil, case .string(let text) = value { number = Int64(text.trimmingCharacters(in: .whitespaces)) }
        guard let number, number >= 0, number <= Int64(Int32.max) else {
            throw ModelError.criteria("`\(clause)` must be a whole number ≥ 0, not \(value)")
        }
        return Int(number)
    }

    static func parseNames(_ value: JSONValue, clause: String, allowStar: Bool) throws -> [AttributeReference]? {
        var names: [String]
        switch value {
        case .null: return nil
        case .string(let text): names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case .array(let elements):
            names = try elements.map {
                guard let name = $0.stringValue else {
                    throw ModelError.criteria("`\(clause)` must list attribute names, not \($0.kindDescription)")
                }
                return name
            }
        default:
            throw ModelError.criteria("`\(clause)` must be an array of attribute names, not \(value.kindDescription)")
        }
        if allowStar, names.contains("*") {
            names.removeAll { $0 == "*" }
            if names.isEmpty { return nil }
        }
        return names.map { .name($0) }
    }

    static func parseSort(_ value: JSONValue) throws -> [SortTerm] {
        switch value {
        case .null: return []
        case .string(let text):
            return try text.split(separator: ",").map { try parseSortString(String($0)) }
        case .array(let elements):
            return try elements.flatMap { element -> [SortTerm] in
                switch element {
                case .string(let text): return [try parseSortString(text)]
                case .object(let members) where members.count == 1:
                    return try parseSortObject(members, allowWords: true)
                default:
                    throw ModelError.criteria(
                        "each sort entry must be \"attr DIR\" or {\"attr\":\"ASC|DESC\"}, not \(element)")
                }
            }
        case .object(let members):
            guard members.values.allSatisfy({ $0.intValue == 1 || $0.intValue == -1 }) else {
                throw ModelError.criteria(
                    "sort objects must be wrapped in an array: [{\"attr\":\"ASC\"}] (or use {\"attr\":1|-1})")
            }
            return try parseSortObject(members, allowWords: false)
        default:
            throw ModelError.criteria("sort must be a string, an array or an object, not \(value.kindDescription)")
        }
    }

    static func parseSortString(_ text: String) throws -> SortTerm {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty, words.count <= 2 else {
            throw ModelError.criteria("bad sort `\(text)`: expected \"attribute [ASC|DESC]\"")
        }
        let name = String(words[0])
        guard words.count == 2 else { return SortTerm(.name(name)) }
        return SortTerm(.name(name), descending: try direction(.string(String(words[1])), attribute: name))
    }

    static func parseSortObject(_ members: [String: JSONValue], allowWords: Bool) throws -> [SortTerm] {
        try members.keys.sorted().map { name in
            let value = members[name, default: .null]
            if !allowWords, value.stringValue != nil {
                throw ModelError.criteria("sort direction for `\(name)` must be 1 or -1 here", attribute: name)
            }
            return SortTerm(.name(name), descending: try direction(value, attribute: name))
        }
    }

    static func direction(_ value: JSONValue, attribute: String) throws -> Bool {
        if let word = value.stringValue?.uppercased() {
            if word == "ASC" { return false }
            if word == "DESC" { return true }
        } else if let number = value.intValue, number == 1 || number == -1 {
            return number == -1
        }
        throw ModelError.criteria(
            "sort direction for `\(attribute)` must be ASC or DESC, not \(value)", attribute: attribute)
    }
}
