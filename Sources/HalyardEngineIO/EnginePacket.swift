import Foundation

/// One Engine.IO packet: a type digit and an optional text or binary body.
///
/// Text packets are written as the type digit followed by the text (`4hello`, `2probe`, `6`). Binary packets are
/// always `message` packets; how they are framed depends on the transport and the protocol version (see
/// ``encodeWebSocket(version:)`` and ``EnginePayload``).
///
///     EnginePacket(.message, text: "2[\"hi\"]").encodedText   // "42[\"hi\"]"
public struct EnginePacket: Sendable, Equatable {
    /// The Engine.IO packet types (the same digits in v3 and v4).
    public enum Kind: UInt8, Sendable {
        case open = 0
        case close, ping, pong, message, upgrade, noop
    }

    /// A packet body.
    public enum Body: Sendable, Equatable {
        case text(String)
        case binary([UInt8])
    }

    public var kind: Kind
    public var body: Body

    public init(_ kind: Kind, text: String = "") {
        self.kind = kind
        self.body = .text(text)
    }

    public init(_ kind: Kind, body: Body) {
        self.kind = kind
        self.body = body
    }

    /// A binary `message` packet.
    public static func binary(_ bytes: [UInt8]) -> EnginePacket { EnginePacket(.message, body: .binary(bytes)) }

    /// The text form: type digit + text; binary bodies use the base64 form (`b<base64>` in v4).
    public var encodedText: String {
        switch body {
        case .text(let text): return String(UnicodeScalar(48 + kind.rawValue)) + text
        case .binary(let bytes): return "b" + Data(bytes).base64EncodedString()
        }
    }

    /// Encodes for a WebSocket frame: text packets as text frames; binary packets as binary frames — raw bytes in
    /// v4, a leading `0x04` type byte in v3.
    public func encodeWebSocket(version: EngineVersion) -> WebSocketData {
        switch body {
        case .text: return .text(encodedText)
        case .binary(let bytes):
            if version == .v3 { return .binary([kind.rawValue] + bytes) }
            return .binary(bytes)
        }
    }

    /// Decodes the text of one packet (`4hello`, `2probe`). A text starting with `b` is a base64 binary message
    /// (v4 `b<base64>`, v3 `b4<base64>`).
    /// - Throws: `E_EIO_BAD_PACKET` for an empty text, an unknown type digit or bad base64.
    public static func decode(text: Substring, version: EngineVersion = .v4) throws(EngineIOError) -> EnginePacket {
        guard let first = text.utf8.first else { throw .bad("empty packet") }
        if first == UInt8(ascii: "b") {
            var rest = text.dropFirst()
            var kind = Kind.message
            if version == .v3 {
                guard let digit = rest.utf8.first, let k = Kind(rawValue: digit &- 48) else {
                    throw .bad("bad binary packet type")
                }
                kind = k
                rest = rest.dropFirst()
            }
            guard let data = Data(base64Encoded: String(rest)) else { throw .bad("bad base64") }
            return EnginePacket(kind, body: .binary([UInt8](data)))
        }
        guard let kind = Kind(rawValue: first &- 48) else { throw .bad("unknown packet type") }
        return EnginePacket(kind, text: String(text.dropFirst()))
    }

    /// Decodes a WebSocket frame's data.
    /// - Throws: `E_EIO_BAD_PACKET` for an empty frame or an unknown type.
    public static func decode(webSocket data: WebSocketData, version: EngineVersion) throws(EngineIOError)
        -> EnginePacket
    {
        switch data {
        case .text(let text): return try decode(text: Substring(text), version: version)
        case .binary(let bytes):
            if version == .v3 {
                guard let first = bytes.first, let kind = Kind(rawValue: first) else {
                    throw .bad("bad binary frame")
                }
                return EnginePacket(kind, body: .binary(Array(bytes.dropFirst())))
            }
            return .binary(bytes)
        }
    }
}

/// The data of one WebSocket message, text or binary.
public enum WebSocketData: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
}

/// Engine.IO protocol revision, chosen by the `EIO` query parameter.
public enum EngineVersion: Int, Sendable {
    /// socket.io-client 2.x (sails.io.js 1.2.1): client pings, `<len>:` polling framing.
    case v3 = 3
    /// socket.io 3/4 clients, python-socketio 5: server pings, `\x1e` polling framing.
    case v4 = 4
}
