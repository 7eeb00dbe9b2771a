/// One committed change, published after COMMIT in commit order and kept in the change log for replay.
///
/// ```json
/// {"seq":42,"model":"user","verb":"updated","id":7,"data":{"id":7,"name":"Ada L."},
///  "previous":{"id":7,"name":"Ada","email":"ada@example.com"},"origin":"sock-1"}
/// ```
/// `data` and `previous` never contain hidden attributes.
public struct ChangeEvent: Sendable, Hashable, Codable {
    public enum Verb: String, Sendable, Hashable, Codable {
        case created, updated, destroyed, addedTo, removedFrom
    }

    /// Gap-free, database-wide commit sequence number (the change-log row id).
    public let seq: Int64
    /// The model identity.
    public let model: String
    public let verb: Verb
    /// The record's primary key.
    public let id: JSONValue
    /// `created`: the new record; `updated`: the values set (with the id).
    public let data: JSONValue?
    /// `updated`, `destroyed`: the full record before the change.
    public let previous: JSONValue?
    /// `addedTo`, `removedFrom`: the collection attribute.
    public let attribute: String?
    /// `addedTo`, `removedFrom`: the child's primary key.
    public let childId: JSONValue?
    /// Who caused it (a socket id), as passed by the caller.
    public let origin: String?

    public init(
        seq: Int64, model: String, verb: Verb, id: JSONValue, data: JSONValue? = nil, previous: JSONValue? = nil,
        attribute: String? = nil, childId: JSONValue? = nil, origin: String? = nil
    ) {
        self.seq = seq
        self.model = model
        self.verb = verb
        self.id = id
        self.data = data
        self.previous = previous
        self.attribute = attribute
        self.childId = childId
        self.origin = origin
    }

    /// The event as a JSON object (absent fields omitted).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "seq": .int(seq), "model": .string(model), "verb": .string(verb.rawValue), "id": id,
        ]
        if let data { members["data"] = data }
        if let previous { members["previous"] = previous }
        if let attribute { members["attribute"] = .string(attribute) }
        if let childId { members["childId"] = childId }
        if let origin { members["origin"] = .string(origin) }
        return .object(members)
    }
}
