/// A complete WebSocket data message (all fragments joined).
public struct WebSocketMessage: Sendable, Equatable {
    public enum Kind: Sendable, Hashable {
        case text
        case binary
    }

    public var kind: Kind
    /// The payload; for `.text` it is valid UTF-8.
    public var data: [UInt8]

    public init(kind: Kind, data: [UInt8]) {
        self.kind = kind
        self.data = data
    }

    /// The payload as a string (meaningful for `.text`).
    public var text: String { String(decoding: data, as: UTF8.self) }
}
