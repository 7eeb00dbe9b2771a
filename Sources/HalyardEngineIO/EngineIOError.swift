/// An Engine.IO protocol or transport error with a stable `code`.
///
/// Codes: `E_EIO_BAD_PACKET` (undecodable packet or payload), `E_EIO_PAYLOAD_TOO_LARGE` (over `maxPayload`),
/// `E_EIO_UNKNOWN_SID`, `E_EIO_UNKNOWN_TRANSPORT`, `E_EIO_BAD_REQUEST`, `E_EIO_FORBIDDEN`,
/// `E_EIO_UNSUPPORTED_VERSION`.
///
///     do { _ = try EnginePacket.decode(text: "9x") }
///     catch EngineIOError.badPacket { /* ... */ }
public struct EngineIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable error code, e.g. `E_EIO_BAD_PACKET`.
    public let code: String
    /// Human-readable context (never includes payload bytes beyond a short prefix).
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static let badPacket = EngineIOError(code: "E_EIO_BAD_PACKET", message: "")
    public static let payloadTooLarge = EngineIOError(code: "E_EIO_PAYLOAD_TOO_LARGE", message: "")
    public static let unknownSID = EngineIOError(code: "E_EIO_UNKNOWN_SID", message: "")
    public static let unknownTransport = EngineIOError(code: "E_EIO_UNKNOWN_TRANSPORT", message: "")
    public static let badRequest = EngineIOError(code: "E_EIO_BAD_REQUEST", message: "")
    public static let forbidden = EngineIOError(code: "E_EIO_FORBIDDEN", message: "")
    public static let unsupportedVersion = EngineIOError(code: "E_EIO_UNSUPPORTED_VERSION", message: "")

    static func bad(_ message: String) -> EngineIOError { EngineIOError(code: "E_EIO_BAD_PACKET", message: message) }

    /// Matches an error by code: `catch EngineIOError.badPacket`.
    public static func ~= (pattern: EngineIOError, value: any Error) -> Bool {
        (value as? EngineIOError)?.code == pattern.code
    }

    public static func == (lhs: EngineIOError, rhs: EngineIOError) -> Bool { lhs.code == rhs.code }
}
