/// A record type stored in its own table: a `Codable` struct with an identity and a declared attribute schema.
///
/// ```swift
/// struct User: Model {
///     static let identity = "user"                       // table `user`, event name and REST path
///     static let attributes: [Attribute<User>] = [
///         .id(\.id),                                      // INTEGER PRIMARY KEY, auto-increment
///         .string("name", \.name, .required, .maxLength(80)),
///         .string("email", \.email, .required, .unique, .isEmail),
///         .string("passwordHash", \.passwordHash, .hidden),   // never leaves the server
///         .date("createdAt", \.createdAt, .autoCreatedAt),
///         .collection("channels", of: "channel", via: "members"),
///     ]
///     var id: Int?
///     var name: String
///     var email: String
///     var passwordHash: String?
///     var createdAt: Date?
/// }
/// ```
/// Coding keys must equal attribute names (the synthesized `Codable` does this when property and attribute
/// names match). Collections have no stored property; `populate` returns them beside the record.
public protocol Model: Codable, Sendable {
    /// Lower-case name: `[a-z][a-z0-9_]*`. Used as table name, change-event model name and REST path.
    static var identity: String { get }
    /// The attribute schema, declared once (`static let`).
    static var attributes: [Attribute<Self>] { get }
}
