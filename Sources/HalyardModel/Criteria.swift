/// An attribute named in a query: by name (JSON criteria, column-based API) or by typed key path.
public enum AttributeReference: Sendable, Hashable, CustomStringConvertible {
    case name(String)
    case keyPath(KeyPathBox)

    public var description: String {
        switch self {
        case .name(let name): return name
        case .keyPath(let box): return "\(box.keyPath)"
        }
    }
}

/// A key path carried in a query. `@unchecked Sendable`: key paths are immutable values.
public struct KeyPathBox: @unchecked Sendable, Hashable {
    public let keyPath: AnyKeyPath
    public init(_ keyPath: AnyKeyPath) { self.keyPath = keyPath }
}

/// A comparison in a condition.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case lessThan = "<"
    case lessThanOrEqual = "<="
    case greaterThan = ">"
    case greaterThanOrEqual = ">="
    /// Substring, case-insensitive for ASCII (SQLite LIKE), wildcards in the value are literal.
    case contains
    case startsWith
    case endsWith
    /// A LIKE pattern: `%` and `_` are wildcards.
    case like
}

/// The `where` tree shared by the typed API and the JSON criteria language.
public indirect enum Condition: Sendable, Hashable {
    /// Matches every record.
    case all
    case and([Condition])
    case or([Condition])
    case compare(AttributeReference, ComparisonOperator, JSONValue)
    case isIn(AttributeReference, [JSONValue])
    case notIn(AttributeReference, [JSONValue])

    /// Both conditions; `.all` is dropped.
    public func and(_ other: Condition) -> Condition {
        switch (self, other) {
        case (.all, _): return other
        case (_, .all): return self
        case (.and(let left), .and(let right)): return .and(left + right)
        case (.and(let left), _): return .and(left + [other])
        default: return .and([self, other])
        }
    }
}

/// One sort key.
public struct SortTerm: Sendable, Hashable {
    public let attribute: AttributeReference
    public let descending: Bool
    public init(_ attribute: AttributeReference, descending: Bool = false) {
        self.attribute = attribute
        self.descending = descending
    }
}

/// A whole query: where, sort, limit, skip, select, omit — and populates for find.
///
/// Build it from the typed API (`Query<M>`) or parse it from Waterline JSON (`Criteria(json:)`).
public struct Criteria: Sendable, Hashable {
    public var condition: Condition = .all
    public var sort: [SortTerm] = []
    /// nil = no limit.
    public var limit: Int?
    public var skip: Int = 0
    /// nil = every attribute; the primary key is always included.
    public var select: [AttributeReference]?
    public var omit: [AttributeReference] = []
    /// Associations to populate, by attribute name, each with its own criteria.
    public var populates: [Populate] = []

    public init(
        condition: Condition = .all, sort: [SortTerm] = [], limit: Int? = nil, skip: Int = 0,
        select: [AttributeReference]? = nil, omit: [AttributeReference] = [], populates: [Populate] = []
    ) {
        self.condition = condition
        self.sort = sort
        self.limit = limit
        self.skip = skip
        self.select = select
        self.omit = omit
        self.populates = populates
    }

    /// Criteria matching one primary key value.
    public static func primaryKey(_ id: JSONValue) -> Criteria {
        Criteria(condition: .compare(.name("id"), .equal, id))
    }
}

/// One association to populate and the criteria for its children (collections default to `limit 30`).
public struct Populate: Sendable, Hashable {
    public let attribute: String
    public var criteria: Criteria
    public init(_ attribute: String, criteria: Criteria = Criteria()) {
        self.attribute = attribute
        self.criteria = criteria
    }

    /// Sails' default number of children per populated collection.
    public static let defaultCollectionLimit = 30
}
