import Foundation
public import HalyardModel

/// A chat user. `passwordHash` is hidden: it never appears in JSON sent to clients or in change events.
///
/// Table `user` (see `Migrations/0001_create_users_channels_messages.sql`); `channels` is the many-to-many
/// inverse of `Channel.members`, stored in `channel_members__user_channels`.
public struct User: Model, Equatable {
    public static let identity = "user"
    public static let attributes: [Attribute<User>] = [
        .id(\.id),
        .string("name", \.name, .required, .maxLength(80)),
        .string("email", \.email, .required, .unique, .isEmail),
        .string("passwordHash", \.passwordHash, .hidden),
        .date("createdAt", \.createdAt, .autoCreatedAt),
        .date("updatedAt", \.updatedAt, .autoUpdatedAt),
        .collection("channels", of: "channel", via: "members"),
    ]

    public var id: Int?
    public var name: String
    public var email: String
    public var passwordHash: String?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int? = nil, name: String, email: String, passwordHash: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.passwordHash = passwordHash
    }
}
