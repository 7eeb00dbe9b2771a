import Foundation
import HalyardSQLite

/// Checks and converts values to set against a schema: unknown attributes, required, null, type, rules.
///
/// A pure value; failures are collected per attribute and thrown together as `E_INVALID_NEW_RECORD` (create)
/// or `E_INVALID_VALUES_TO_SET` (update).
struct Validation {
    let schema: ModelSchema
    let isCreate: Bool

    /// Stored columns to write (attribute, SQLite value), collection values given, and the normalized record.
    struct Prepared: Sendable {
        var attributes: [AttributeDefinition] = []
        var values: [SQLiteValue] = []
        /// Every stored column in `storedAttributes` order (`.null` where no value is written).
        var row: [SQLiteValue] = []
        var record: Record = [:]
        var collections: [String: [JSONValue]] = [:]
        /// Update only: a primary key given with the values (must equal each updated record's id).
        var primaryKey: JSONValue?
        /// Bit i set = `storedAttributes[i]` is written; nil past 64 stored attributes.
        var mask: UInt64? = 0
    }

    func prepare(_ input: Record, now: Date) throws -> Prepared {
        var prepared = Prepared()
        var problems: [AttributeProblem] = []
        let nowMilliseconds = now.millisecondsSince1970
        var storedIndex = -1
        var consumed = 0
        prepared.attributes.reserveCapacity(schema.storedAttributes.count)
        prepared.values.reserveCapacity(schema.storedAttributes.count)
        prepared.row = Array(repeating: .null, count: schema.storedAttributes.count)
        if schema.storedAttributes.count > 64 { prepared.mask = nil }
        for attribute in schema.attributes {
            if attribute.isStored { storedIndex += 1 }
            var value = input[attribute.name]
            if value != nil { consumed += 1 }
            if attribute.isCollection {
                guard let value else { continue }
                guard let ids = value.arrayValue,
                    ids.allSatisfy({ !$0.isNull && $0.arrayValue == nil && $0.objectValue == nil })
                else {
                    problems.append(problem(attribute, "type", "must be an array of primary keys"))
                    continue
                }
                prepared.collections[attribute.name] = ids
                continue
            }
            if attribute.isPrimaryKey, !isCreate {
                // Allowed only when it names the record's own id (checked against each matched record).
                if let value, !value.isNull {
                    if let key = ValueConversion.storage(value, attribute.type) {
                        prepared.primaryKey = ValueConversion.json(key, attribute.type)
                    } else {
                        problems.append(problem(attribute, "type", "expected \(attribute.type.rawValue)"))
                    }
                }
                continue
            }
            if isCreate, value == nil || value?.isNull == true {
                if attribute.isAutoCreatedAt || attribute.isAutoUpdatedAt {
                    value =
                        attribute.type == .date || attribute.type == .integer
                        ? .int(nowMilliseconds) : .double(Double(nowMilliseconds))
                } else if let defaultValue = attribute.defaultValue, value == nil {
                    value = defaultValue
                }
            } else if !isCreate, attribute.isAutoUpdatedAt, value == nil {
                value = .int(nowMilliseconds)
            }
            guard let value else {
                if isCreate, attribute.isRequired || (attribute.isPrimaryKey && !attribute.isAutoIncrement) {
                    problems.append(problem(attribute, "required", "is required"))
                }
                continue
            }
            if value.isNull {
                if attribute.isPrimaryKey, attribute.isAutoIncrement { continue }
                if attribute.isRequired || !attribute.allowsNull {
                    problems.append(problem(attribute, "required", "is required and cannot be null"))
                    continue
                }
            }
            if attribute.isRequired, value.stringValue == "" {
                problems.append(problem(attribute, "required", "is required and cannot be an empty string"))
                continue
            }
            guard let stored = ValueConversion.storage(value, attribute.type) else {
                problems.append(
                    problem(attribute, "type", "expected \(attribute.type.rawValue), got \(value.kindDescription)"))
                continue
            }
            if !value.isNull {
                for rule in attribute.rules {
                    if let message = check(rule, value) { problems.append(problem(attribute, rule.name, message)) }
                }
            }
            prepared.attributes.append(attribute)
            prepared.values.append(stored)
            prepared.row[storedIndex] = stored
            if let mask = prepared.mask { prepared.mask = mask | (1 << UInt64(storedIndex)) }
            prepared.record[attribute.name] = ValueConversion.json(stored, attribute.type)
        }
        if consumed < input.count {
            for key in input.keys.sorted() where schema.attribute(named: key) == nil {
                problems.append(AttributeProblem(attribute: key, rule: "unknown", message: "no such attribute"))
            }
        }
        guard problems.isEmpty else {
            let code = isCreate ? ModelError.invalidNewRecord : ModelError.invalidValuesToSet
            let list = problems.map(\.description).joined(separator: "; ")
            throw ModelError(
                code: code, message: "invalid values for `\(schema.identity)`: \(list)", model: schema.identity,
                attributes: problems.map(\.attribute), problems: problems)
        }
        return prepared
    }

    func problem(_ attribute: AttributeDefinition, _ rule: String, _ message: String) -> AttributeProblem {
        AttributeProblem(attribute: attribute.name, rule: rule, message: message)
    }

    static let emailPattern = try? NSRegularExpression(pattern: "^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$")

    /// nil when `value` passes `rule`, else the message.
    func check(_ rule: ValidationRule, _ value: JSONValue) -> String? {
        switch rule {
        case .isEmail:
            guard let text = value.stringValue, Self.matches(Self.emailPattern, text) else {
                return "must be an email address"
            }
        case .isURL:
            guard let text = value.stringValue, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                ["http", "https", "ftp"].contains(scheme), let host = url.host, !host.isEmpty
            else { return "must be a URL" }
        case .isIn(let allowed):
            let number = value.doubleValue
            let found = allowed.contains { $0 == value || (number != nil && $0.doubleValue == number) }
            if !found { return "must be one of \(JSONValue.array(allowed).jsonString())" }
        case .min(let limit):
            guard let number = value.doubleValue, number >= limit else { return "must be ≥ \(limit)" }
        case .max(let limit):
            guard let number = value.doubleValue, number <= limit else { return "must be ≤ \(limit)" }
        case .minLength(let limit):
            guard let text = value.stringValue, text.count >= limit else {
                return "must have at least \(limit) characters"
            }
        case .maxLength(let limit):
            guard let text = value.stringValue, text.count <= limit else {
                return "must have at most \(limit) characters"
            }
        case .regex(let pattern):
            guard let text = value.stringValue, Self.matches(schema.regexes.patterns[pattern], text) else {
                return "must match /\(pattern)/"
            }
        case .custom(_, let check):
            return check(value)
        }
        return nil
    }

    static func matches(_ regex: NSRegularExpression?, _ text: String) -> Bool {
        guard let regex else { return false }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, options: [.anchored], range: range) else { return false }
        return match.range == range
    }
}
