/// A Socket.IO protocol or API error with a stable `code`.
///
/// Codes: `E_SIO_BAD_JSON`, `E_SIO_BAD_PACKET`, `E_SIO_INVALID_NAMESPACE`, `E_SIO_ACK_TIMEOUT`,
/// `E_SIO_DISCONNECTED`, `E_SIO_NO_SUCH_SOCKET`, `E_SIO_ADAPTER` (a cluster operation failed).
///
///     do { try await socket.emitWithAck("question", ["q"], timeout: .seconds(5)) }
///     catch SocketIOError.ackTimeout { /* ... */ }
public struct SocketIOError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static let badJSON = SocketIOError(code: "E_SIO_BAD_JSON", message: "")
    public static let badPacket = SocketIOError(code: "E_SIO_BAD_PACKET", message: "")
    public static let invalidNamespace = SocketIOError(code: "E_SIO_INVALID_NAMESPACE", message: "")
    public static let ackTimeout = SocketIOError(code: "E_SIO_ACK_TIMEOUT", message: "")
    public static let disconnected = SocketIOError(code: "E_SIO_DISCONNECTED", message: "")
    public static let noSuchSocket = SocketIOError(code: "E_SIO_NO_SUCH_SOCKET", message: "")
    public static let adapter = SocketIOError(code: "E_SIO_ADAPTER", message: "")

    static func badJSON(_ message: String) -> SocketIOError { SocketIOError(code: "E_SIO_BAD_JSON", message: message) }
    static func badPacket(_ message: String) -> SocketIOError {
        SocketIOError(code: "E_SIO_BAD_PACKET", message: message)
    }

    /// Matches an error by code: `catch SocketIOError.ackTimeout`.
    public static func ~= (pattern: SocketIOError, value: any Error) -> Bool {
        (value as? SocketIOError)?.code == pattern.code
    }

    public static func == (lhs: SocketIOError, rhs: SocketIOError) -> Bool { lhs.code == rhs.code }
}
