/// What the connection must do after feeding bytes to a `WebSocketStateMachine`.
public enum WebSocketAction: Sendable, Equatable {
    /// Hand a complete message to the application.
    case deliver(WebSocketMessage)
    /// Write these frame bytes (a pong, or a close frame).
    case send([UInt8])
    /// A pong arrived (useful for heartbeats); nothing to send.
    case pong([UInt8])
    /// The peer started the close handshake with this code (nil: no code) and reason; a `.send` of the reply and
    /// `.closeConnection` follow.
    case peerClosed(code: WebSocketCloseCode?, reason: String)
    /// The peer broke the protocol; a `.send` of the close frame and `.closeConnection` follow. For logging.
    case failed(WebSocketError)
    /// Close the TCP connection once the queued writes are flushed. No more actions follow.
    case closeConnection
}
