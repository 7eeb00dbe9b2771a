// How the load client works: one thread, one epoll loop, N member sockets plus one driver socket, all speaking
// Engine.IO 4 / Socket.IO 5 over WebSocket themselves (masked frames from HalyardCodecs). Phases run the loop
// until a condition holds or a deadline passes: connect (bounded number of handshakes in flight), join a room,
// then broadcast with a window of broadcasts in flight. Every delivery carries the driver's send time.
import Glibc
import HalyardCodecs

/// Drives the fan-out workload against one server. Owned by the main thread.
final class FanoutClient {
    let loop: EventLoop
    let port: UInt16
    let sources: Int
    var members: [BenchConnection] = []
    var driver: BenchConnection?
    var readyCount = 0
    var failures = 0
    var joinAcks = 0
    var nextAckID = 1
    var run: BroadcastRun?
    var lastFailure = ""

    init(port: UInt16, sources: Int) throws {
        loop = try EventLoop()
        self.port = port
        self.sources = sources
    }

    /// Runs the loop until `done()` or `seconds` pass; `tick` runs after each poll. True when `done()` held.
    func runLoop(seconds: Double, until done: () -> Bool, tick: () -> Void = {}) throws -> Bool {
        let deadline = Syscall.now() + UInt64(seconds * 1e9)
        while !done() {
            if Syscall.now() > deadline { return false }
            try loop.poll(timeoutMS: 5) { connection, readable, writable in
                handle(connection, readable: readable, writable: writable)
            }
            tick()
        }
        return true
    }

    func fail(_ connection: BenchConnection, _ reason: String) {
        guard connection.phase != .closed else { return }
        if connection.phase != .ready { failures += 1 }
        lastFailure = reason
        loop.shutdownConnection(connection)
    }

    private func handle(_ connection: BenchConnection, readable: Bool, writable: Bool) {
        if connection.phase == .connecting {
            guard loop.connectSucceeded(connection) else {
                fail(connection, "connect refused")
                return
            }
            connection.phase = .handshaking
            let request = connection.handshake.request(
                host: "127.0.0.1:\(port)", target: "/socket.io/?EIO=4&transport=websocket")
            loop.send(request, on: connection)
            if !readable { return }
        }
        if writable { loop.flush(connection) }
        guard readable, connection.phase != .closed, let count = loop.read(connection) else { return }
        guard count > 0 else {
            fail(connection, "server closed the connection")
            return
        }
        let bytes = UnsafeMutableRawBufferPointer(rebasing: loop.readBuffer[0..<count])
        if connection.phase == .handshaking {
            do {
                guard var rest = try connection.handshake.feed(UnsafeRawBufferPointer(bytes)) else { return }
                connection.phase = .opening
                rest.withUnsafeMutableBytes { parseFrames($0, on: connection) }
            } catch {
                fail(connection, "handshake: \(error)")
            }
        } else {
            parseFrames(bytes, on: connection)
        }
    }

    private func parseFrames(_ bytes: UnsafeMutableRawBufferPointer, on connection: BenchConnection) {
        guard !bytes.isEmpty else { return }
        do {
            try connection.parser.parse(bytes) { header, payload in
                switch header.opcode {
                case .text: handlePacket(payload, on: connection)
                case .ping:
                    var frame: [UInt8] = []
                    WebSocketFrameEncoder.appendFrame(
                        opcode: .pong, payload: payload, maskKey: UInt32.random(in: .min ... .max), into: &frame)
                    loop.send(frame, on: connection)
                case .close: fail(connection, "server sent a close frame")
                default: break
                }
            }
        } catch {
            fail(connection, "frame: \(error)")
        }
    }
}

@available(*, unavailable) extension FanoutClient: Sendable {}
