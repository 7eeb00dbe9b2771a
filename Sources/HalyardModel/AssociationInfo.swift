/// A resolved association as other layers (pub-sub cascades, blueprints' populate) see it.
///
/// ```swift
/// let info = try store.associations("channel")["members"]
/// // kind .manyToMany, target "user", via "channels", junction "channel_members__user_channels"
/// ```
public struct AssociationInfo: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A `model` attribute: this record holds the target's id.
        case toOne
        /// A `collection` via a `model` attribute of the target.
        case oneToMany
        /// A `collection` via a `collection` of the target (junction table).
        case manyToMany
    }

    public let kind: Kind
    /// The associated model's identity.
    public let target: String
    /// The inverse attribute on the target (nil for a `model` attribute without a collection pointing back).
    public let via: String?
    /// The junction table, for many-to-many.
    public let junction: Junction?

    public init(kind: Kind, target: String, via: String?, junction: Junction?) {
        self.kind = kind
        self.target = target
        self.via = via
        self.junction = junction
    }
}

extension ModelStore {
    /// The associations of a model by attribute name, with their inverse attributes.
    /// - Throws: `E_INVALID_CRITERIA` for an unregistered model.
    public func associations(_ identity: String) throws -> [String: AssociationInfo] {
        _ = try schema(identity)
        var result: [String: AssociationInfo] = [:]
        for (name, association) in core.associations[identity] ?? [:] {
            switch association {
            case .toOne(let target, _):
                // The collection on the target that points back through this attribute, if any.
                let inverse = target.attributes.first {
                    if case .collection(let back, let via) = $0.association { return back == identity && via == name }
                    return false
                }
                result[name] = AssociationInfo(kind: .toOne, target: target.identity, via: inverse?.name, junction: nil)
            case .oneToMany(let target, let via):
                result[name] = AssociationInfo(kind: .oneToMany, target: target.identity, via: via.name, junction: nil)
            case .manyToMany(let target, let junction):
                let via: String?
                if case .collection(_, let back)? = try schema(identity).attribute(named: name)?.association {
                    via = back
                } else {
                    via = nil
                }
                result[name] = AssociationInfo(kind: .manyToMany, target: target.identity, via: via, junction: junction)
            }
        }
        return result
    }
}
