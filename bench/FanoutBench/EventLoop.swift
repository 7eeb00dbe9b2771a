import CUV
import Glibc
import HalyardCodecs

/// A level-triggered epoll loop over the bench's client sockets, with masked WebSocket writes.
///
/// Owned by the load client's single thread.
final class EventLoop {
    let epollFD: Int32
    private(set) var connections: [BenchConnection?] = []
    private var events: [epoll_event]
    let readBuffer: UnsafeMutableRawBufferPointer
    private var generator = SystemRandomNumberGenerator()
    private var sourceIndex = 0

    init() throws {
        let fd = try Syscall.run("epoll_create1") { Int(epoll_create1(Int32(EPOLL_CLOEXEC))) } ?? -1
        epollFD = Int32(fd)
        events = Array(repeating: epoll_event(), count: 1024)
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
    }

    deinit {
        for connection in connections.compactMap({ $0 }) { close(connection.fd) }
        close(epollFD)
        readBuffer.deallocate()
    }

    /// Starts a non-blocking TCP connect to 127.0.0.1:`port`, from one of `sources` loopback addresses.
    func connect(port: UInt16, sources: Int) throws -> BenchConnection {
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = Int32(try Syscall.run("socket") { Int(socket(AF_INET, flags, 0)) } ?? -1)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if sources > 1 {
            // Several 127.0.0.x sources multiply the ephemeral ports available; the port is chosen at connect.
            setsockopt(fd, Int32(IPPROTO_IP), IP_BIND_ADDRESS_NO_PORT, &one, socklen_t(MemoryLayout<Int32>.size))
            var source = Self.loopback(port: 0, host: UInt32(1 + sourceIndex % sources))
            sourceIndex += 1
            _ = try withUnsafePointer(to: &source) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    try Syscall.run("bind") { Int(bind(fd, address, socklen_t(MemoryLayout<sockaddr_in>.size))) }
                }
            }
        }
        var address = Self.loopback(port: port, host: 1)
        _ = try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try Syscall.run("connect") { Int(Glibc.connect(fd, raw, socklen_t(MemoryLayout<sockaddr_in>.size))) }
            }
        }
        let connection = BenchConnection(fd: fd, index: connections.count)
        connections.append(connection)
        var event = epoll_event()
        event.events = EPOLLOUT.rawValue | EPOLLIN.rawValue
        event.data.u64 = UInt64(connection.index)
        try Syscall.run("epoll_ctl(ADD)") { Int(epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)) }
        connection.watchingWrites = true
        return connection
    }

    static func loopback(port: UInt16, host: UInt32) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = (0x7F00_0000 | host).bigEndian
        return address
    }

    /// Waits up to `timeoutMS` and calls `body` for each ready connection with (readable, writable).
    func poll(timeoutMS: Int32, _ body: (BenchConnection, Bool, Bool) -> Void) throws {
        let count = try events.withUnsafeMutableBufferPointer { buffer in
            try Syscall.run("epoll_wait") {
                Int(epoll_wait(epollFD, buffer.baseAddress, Int32(buffer.count), timeoutMS))
            } ?? 0
        }
        for index in 0..<count {
            let event = events[index]
            guard let connection = connections[Int(event.data.u64)] else { continue }
            let failed = event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
            body(connection, event.events & EPOLLIN.rawValue != 0 || failed, event.events & EPOLLOUT.rawValue != 0)
        }
    }

    /// Sends `text` as one masked text frame.
    func sendText(_ text: String, on connection: BenchConnection) {
        var frame: [UInt8] = []
        var payload = text
        payload.withUTF8 { utf8 in
            WebSocketFrameEncoder.appendFrame(
                opcode: .text, payload: UnsafeRawBufferPointer(utf8),
                maskKey: UInt32.random(in: .min ... .max, using: &generator),
                into: &frame)
        }
        send(frame, on: connection)
    }

    /// Writes bytes now, queueing what the kernel does not take.
    func send(_ bytes: [UInt8], on connection: BenchConnection) {
        guard connection.phase != .closed else { return }
        connection.outbox += bytes
        flush(connection)
    }

    /// Writes queued bytes; watches for writability while some remain.
    func flush(_ connection: BenchConnection) {
        while !connection.outbox.isEmpty {
            let written: Int?
            do {
                written = try connection.outbox.withUnsafeBytes { raw in
                    try Syscall.run("write") { write(connection.fd, raw.baseAddress, raw.count) }
                }
            } catch {
                shutdownConnection(connection)
                return
            }
            guard let count = written else { break }
            connection.outbox.removeFirst(count)
        }
        let wantWrites = !connection.outbox.isEmpty || connection.phase == .connecting
        if wantWrites != connection.watchingWrites {
            var event = epoll_event()
            event.events = EPOLLIN.rawValue | (wantWrites ? EPOLLOUT.rawValue : 0)
            event.data.u64 = UInt64(connection.index)
            epoll_ctl(epollFD, EPOLL_CTL_MOD, connection.fd, &event)
            connection.watchingWrites = wantWrites
        }
    }

    /// Reads once into the shared buffer: the byte count, 0 at end of stream or on error, nil when nothing is
    /// ready.
    func read(_ connection: BenchConnection) -> Int? {
        do {
            return try Syscall.run("read") { Glibc.read(connection.fd, readBuffer.baseAddress, readBuffer.count) }
        } catch {
            return 0
        }
    }

    /// Whether a pending non-blocking connect succeeded.
    func connectSucceeded(_ connection: BenchConnection) -> Bool {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0
    }

    func shutdownConnection(_ connection: BenchConnection) {
        guard connection.phase != .closed else { return }
        connection.phase = .closed
        epoll_ctl(epollFD, EPOLL_CTL_DEL, connection.fd, nil)
        close(connection.fd)
        connections[connection.index] = nil
    }

    func closeAll() {
        for connection in connections.compactMap({ $0 }) { shutdownConnection(connection) }
        connections.removeAll()
    }
}

@available(*, unavailable) extension EventLoop: Sendable {}
