/// A record as attribute name → JSON value: what the untyped (blueprint) API, lifecycle callbacks and change
/// events work with. Typed models convert to and from it with `JSONValueEncoder` / `JSONValueDecoder`.
public typealias Record = [String: JSONValue]

extension ModelSchema {
    /// The record without hidden attributes (and with hidden attributes of populated children removed when
    /// `children` names their schemas): the form that may leave the server.
    ///
    /// ```swift
    /// schema.clientRecord(["id": 1, "name": "Ada", "passwordHash": "…"])   // ["id": 1, "name": "Ada"]
    /// ```
    public func clientRecord(_ record: Record) -> Record {
        if hiddenNames.isEmpty { return record }
        var result = record
        for name in hiddenNames { result.removeValue(forKey: name) }
        return result
    }

    /// `clientRecord` as a JSON object value.
    public func clientJSON(_ record: Record) -> JSONValue { .object(clientRecord(record)) }
}
