import HalyardCodecs
public import HalyardServer

/// The WebSocket side of a session, as the session sees it (implemented over HalyardHTTP's
/// `WebSocketConnection`, or by a recorder in tests).
///
/// Owned by its event-loop thread.
public protocol EngineWebSocketTransport: AnyObject {
    /// The loop that owns the connection.
    var eventLoop: any EngineLoop { get }
    /// Sends one message.
    func send(_ data: WebSocketData)
    /// Sends a broadcast frame encoded once for every recipient.
    func send(_ frame: BroadcastFrame)
    /// Closes the connection (normal closure).
    func close()
    /// Bytes queued for writing and not yet accepted by the kernel.
    var bufferedAmount: Int { get }
}

/// Answers one polling HTTP request; may be called from any thread, at most once.
public protocol EnginePollResponder: AnyObject, Sendable {
    func respond(status: Int, contentType: String, body: [UInt8])
}

/// A message encoded once and written as the same bytes to every recipient.
///
/// Immutable, so `Sendable`. `webSocketFrame` is the complete WebSocket text frame (header + payload).
///
///     let frame = BroadcastFrame(message: "2[\"news\",{\"a\":1}]")
///     for socket in members { socket.send(frame) }
public final class BroadcastFrame: Sendable {
    /// The Engine.IO message packet (for polling clients and the slow path).
    public let packet: EnginePacket
    /// The encoded WebSocket frame bytes, shared by every WebSocket recipient.
    public let webSocketFrame: SharedBytes

    /// Encodes `message` (the Engine.IO message body, i.e. a Socket.IO packet's text) once.
    public init(message: String) {
        packet = EnginePacket(.message, text: message)
        webSocketFrame = SharedBytes(WebSocketFrameEncoder.frame(text: packet.encodedText))
    }
}

/// What the Engine.IO layer tells the layer above about one session, on the session's loop.
///
/// Owned by its event-loop thread.
public protocol EngineSocketDelegate: AnyObject {
    /// A `message` packet arrived (text or binary).
    func engineSocket(_ socket: EngineSocket, didReceive message: EnginePacket.Body)
    /// The session ended.
    func engineSocketDidClose(_ socket: EngineSocket, reason: EngineSession.CloseReason)
}

/// Request data of the handshake that opened a session.
public struct EngineHandshake: Sendable {
    /// Header values by lower-cased name (the last value wins).
    public var headers: [String: String]
    /// Query parameters of the handshake URL.
    public var query: [String: String]
    /// The peer address (`127.0.0.1:53211`), when known.
    public var address: String?
    /// The request target (`/socket.io/?EIO=4&transport=websocket`).
    public var url: String
    /// The Engine.IO protocol revision.
    public var version: EngineVersion

    public init(
        headers: [String: String] = [:], query: [String: String] = [:], address: String? = nil,
        url: String = "/socket.io/", version: EngineVersion = .v4
    ) {
        self.headers = headers
        self.query = query
        self.address = address
        self.url = url
        self.version = version
    }

    /// The `Origin` header, if any.
    public var origin: String? { headers["origin"] }
}
