/// Which end of a WebSocket connection a codec plays: servers receive masked frames and send unmasked ones;
/// clients do the reverse (RFC 6455 §5.1).
public enum WebSocketRole: Sendable, Hashable {
    case server
    case client
}
