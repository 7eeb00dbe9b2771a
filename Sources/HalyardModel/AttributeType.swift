/// The stored type of an attribute and its SQLite column affinity.
///
/// | type | Swift values | column | JSON |
/// |---|---|---|---|
/// | `.string` | `String` | `TEXT` | string |
/// | `.integer` | `Int`, `Int64`, ... | `INTEGER` | number |
/// | `.number` | `Double`, `Int` | `REAL` | number |
/// | `.boolean` | `Bool` | `INTEGER` (0/1) | boolean |
/// | `.date` | `Date` | `INTEGER` (ms since 1970) | number (ms) |
/// | `.json` | any `Codable` | `TEXT` (JSON text) | any |
public enum AttributeType: String, Sendable, Hashable, Codable {
    case string, integer, number, boolean, date, json
}

/// What an attribute is beyond its stored value.
public enum AssociationKind: Sendable, Hashable {
    /// A plain column.
    case none
    /// A singular association: the column holds the primary key of a record of model `target`.
    case model(target: String)
    /// A plural association: records of `target` whose attribute `via` points back. No column of its own.
    /// `via` names a `model` attribute (one-to-many) or a `collection` attribute (many-to-many, junction table).
    case collection(target: String, via: String)
}

/// One way to declare an attribute beyond its name and type.
public enum AttributeOption: Sendable {
    /// Must be present and non-null on create (and non-null on update).
    case required
    /// Waterline parity: `null` is accepted. Non-required attributes already accept `null` here (Swift optionals);
    /// `required` always refuses it.
    case allowNull
    /// A unique index exists on the column; violations become `E_UNIQUE` naming this attribute.
    case unique
    /// Never sent to clients: dropped from client JSON and from change events (e.g. a password hash).
    case hidden
    /// The column name when it differs from the attribute name.
    case columnName(String)
    /// The value used on create when none is given.
    case defaultsTo(JSONValue)
    /// Set to the current time on create (`.date` or `.integer` ms).
    case autoCreatedAt
    /// Set to the current time on create and on every update (`.date` or `.integer` ms).
    case autoUpdatedAt
    /// A validation rule.
    case rule(ValidationRule)

    public static var isEmail: AttributeOption { .rule(.isEmail) }
    public static var isURL: AttributeOption { .rule(.isURL) }
    public static func isIn(_ values: [JSONValue]) -> AttributeOption { .rule(.isIn(values)) }
    public static func min(_ value: Double) -> AttributeOption { .rule(.min(value)) }
    public static func max(_ value: Double) -> AttributeOption { .rule(.max(value)) }
    public static func minLength(_ value: Int) -> AttributeOption { .rule(.minLength(value)) }
    public static func maxLength(_ value: Int) -> AttributeOption { .rule(.maxLength(value)) }
    /// An ICU regular expression the whole string must match.
    public static func regex(_ pattern: String) -> AttributeOption { .rule(.regex(pattern)) }
    /// A named custom check; `check` returns nil when the value is fine, else the problem's message.
    public static func custom(_ name: String, _ check: @escaping @Sendable (JSONValue) -> String?) -> AttributeOption {
        .rule(.custom(name, check))
    }
}

/// A validation applied to non-null values on create and update.
public enum ValidationRule: Sendable {
    case isEmail, isURL
    case isIn([JSONValue])
    case min(Double)
    case max(Double)
    case minLength(Int)
    case maxLength(Int)
    case regex(String)
    case custom(String, @Sendable (JSONValue) -> String?)

    /// The rule's name in problems: `isEmail`, `maxLength`, the custom name, ...
    public var name: String {
        switch self {
        case .isEmail: return "isEmail"
        case .isURL: return "isURL"
        case .isIn: return "isIn"
        case .min: return "min"
        case .max: return "max"
        case .minLength: return "minLength"
        case .maxLength: return "maxLength"
        case .regex: return "regex"
        case .custom(let name, _): return name
        }
    }
}
