import HalyardCodecs

/// One client socket of the load generator: handshake, frame parser and unsent bytes.
///
/// Owned by the load client's single event-loop thread.
final class BenchConnection {
    enum Phase {
        case connecting
        case handshaking
        /// WebSocket open; waiting for the Engine.IO open packet, then the Socket.IO connect reply.
        case opening
        case ready
        case closed
    }

    let fd: Int32
    let index: Int
    var phase = Phase.connecting
    var handshake = WebSocketClientHandshake()
    var parser = WebSocketFrameParser(
        role: .client, limits: WebSocketLimits(maxFrameSize: 1 << 22, maxMessageSize: 1 << 22))
    /// Bytes not yet accepted by the kernel (rare: writes are small).
    var outbox: [UInt8] = []
    var watchingWrites = false

    init(fd: Int32, index: Int) {
        self.fd = fd
        self.index = index
    }
}

@available(*, unavailable) extension BenchConnection: Sendable {}
