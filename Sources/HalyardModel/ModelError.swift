public import HalyardSQLite

/// A model-layer failure with a stable `code` and its context (model, attributes, problems, SQL).
///
/// Catch a single code with the `~=` pattern:
/// ```swift
/// do { _ = try await store.create(User(name: "Ada", email: "ada@example.com")) }
/// catch ModelError.unique { /* E_UNIQUE: error.attributes == ["email"] */ }
/// ```
/// Descriptions quote SQL text but never bound values.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    /// `E_UNIQUE`, `E_INVALID_NEW_RECORD`, `E_INVALID_VALUES_TO_SET`, `E_INVALID_CRITERIA`, `E_NOT_FOUND`,
    /// `E_SCHEMA_MISMATCH`, `E_INVALID_MODEL`, `E_CHANGES_PRUNED`, `E_DATABASE`, or a lifecycle callback's code.
    public let code: String
    /// Human-readable details.
    public let message: String
    /// The model identity involved, if any.
    public let model: String?
    /// Attribute names involved (`E_UNIQUE`: the unique attributes; `E_INVALID_CRITERIA`: the bad one).
    public let attributes: [String]
    /// Per-attribute validation failures (`E_INVALID_NEW_RECORD`, `E_INVALID_VALUES_TO_SET`, `E_SCHEMA_MISMATCH`).
    public let problems: [AttributeProblem]
    /// The SQL text that failed (no values), for wrapped database errors.
    public let sql: String?
    /// The wrapped database error, if any.
    public let underlying: SQLiteError?

    public init(
        code: Code, message: String, model: String? = nil, attributes: [String] = [],
        problems: [AttributeProblem] = [], sql: String? = nil, underlying: SQLiteError? = nil
    ) {
        self.code = code.rawValue
        self.message = message
        self.model = model
        self.attributes = attributes
        self.problems = problems
        self.sql = sql
        self.underlying = underlying
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let model { text += " (model `\(model)`)" }
        for problem in problems { text += "\n  • \(problem.attribute): \(problem.message)" }
        if let sql { text += " — in `\(sql)`" }
        return text
    }

    /// A stable error code, usable as a `catch` pattern.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Matches a `ModelError` carrying this code.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? ModelError)?.code == pattern.rawValue
        }
    }

    public static let unique = Code(rawValue: "E_UNIQUE")
    public static let invalidNewRecord = Code(rawValue: "E_INVALID_NEW_RECORD")
    public static let invalidValuesToSet = Code(rawValue: "E_INVALID_VALUES_TO_SET")
    public static let invalidCriteria = Code(rawValue: "E_INVALID_CRITERIA")
    public static let notFound = Code(rawValue: "E_NOT_FOUND")
    public static let schemaMismatch = Code(rawValue: "E_SCHEMA_MISMATCH")
    /// A model declaration is wrong (found when the store is built).
    public static let invalidModel = Code(rawValue: "E_INVALID_MODEL")
    /// A replay asked for changes that were pruned from the change log: refetch instead.
    public static let changesPruned = Code(rawValue: "E_CHANGES_PRUNED")
    /// Any other database failure; `underlying` holds the SQLite error.
    public static let database = Code(rawValue: "E_DATABASE")
}

/// One attribute's failure: which attribute, which rule, and a message.
public struct AttributeProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public let attribute: String
    /// The rule that failed: `required`, `type`, `isEmail`, `maxLength`, `column`, ... .
    public let rule: String
    public let message: String

    public init(attribute: String, rule: String, message: String) {
        self.attribute = attribute
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(attribute) (\(rule)): \(message)" }
}

extension ModelError {
    static func criteria(_ message: String, model: String? = nil, attribute: String? = nil) -> ModelError {
        ModelError(
            code: invalidCriteria, message: message, model: model, attributes: attribute.map { [$0] } ?? [])
    }

    static func declaration(_ message: String, model: String?) -> ModelError {
        ModelError(code: invalidModel, message: message, model: model)
    }
}

extension ModelError {
    /// The error as a JSON body in Sails' shapes, for the HTTP / socket edge to send as-is:
    ///
    /// ```json
    /// {"code":"E_UNIQUE","message":"...","modelIdentity":"user","attrNames":["email"]}
    /// {"code":"E_INVALID_NEW_RECORD","message":"...","details":"...","problems":[{"attribute":"email",...}]}
    /// ```
    /// SQL text and database messages are left out (they are for logs).
    public var json: JSONValue {
        var members: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let model { members["modelIdentity"] = .string(model) }
        if code == ModelError.unique.rawValue {
            members["attrNames"] = .array(attributes.map { .string($0) })
        } else {
            members["details"] = .string(message)
        }
        if !problems.isEmpty {
            members["problems"] = .array(
                problems.map {
                    ["attribute": .string($0.attribute), "rule": .string($0.rule), "message": .string($0.message)]
                })
        }
        if code == ModelError.database.rawValue {
            members["message"] = "database error"
            members["details"] = nil
        }
        return .object(members)
    }
}
