/// A WebSocket close status code (RFC 6455 §7.4).
public struct WebSocketCloseCode: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let normal = Self(rawValue: 1000)
    public static let goingAway = Self(rawValue: 1001)
    public static let protocolError = Self(rawValue: 1002)
    public static let unsupportedData = Self(rawValue: 1003)
    /// Reported locally when a close frame had no code; never sent.
    public static let noStatus = Self(rawValue: 1005)
    /// Reported locally when the connection dropped without a close frame; never sent.
    public static let abnormal = Self(rawValue: 1006)
    public static let invalidPayload = Self(rawValue: 1007)
    public static let policyViolation = Self(rawValue: 1008)
    public static let messageTooBig = Self(rawValue: 1009)
    public static let mandatoryExtension = Self(rawValue: 1010)
    public static let internalError = Self(rawValue: 1011)

    /// Whether a peer may send this code: 1000–1003, 1007–1014 (registered), 3000–4999. 1004–1006, 1015,
    /// other 1xxx/2xxx and anything below 1000 or above 4999 are protocol errors.
    public var isValidOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }
}
