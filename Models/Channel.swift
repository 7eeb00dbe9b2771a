import Foundation
public import HalyardModel

/// A chat channel with a unique name, an optional topic, its members (many-to-many with `User.channels`) and its
/// messages (one-to-many through `Message.channel`).
public struct Channel: Model, Equatable {
    public static let identity = "channel"
    public static let attributes: [Attribute<Channel>] = [
        .id(\.id),
        .string("name", \.name, .required, .unique, .maxLength(80)),
        .string("topic", \.topic, .maxLength(500)),
        .date("createdAt", \.createdAt, .autoCreatedAt),
        .date("updatedAt", \.updatedAt, .autoUpdatedAt),
        .collection("members", of: "user", via: "channels"),
        .collection("messages", of: "message", via: "channel"),
    ]

    public var id: Int?
    public var name: String
    public var topic: String?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int? = nil, name: String, topic: String? = nil) {
        self.id = id
        self.name = name
        self.topic = topic
    }
}
