/// One attribute of a model, type-erased: everything the store needs to validate, store and query it.
public final class AttributeDefinition: Sendable {
    /// The attribute (and coding key) name.
    public let name: String
    /// The column name (`name` unless declared otherwise). Collections have none.
    public let columnName: String
    public let type: AttributeType
    public let association: AssociationKind
    public let isPrimaryKey: Bool
    /// Integer primary keys are assigned by SQLite when absent.
    public let isAutoIncrement: Bool
    public let isRequired: Bool
    public let allowsNull: Bool
    public let isUnique: Bool
    public let isHidden: Bool
    public let defaultValue: JSONValue?
    public let isAutoCreatedAt: Bool
    public let isAutoUpdatedAt: Bool
    public let rules: [ValidationRule]
    /// `"columnName"`, quoted once.
    let quotedColumn: String

    /// True when the attribute has a column (everything but collections).
    public var isStored: Bool {
        if case .collection = association { return false }
        return true
    }

    /// True for `collection` attributes.
    public var isCollection: Bool { !isStored }

    init(
        name: String, type: AttributeType, association: AssociationKind = .none, isPrimaryKey: Bool = false,
        options: [AttributeOption]
    ) {
        var columnName = name
        var required = false
        var allowNull = false
        var unique = isPrimaryKey
        var hidden = false
        var defaultValue: JSONValue?
        var autoCreated = false
        var autoUpdated = false
        var rules: [ValidationRule] = []
        for option in options {
            switch option {
            case .required: required = true
            case .allowNull: allowNull = true
            case .unique: unique = true
            case .hidden: hidden = true
            case .columnName(let column): columnName = column
            case .defaultsTo(let value): defaultValue = value
            case .autoCreatedAt: autoCreated = true
            case .autoUpdatedAt: autoUpdated = true
            case .rule(let rule): rules.append(rule)
            }
        }
        self.name = name
        self.columnName = columnName
        self.type = type
        self.association = association
        self.isPrimaryKey = isPrimaryKey
        self.isAutoIncrement = isPrimaryKey && type == .integer
        self.isRequired = required
        self.allowsNull = allowNull || !required
        self.isUnique = unique
        self.isHidden = hidden
        self.defaultValue = defaultValue
        self.isAutoCreatedAt = autoCreated
        self.isAutoUpdatedAt = autoUpdated
        self.rules = rules
        self.quotedColumn = SQLName.quote(columnName)
    }
}

/// One declared attribute of model `M`: a definition plus the key path typed queries use.
///
/// ```swift
/// .string("email", \.email, .required, .unique, .isEmail)
/// .integer("age", \.age, .min(0), .max(150))
/// .model("channel", \.channel, "channel")            // foreign key column `channel`
/// .collection("members", of: "user", via: "channels")
/// ```
public struct Attribute<M: Model>: Sendable {
    public let definition: AttributeDefinition
    let keyPath: (any AnyKeyPath & Sendable)?

    init(_ definition: AttributeDefinition, _ keyPath: (any AnyKeyPath & Sendable)?) {
        self.definition = definition
        self.keyPath = keyPath
    }

    /// The primary key `id`: an auto-increment integer by default, or a caller-assigned string with `.string`.
    public static func id<V>(
        _ keyPath: KeyPath<M, V> & Sendable, type: AttributeType = .integer, columnName: String = "id"
    ) -> Attribute {
        Attribute(
            AttributeDefinition(
                name: "id", type: type, isPrimaryKey: true, options: [.columnName(columnName)]), keyPath)
    }

    /// An attribute of any stored type.
    public static func attribute<V>(
        _ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ type: AttributeType, _ options: [AttributeOption]
    ) -> Attribute {
        Attribute(AttributeDefinition(name: name, type: type, options: options), keyPath)
    }

    public static func string<V>(_ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ options: AttributeOption...)
        -> Attribute
    { attribute(name, keyPath, .string, options) }

    public static func integer<V>(_ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ options: AttributeOption...)
        -> Attribute
    { attribute(name, keyPath, .integer, options) }

    public static func number<V>(_ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ options: AttributeOption...)
        -> Attribute
    { attribute(name, keyPath, .number, options) }

    public static func boolean<V>(_ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ options: AttributeOption...)
        -> Attribute
    { attribute(name, keyPath, .boolean, options) }

    /// A `Date` stored as integer milliseconds since 1970 (JSON: a number of ms, like Waterline timestamps).
    public static func date<V>(_ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ options: AttributeOption...)
        -> Attribute
    { attribute(name, keyPath, .date, options) }

    /// Any `Codable` value stored as JSON text.
    public static func json<V>(_ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ options: AttributeOption...)
        -> Attribute
    { attribute(name, keyPath, .json, options) }

    /// A singular association: a column holding the primary key of a `target` record (`Int?` or `String?`).
    public static func model<V>(
        _ name: String, _ keyPath: KeyPath<M, V> & Sendable, _ target: String, keyType: AttributeType = .integer,
        _ options: AttributeOption...
    ) -> Attribute {
        Attribute(
            AttributeDefinition(name: name, type: keyType, association: .model(target: target), options: options),
            keyPath)
    }

    /// A plural association: `target` records whose attribute `via` points back at this one. No column.
    public static func collection(_ name: String, of target: String, via: String) -> Attribute {
        Attribute(
            AttributeDefinition(
                name: name, type: .json, association: .collection(target: target, via: via), options: []), nil)
    }
}
