/// A WebSocket protocol violation; the connection is closed with `closeCode`.
///
///     do { ... } catch "E_WS_INVALID_UTF8" { ... }
public struct WebSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable code: E_WS_PROTOCOL (1002), E_WS_INVALID_UTF8 (1007), E_WS_TOO_BIG (1009).
    public let code: String
    /// The close code to send to the peer.
    public let closeCode: WebSocketCloseCode
    public let reason: String

    public init(code: String, closeCode: WebSocketCloseCode, reason: String) {
        self.code = code
        self.closeCode = closeCode
        self.reason = reason
    }

    public var description: String { "\(code) (\(closeCode.rawValue)): \(reason)" }

    public static func ~= (code: String, error: WebSocketError) -> Bool { error.code == code }

    static func protocolError(_ reason: String) -> Self {
        Self(code: "E_WS_PROTOCOL", closeCode: .protocolError, reason: reason)
    }
    static func invalidUTF8(_ reason: String) -> Self {
        Self(code: "E_WS_INVALID_UTF8", closeCode: .invalidPayload, reason: reason)
    }
    static func tooBig(_ reason: String) -> Self {
        Self(code: "E_WS_TOO_BIG", closeCode: .messageTooBig, reason: reason)
    }
}
