/// Size limits for incoming WebSocket data, enforced as soon as a frame header announces a length.
public struct WebSocketLimits: Sendable, Hashable {
    /// Largest single frame payload; beyond it → close 1009.
    public var maxFrameSize: Int
    /// Largest message (sum of its fragments); beyond it → close 1009.
    public var maxMessageSize: Int

    public init(maxFrameSize: Int = 1 << 20, maxMessageSize: Int = 1 << 20) {
        self.maxFrameSize = maxFrameSize
        self.maxMessageSize = maxMessageSize
    }
}
