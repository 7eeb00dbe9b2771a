import CUV

// Life of a connection: the listener accepts a `uv_tcp_t`, wraps it in a TCPConnection (retained by the handle's
// `data` until libuv's close callback) and hands it to the server, which installs a handler and starts reading.
// Reads land in the loop's shared scratch buffer and are handed to the handler synchronously. Writes are
// queued and go out together at the end of the tick (one writev), the remainder through `uv_write`.
// `close(.afterFlush)` waits for the queue, half-closes the socket
// (shutdown), discards input until the peer closes or a short linger timer fires, then closes the handle: that
// way a client that is still sending does not get a reset that would destroy the response it has not read yet.
// Writes are flushed at the end of the loop tick (see TCPConnection+Write.swift).

/// Receives a connection's events, on its loop thread.
public protocol TCPConnectionHandler: AnyObject {
    /// Bytes arrived; they are only valid during the call.
    func connectionDidRead(_ connection: TCPConnection, _ bytes: UnsafeRawBufferPointer)
    /// The peer half-closed its side (EOF). The default closes the connection after flushing.
    func connectionDidReadEOF(_ connection: TCPConnection)
    /// The write queue became empty (after a flush or a completed `uv_write`).
    func connectionDidDrain(_ connection: TCPConnection)
    /// The connection is closed (`error` is nil for an orderly close). Called exactly once.
    func connectionDidClose(_ connection: TCPConnection, error: UVError?)
}

extension TCPConnectionHandler {
    public func connectionDidReadEOF(_ connection: TCPConnection) { connection.close() }
    public func connectionDidDrain(_ connection: TCPConnection) {}
}

/// One accepted TCP connection with a write queue.
///
/// Owned by its event-loop thread: every method must be called on `eventLoop`.
///
///     connection.handler = myHandler
///     connection.startReading()
///     connection.write(Array("hello".utf8))
///     connection.close()                 // after the queue is flushed
public final class TCPConnection: LoopClosable {
    /// The loop that owns the connection for its whole life.
    public let eventLoop: EventLoop
    /// Whether `handler` gets `connectionDidDrain` (default true). A handler that does not need it can turn it
    /// off, which spares the broadcast flush a call (and a cache miss) per connection.
    public var reportsDrain = true
    /// The peer's address (nil if the kernel could not report it).
    public let remoteAddress: SocketAddress?
    /// Receives reads and the close notification; released after close.
    public var handler: (any TCPConnectionHandler)?
    /// Outbound bytes queued but not yet taken by the kernel (for backpressure caps).
    public internal(set) var bufferedBytes = 0
    /// True until the handle is closing.
    public var isOpen: Bool { state == .open }

    let handle: UnsafeMutablePointer<uv_tcp_t>
    var state: State = .open
    var queue: [QueuedChunk] = []
    /// The last queue entry is an `OutboundBuffer` that small writes may still append to.
    var tailOpen = false
    var flushScheduled = false
    var inFlight: [QueuedChunk] = []
    var inFlightBytes = 0
    var writeRequest: UnsafeMutablePointer<uv_write_t>?
    var shutdownRequest: UnsafeMutablePointer<uv_shutdown_t>?
    var lingerTimer: LoopTimer?
    var reading = false
    var closeError: UVError?

    enum State { case open, flushingBeforeClose, lingering, closed }

    /// How `close` treats queued output.
    public enum CloseMode: Sendable {
        /// Send everything queued, half-close, then close.
        case afterFlush
        /// Drop queued output and close at once.
        case immediately
    }

