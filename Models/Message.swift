import Foundation
public import HalyardModel

/// A message posted by `author` (a `User` id) in `channel` (a `Channel` id).
public struct Message: Model, Equatable {
    /// The longest message text accepted.
    public static let maxTextLength = 2000

    public static let identity = "message"
    public static let attributes: [Attribute<Message>] = [
        .id(\.id),
        .string("text", \.text, .required, .maxLength(maxTextLength)),
        .model("channel", \.channel, "channel"),
        .model("author", \.author, "user"),
        .date("createdAt", \.createdAt, .autoCreatedAt),
        .date("updatedAt", \.updatedAt, .autoUpdatedAt),
    ]

    public var id: Int?
    public var text: String
    public var channel: Int?
    public var author: Int?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int? = nil, text: String, channel: Int?, author: Int?) {
        self.id = id
        self.text = text
        self.channel = channel
        self.author = author
    }
}
