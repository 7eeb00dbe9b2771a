/// A typed condition on model `M`, built from key paths.
///
/// ```swift
/// let adults = Query<User>().where(\.age >= 18 && .startsWith(\.name, "A"))
/// // WHERE ("age" >= ? AND "name" LIKE ? ESCAPE '\')
/// ```
public struct Predicate<M: Model>: Sendable {
    public let condition: Condition
    public init(_ condition: Condition) { self.condition = condition }

    /// Conditions on one attribute named as a string (column-based API).
    public static func attribute(_ name: String, _ op: ComparisonOperator, _ value: JSONValue) -> Predicate {
        Predicate(.compare(.name(name), op, value))
    }

    public static func && (lhs: Predicate, rhs: Predicate) -> Predicate { Predicate(lhs.condition.and(rhs.condition)) }
    public static func || (lhs: Predicate, rhs: Predicate) -> Predicate {
        Predicate(.or([lhs.condition, rhs.condition]))
    }
}

func reference<M, V>(_ keyPath: KeyPath<M, V>) -> AttributeReference { .keyPath(KeyPathBox(keyPath)) }

public func == <M: Model, V: QueryValue>(lhs: KeyPath<M, V>, rhs: V) -> Predicate<M> {
    Predicate(.compare(reference(lhs), .equal, rhs.queryValue))
}
public func != <M: Model, V: QueryValue>(lhs: KeyPath<M, V>, rhs: V) -> Predicate<M> {
    Predicate(.compare(reference(lhs), .notEqual, rhs.queryValue))
}
public func < <M: Model, V: QueryValue>(lhs: KeyPath<M, V>, rhs: V) -> Predicate<M> {
    Predicate(.compare(reference(lhs), .lessThan, rhs.queryValue))
}
public func <= <M: Model, V: QueryValue>(lhs: KeyPath<M, V>, rhs: V) -> Predicate<M> {
    Predicate(.compare(reference(lhs), .lessThanOrEqual, rhs.queryValue))
}
public func > <M: Model, V: QueryValue>(lhs: KeyPath<M, V>, rhs: V) -> Predicate<M> {
    Predicate(.compare(reference(lhs), .greaterThan, rhs.queryValue))
}
public func >= <M: Model, V: QueryValue>(lhs: KeyPath<M, V>, rhs: V) -> Predicate<M> {
    Predicate(.compare(reference(lhs), .greaterThanOrEqual, rhs.queryValue))
}

extension KeyPath where Root: Model, Value: QueryValue {
    /// `IN (...)`.
    public func `in`(_ values: [Value]) -> Predicate<Root> {
        Predicate(.isIn(reference(self), values.map(\.queryValue)))
    }
    /// `NOT IN (...)`.
    public func notIn(_ values: [Value]) -> Predicate<Root> {
        Predicate(.notIn(reference(self), values.map(\.queryValue)))
    }
    /// Substring match (wildcards in `text` are literal).
    public func contains(_ text: String) -> Predicate<Root> {
        Predicate(.compare(reference(self), .contains, .string(text)))
    }
    public func startsWith(_ text: String) -> Predicate<Root> {
        Predicate(.compare(reference(self), .startsWith, .string(text)))
    }
    public func endsWith(_ text: String) -> Predicate<Root> {
        Predicate(.compare(reference(self), .endsWith, .string(text)))
    }
    /// A LIKE pattern (`%`, `_` are wildcards).
    public func like(_ pattern: String) -> Predicate<Root> {
        Predicate(.compare(reference(self), .like, .string(pattern)))
    }
}

extension Predicate {
    /// `attribute IN (...)`: `.where(.in(\.age, [30, 40]))`.
    public static func `in`<V: QueryValue>(_ keyPath: KeyPath<M, V>, _ values: [V]) -> Predicate { keyPath.in(values) }
    /// `attribute NOT IN (...)`.
    public static func notIn<V: QueryValue>(_ keyPath: KeyPath<M, V>, _ values: [V]) -> Predicate {
        keyPath.notIn(values)
    }
    /// Substring match: `.where(.contains(\.name, "da"))` → `"name" LIKE ? ESCAPE '\'` with `%da%`.
    public static func contains<V: QueryValue>(_ keyPath: KeyPath<M, V>, _ text: String) -> Predicate {
        keyPath.contains(text)
    }
    public static func startsWith<V: QueryValue>(_ keyPath: KeyPath<M, V>, _ text: String) -> Predicate {
        keyPath.startsWith(text)
    }
    public static func endsWith<V: QueryValue>(_ keyPath: KeyPath<M, V>, _ text: String) -> Predicate {
        keyPath.endsWith(text)
    }
    public static func like<V: QueryValue>(_ keyPath: KeyPath<M, V>, _ pattern: String) -> Predicate {
        keyPath.like(pattern)
    }
}
