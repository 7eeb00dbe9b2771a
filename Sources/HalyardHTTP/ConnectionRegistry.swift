import HalyardServer

/// A connection the server can ask to finish (graceful shutdown) or drop (deadline passed).
protocol ServerConnection: AnyObject {
    /// Finish what is in flight, accept nothing new, then close (HTTP), or send a 1001 close (WebSocket).
    func beginGracefulShutdown()
    /// Close now.
    func forceClose()
}

/// The open connections of one server on one loop.
///
/// Owned by its event-loop thread.
final class ConnectionRegistry {
    var connections: [ObjectIdentifier: any ServerConnection] = [:]
    var shuttingDown = false

    func add(_ connection: any ServerConnection) {
        connections[ObjectIdentifier(connection)] = connection
        if shuttingDown { connection.beginGracefulShutdown() }
    }

    func remove(_ connection: any ServerConnection) {
        connections[ObjectIdentifier(connection)] = nil
    }

    func beginShutdown() {
        shuttingDown = true
        for connection in Array(connections.values) { connection.beginGracefulShutdown() }
    }

    func forceCloseAll() {
        for connection in Array(connections.values) { connection.forceClose() }
    }
}

@available(*, unavailable) extension ConnectionRegistry: Sendable {}
