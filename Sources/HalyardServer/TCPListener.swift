import CUV

/// A listening TCP socket on one loop; several loops can listen on the same port with `SO_REUSEPORT`.
///
/// Owned by its event-loop thread: create and close it on `eventLoop`.
///
///     let listener = try TCPListener(on: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { connection in
///         connection.handler = EchoHandler()
///         connection.startReading()
///     }
///     print(listener.localAddress)     // "127.0.0.1:53124"
public final class TCPListener: LoopClosable {
    /// The owning loop.
    public let eventLoop: EventLoop
    /// The bound address (with the kernel-chosen port when bound to port 0).
    public private(set) var localAddress: SocketAddress
    private let handle: UnsafeMutablePointer<uv_tcp_t>
    private let onAccept: (TCPConnection) -> Void
    private var closed = false

    /// Binds and listens.
    /// - Parameters:
    ///   - reusePort: sets `SO_REUSEPORT` before bind so that other loops can bind the same port.
    ///   - onAccept: called on the loop for each accepted connection; set its handler and start reading.
    /// - Throws: `UVError` (`E_IO`) naming the failed call (`uv_tcp_bind` with `EADDRINUSE`, ...).
    public init(
        on eventLoop: EventLoop, address: SocketAddress, reusePort: Bool = true, backlog: Int32 = 1024,
        onAccept: @escaping (TCPConnection) -> Void
    ) throws(UVError) {
        precondition(eventLoop.inEventLoop, "TCPListener created off its event loop")
        self.eventLoop = eventLoop
        self.localAddress = address
        self.onAccept = onAccept
        handle = .allocate(capacity: 1)
        var storage = sockaddr_storage()
        try SocketAddress.fill(&storage, host: address.host, port: address.port)
        let family = UInt32(storage.ss_family)
        if let error = Self.checked("uv_tcp_init_ex", uv_tcp_init_ex(eventLoop.uvLoop, handle, family)) {
            handle.deallocate()
            throw error
        }
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        eventLoop.closables[ObjectIdentifier(self)] = self
        do throws(UVError) {
            if reusePort {
                var descriptor = uv_os_fd_t()
                try UV.check("uv_fileno", uv_fileno(UV.handle(handle), &descriptor))
                var one: Int32 = 1
                let size = socklen_t(MemoryLayout<Int32>.size)
                if setsockopt(descriptor, SOL_SOCKET, SO_REUSEPORT, &one, size) != 0 {
                    throw UVError(call: "setsockopt(SO_REUSEPORT)", status: UV_EINVAL.rawValue)
                }
            }
            _ = try withUnsafePointer(to: &storage) { pointer throws(UVError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(UVError) in
                    try UV.check("uv_tcp_bind", uv_tcp_bind(handle, address, 0))
                }
            }
            try UV.check("uv_listen", uv_listen(UV.stream(handle), backlog, tcpListenerAccept))
            var bound = sockaddr_storage()
            var length = Int32(MemoryLayout<sockaddr_storage>.size)
            _ = try withUnsafeMutablePointer(to: &bound) { pointer throws(UVError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(UVError) in
                    try UV.check("uv_tcp_getsockname", uv_tcp_getsockname(handle, address, &length))
                }
            }
            if let actual = SocketAddress.from(bound) { localAddress = actual }
        } catch {
            close()
            throw error
        }
    }

    private static func checked(_ call: String, _ result: Int32) -> UVError? {
        result < 0 ? UVError(call: call, status: result) : nil
    }

    /// Stops accepting; already accepted connections are unaffected.
    public func close() {
        guard !closed else { return }
        closed = true
        eventLoop.closables[ObjectIdentifier(self)] = nil
        uv_close(UV.handle(handle), tcpListenerClosed)
    }

    func closeForShutdown() { close() }

    fileprivate func accept() {
        guard !closed else { return }
        let client = UnsafeMutablePointer<uv_tcp_t>.allocate(capacity: 1)
        uv_tcp_init(eventLoop.uvLoop, client)
        if uv_accept(UV.stream(handle), UV.stream(client)) != 0 {
            client.pointee.data = nil
            uv_close(UV.handle(client), tcpFreeUnwrapped)
            return
        }
        uv_tcp_nodelay(client, 1)
        onAccept(TCPConnection(eventLoop: eventLoop, handle: client))
    }

    fileprivate func release() { handle.deallocate() }
}

@available(*, unavailable) extension TCPListener: Sendable {}

private func tcpListenerAccept(_ server: UnsafeMutablePointer<uv_stream_t>?, _ status: Int32) {
    guard status == 0, let data = server?.pointee.data else { return }
    Unmanaged<TCPListener>.fromOpaque(data).takeUnretainedValue().accept()
}

private func tcpListenerClosed(_ handle: UnsafeMutablePointer<uv_handle_t>?) {
    guard let data = handle?.pointee.data else { return }
    Unmanaged<TCPListener>.fromOpaque(data).takeRetainedValue().release()
}

private func tcpFreeUnwrapped(_ handle: UnsafeMutablePointer<uv_handle_t>?) {
    handle?.deallocate()
}
