/// TCP listeners on every loop of a group, all bound to one port with `SO_REUSEPORT`.
///
/// Immutable after `bind`; the listeners themselves are owned by their loops (reached through `LoopBound`).
///
///     let server = try await TCPServer.bind(group: group, host: "127.0.0.1", port: 0) { connection in
///         connection.handler = EchoHandler()
///         connection.startReading()
///     }
///     print(server.localAddress)     // "127.0.0.1:53124"
public final class TCPServer: Sendable {
    /// The loops accepting connections.
    public let group: EventLoopGroup
    /// The bound address; when bound to port 0 it carries the kernel-chosen port.
    public let localAddress: SocketAddress
    private let listeners: [LoopBound<TCPListener>]

    private init(group: EventLoopGroup, localAddress: SocketAddress, listeners: [LoopBound<TCPListener>]) {
        self.group = group
        self.localAddress = localAddress
        self.listeners = listeners
    }

    /// Binds one listener per loop. Port 0 binds the first loop to a free port and the others to the same one.
    /// - Parameter onAccept: runs on the accepting loop for each new connection.
    /// - Throws: `UVError` (`E_IO`) naming the failing call, e.g. `uv_tcp_bind` with `EADDRINUSE`.
    public static func bind(
        group: EventLoopGroup, host: String, port: Int, backlog: Int32 = 1024,
        onAccept: @escaping @Sendable (TCPConnection) -> Void
    ) async throws -> TCPServer {
        var address = try SocketAddress(host: host, port: port)
        var listeners: [LoopBound<TCPListener>] = []
        do {
            for loop in group.loops {
                let bindAddress = address
                let listener = try await loop.submit {
                    let listener = try TCPListener(on: loop, address: bindAddress, backlog: backlog, onAccept: onAccept)
                    return (LoopBound(listener, eventLoop: loop), listener.localAddress)
                }
                listeners.append(listener.0)
                address = listener.1
            }
        } catch {
            for listener in listeners { listener.execute { $0.close() } }
            throw error
        }
        return TCPServer(group: group, localAddress: address, listeners: listeners)
    }

    /// Stops accepting new connections on every loop (existing connections stay open).
    public func stopAccepting() async {
        for listener in listeners {
            _ = try? await listener.eventLoop.submit { listener.value.close() }
        }
    }
}
