/// A resolved association between two registered models.
enum Association: Sendable {
    /// `model` attribute: this record's column holds the target's primary key.
    case toOne(target: ModelSchema, attribute: AttributeDefinition)
    /// `collection` via a `model` attribute on the target (one-to-many).
    case oneToMany(target: ModelSchema, via: AttributeDefinition)
    /// `collection` via a `collection` on the target (many-to-many through a junction table).
    case manyToMany(target: ModelSchema, junction: Junction)

    var target: ModelSchema {
        switch self {
        case .toOne(let target, _), .oneToMany(let target, _), .manyToMany(let target, _): return target
        }
    }
}

/// A many-to-many junction table, seen from one side.
///
/// Naming: for `channel.members` ↔ `user.channels`, the two `<identity>_<attribute>` names are sorted and joined
/// with `__`: table `channel_members__user_channels`; column `channel_members` holds the channel's id and column
/// `user_channels` the user's id.
public struct Junction: Sendable, Hashable {
    public let table: String
    /// The column holding this side's (the parent's) primary key.
    public let parentColumn: String
    /// The column holding the other side's (the child's) primary key.
    public let childColumn: String

    /// The junction of `parent.parentAttribute` ↔ `child.childAttribute`, seen from the parent.
    public init(parent: String, parentAttribute: String, child: String, childAttribute: String) {
        let mine = parent + "_" + parentAttribute
        let theirs = child + "_" + childAttribute
        self.table = mine < theirs ? mine + "__" + theirs : theirs + "__" + mine
        self.parentColumn = mine
        self.childColumn = theirs
    }

    /// The DDL this convention expects (integer keys; adapt types for string keys).
    public func createSQL(parentTable: String, childTable: String) -> String {
        """
        CREATE TABLE "\(table)" (
          "id" INTEGER PRIMARY KEY,
          "\(parentColumn)" INTEGER NOT NULL REFERENCES "\(parentTable)"("id") ON DELETE CASCADE,
          "\(childColumn)" INTEGER NOT NULL REFERENCES "\(childTable)"("id") ON DELETE CASCADE,
          UNIQUE ("\(parentColumn)", "\(childColumn)")
        );
        """
    }
}

/// Resolves associations of every schema against the others.
enum AssociationResolver {
    static func resolve(_ schemas: [String: ModelSchema]) throws -> [String: [String: Association]] {
        var result: [String: [String: Association]] = [:]
        for (identity, schema) in schemas {
            var resolved: [String: Association] = [:]
            for attribute in schema.attributes {
                switch attribute.association {
                case .none: continue
                case .model(let targetName):
                    guard let target = schemas[targetName] else {
                        throw ModelError.declaration(
                            "`\(attribute.name)` refers to unregistered model `\(targetName)`", model: identity)
                    }
                    resolved[attribute.name] = .toOne(target: target, attribute: attribute)
                case .collection(let targetName, let via):
                    guard let target = schemas[targetName] else {
                        throw ModelError.declaration(
                            "`\(attribute.name)` refers to unregistered model `\(targetName)`", model: identity)
                    }
                    guard let inverse = target.attribute(named: via) else {
                        throw ModelError.declaration(
                            "`\(attribute.name)` is via `\(targetName).\(via)`, which does not exist", model: identity)
                    }
                    switch inverse.association {
                    case .model(let back) where back == identity:
                        resolved[attribute.name] = .oneToMany(target: target, via: inverse)
                    case .collection(let back, let backVia)
                    where back == identity && backVia == attribute.name
                        && !(targetName == identity && via == attribute.name):
                        let junction = Junction(
                            parent: identity, parentAttribute: attribute.name, child: targetName, childAttribute: via)
                        resolved[attribute.name] = .manyToMany(target: target, junction: junction)
                    default:
                        throw ModelError.declaration(
                            "`\(attribute.name)` is via `\(targetName).\(via)`, which must be a `model` pointing back "
                                + "at `\(identity)` or a `collection` of `\(identity)` via `\(attribute.name)`",
                            model: identity)
                    }
                }
            }
            result[identity] = resolved
        }
        return result
    }
}
