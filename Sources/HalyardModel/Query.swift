/// An immutable typed query on model `M`; every modifier returns a new query.
///
/// ```swift
/// let q = Query<User>().where(\.age > 21).sort(\.name, .descending).limit(10).skip(20)
/// // SELECT ... FROM "user" WHERE "age" > ? ORDER BY "name" DESC LIMIT ? OFFSET ?
/// let users = try await store.find(q)
/// ```
public struct Query<M: Model>: Sendable {
    public private(set) var criteria: Criteria

    public init(_ criteria: Criteria = Criteria()) { self.criteria = criteria }

    /// All records.
    public static var all: Query { Query() }

    /// The record with this primary key.
    public static func id(_ id: some QueryValue) -> Query { Query(.primaryKey(id.queryValue)) }

    /// Parsed Waterline JSON criteria. - Throws: `E_INVALID_CRITERIA`.
    public init(json: JSONValue) throws { self.criteria = try Criteria(json: json) }

    /// ANDs a condition onto the query.
    public func `where`(_ predicate: Predicate<M>) -> Query {
        var copy = self
        copy.criteria.condition = criteria.condition.and(predicate.condition)
        return copy
    }

    /// ANDs an untyped condition onto the query.
    public func `where`(_ condition: Condition) -> Query {
        var copy = self
        copy.criteria.condition = criteria.condition.and(condition)
        return copy
    }

    /// Adds a sort key (after any existing ones).
    public func sort<V>(_ keyPath: KeyPath<M, V>, _ direction: SortDirection = .ascending) -> Query {
        var copy = self
        copy.criteria.sort.append(SortTerm(reference(keyPath), descending: direction == .descending))
        return copy
    }

    /// Adds a sort key by attribute name.
    public func sort(_ attribute: String, _ direction: SortDirection = .ascending) -> Query {
        var copy = self
        copy.criteria.sort.append(SortTerm(.name(attribute), descending: direction == .descending))
        return copy
    }

    public func limit(_ limit: Int?) -> Query {
        var copy = self
        copy.criteria.limit = limit.map { Swift.max(0, $0) }
        return copy
    }

    public func skip(_ skip: Int) -> Query {
        var copy = self
        copy.criteria.skip = Swift.max(0, skip)
        return copy
    }

    /// Only these attributes (the primary key is always included). Typed `find` still has to decode `M`, so leave
    /// out only optional properties there; `findRecords` returns exactly the selected attributes.
    public func select(_ attributes: PartialKeyPath<M>...) -> Query {
        var copy = self
        copy.criteria.select = attributes.map { .keyPath(KeyPathBox($0)) }
        return copy
    }

    /// Only these attributes, by name.
    public func select(names: [String]) -> Query {
        var copy = self
        copy.criteria.select = names.map { .name($0) }
        return copy
    }

    /// Every attribute but these.
    public func omit(_ attributes: PartialKeyPath<M>...) -> Query {
        var copy = self
        copy.criteria.omit = attributes.map { .keyPath(KeyPathBox($0)) }
        return copy
    }

    /// Populates an association (for `findRecords`); collections default to `limit 30`.
    public func populate(_ attribute: String, _ criteria: Criteria = Criteria()) -> Query {
        var copy = self
        copy.criteria.populates.append(Populate(attribute, criteria: criteria))
        return copy
    }
}

public enum SortDirection: Sendable, Hashable {
    case ascending, descending
}
