public import HalyardCodecs

/// A route's decision to accept a WebSocket handshake, and what to do with the connection afterwards.
///
///     writer.upgrade(WebSocketUpgrade { socket in
///         socket.onText = { [unowned socket] text in socket.send(text: text) }
///     })
public struct WebSocketUpgrade: Sendable {
    /// Extra headers for the 101 response.
    public var headers: HTTPHeaders
    /// Largest message (after reassembly of fragments) accepted; larger ones close the connection with 1009.
    public var maxMessageBytes: Int
    /// While more than this many outbound bytes are queued, the connection stops reading (TCP backpressure
    /// towards a peer that sends but does not read); reading resumes when the queue drains. nil: never pause.
    public var pauseReadingAboveBufferedBytes: Int?
    /// Runs on the connection's loop right after the 101 was queued; install callbacks here.
    public var onUpgrade: @Sendable (WebSocketConnection) -> Void

    public init(
        headers: HTTPHeaders = [:], maxMessageBytes: Int = 16 << 20, pauseReadingAboveBufferedBytes: Int? = 4 << 20,
        onUpgrade: @escaping @Sendable (WebSocketConnection) -> Void
    ) {
        self.headers = headers
        self.maxMessageBytes = maxMessageBytes
        self.pauseReadingAboveBufferedBytes = pauseReadingAboveBufferedBytes
        self.onUpgrade = onUpgrade
    }
}