    init(eventLoop: EventLoop, handle: UnsafeMutablePointer<uv_tcp_t>) {
        self.eventLoop = eventLoop
        self.handle = handle
        var storage = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { uv_tcp_getpeername(handle, $0, &length) }
        }
        remoteAddress = result == 0 ? SocketAddress.from(storage) : nil
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        eventLoop.closables[ObjectIdentifier(self)] = self
    }

    var stream: UnsafeMutablePointer<uv_stream_t> { UV.stream(handle) }

    /// Starts delivering reads to `handler`.
    public func startReading() {
        guard state == .open || state == .lingering, !reading else { return }
        if uv_read_start(stream, tcpAlloc, tcpRead) == 0 { reading = true }
    }

    /// Stops delivering reads (inbound backpressure) until `startReading()`.
    public func stopReading() {
        guard reading else { return }
        uv_read_stop(stream)
        reading = false
    }

    /// Closes the connection; see `CloseMode`. Safe to call more than once.
    public func close(_ mode: CloseMode = .afterFlush) {
        switch (state, mode) {
        case (.closed, _):
            return
        case (.open, .afterFlush):
            state = .flushingBeforeClose
            if writeRequest == nil && queue.isEmpty { beginLinger() }
        case (.flushingBeforeClose, .afterFlush), (.lingering, .afterFlush):
            return
        case (_, .immediately):
            closeHandle(error: nil)
        }
    }

    func closeForShutdown() { closeHandle(error: nil) }

    func closeHandle(error: UVError?) {
        guard state != .closed else { return }
        state = .closed
        closeError = error
        lingerTimer?.close()
        lingerTimer = nil
        eventLoop.closables[ObjectIdentifier(self)] = nil
        uv_close(UV.handle(handle), tcpClosed)
    }

    /// Half-closes after the queue drained, then waits (bounded) for the peer's EOF.
    func beginLinger() {
        guard state == .flushingBeforeClose else { return }
        state = .lingering
        let request = UnsafeMutablePointer<uv_shutdown_t>.allocate(capacity: 1)
        request.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        if uv_shutdown(request, stream, tcpShutdownDone) != 0 {
            request.deallocate()
            closeHandle(error: nil)
            return
        }
        shutdownRequest = request
        startReading()
        let timer = LoopTimer(on: eventLoop)
        timer.start(after: .seconds(1)) { [weak self] in self?.closeHandle(error: nil) }
        lingerTimer = timer
    }

    fileprivate func didRead(_ count: Int) {
        if count > 0 {
            guard state == .open || state == .flushingBeforeClose else { return }  // lingering: discard
            handler?.connectionDidRead(self, UnsafeRawBufferPointer(rebasing: eventLoop.readBuffer[0..<count]))
        } else if count == Int(UV_EOF.rawValue) {
            stopReading()
            if state == .open {
                if let handler { handler.connectionDidReadEOF(self) } else { close() }
            } else if state == .lingering {
                closeHandle(error: nil)
            }
        } else if count < 0 {
            closeHandle(error: state == .lingering ? nil : UVError(call: "uv_read", status: Int32(count)))
        }
    }

    fileprivate func didClose() {
        queue.removeAll()
        inFlight.removeAll()
        bufferedBytes = 0
        let handler = self.handler
        self.handler = nil
        handler?.connectionDidClose(self, error: closeError)
        if writeRequest == nil && shutdownRequest == nil { handle.deallocate() } else { pendingFree = true }
    }

    var pendingFree = false
}

@available(*, unavailable) extension TCPConnection: Sendable {}

private func tcpAlloc(
    _ handle: UnsafeMutablePointer<uv_handle_t>?, _ suggested: Int, _ buffer: UnsafeMutablePointer<uv_buf_t>?
) {
    guard let handle, let buffer, let data = handle.pointee.data else { return }
    let connection = Unmanaged<TCPConnection>.fromOpaque(data).takeUnretainedValue()
    let scratch = connection.eventLoop.readBuffer
    buffer.pointee = uv_buf_init(scratch.baseAddress?.assumingMemoryBound(to: CChar.self), UInt32(scratch.count))
}

private func tcpRead(
    _ stream: UnsafeMutablePointer<uv_stream_t>?, _ count: Int, _ buffer: UnsafePointer<uv_buf_t>?
) {
    guard let data = stream?.pointee.data else { return }
    Unmanaged<TCPConnection>.fromOpaque(data).takeUnretainedValue().didRead(count)
}

private func tcpShutdownDone(_ request: UnsafeMutablePointer<uv_shutdown_t>?, _ status: Int32) {
    guard let request, let data = request.pointee.data else { return }
    let connection = Unmanaged<TCPConnection>.fromOpaque(data).takeUnretainedValue()
    connection.shutdownRequest = nil
    request.deallocate()
    if connection.state == .closed {
        connection.releaseIfDone()
    } else if status < 0 {
        connection.closeHandle(error: nil)
    }
}

private func tcpClosed(_ handle: UnsafeMutablePointer<uv_handle_t>?) {
    guard let data = handle?.pointee.data else { return }
    let connection = Unmanaged<TCPConnection>.fromOpaque(data).takeUnretainedValue()
    connection.didClose()
    Unmanaged<TCPConnection>.fromOpaque(data).release()
}

extension TCPConnection {
    /// Frees the handle once no request refers to it any more.
    func releaseIfDone() {
        if pendingFree && writeRequest == nil && shutdownRequest == nil {
            pendingFree = false
            handle.deallocate()
        }
    }
}
