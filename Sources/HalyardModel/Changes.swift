/// Typed values to set in an update.
///
/// ```swift
/// try await store.update(Query<User>().where(\.id == 7), set: Changes<User>().set(\.name, "Ada L."))
/// // UPDATE "user" SET "name" = ? WHERE "id" = ? RETURNING ...
/// ```
public struct Changes<M: Model>: Sendable {
    public private(set) var values: Record = [:]
    var unknown: [String] = []

    public init() {}

    /// Sets an attribute by key path.
    public func set<V: QueryValue>(_ keyPath: KeyPath<M, V>, _ value: V) -> Changes {
        var copy = self
        if let name = M.attributes.first(where: { $0.keyPath as AnyKeyPath? == keyPath })?.definition.name {
            copy.values[name] = value.queryValue
        } else {
            copy.unknown.append("\(keyPath)")
        }
        return copy
    }

    /// Sets an attribute by name.
    public func set(_ attribute: String, _ value: JSONValue) -> Changes {
        var copy = self
        copy.values[attribute] = value
        return copy
    }

    func checked() throws -> Record {
        if let first = unknown.first {
            throw ModelError(
                code: ModelError.invalidValuesToSet, message: "key path \(first) is not a declared attribute",
                model: M.identity,
                problems: [AttributeProblem(attribute: first, rule: "unknown", message: "not a declared attribute")])
        }
        return values
    }
}
