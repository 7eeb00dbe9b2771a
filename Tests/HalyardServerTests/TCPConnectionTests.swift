import Foundation
import HalyardServer
import Testing

/// Writes a large patterned payload in mixed pieces on connect and records what the write queue reported.
private final class BulkWriter: TCPConnectionHandler {
    let report: Signal<String>
    var bufferedAfterWrite = 0
    init(report: Signal<String>) { self.report = report }

    func start(_ connection: TCPConnection) {
        connection.handler = self
        connection.startReading()
        // 8 MiB: owned arrays (coalesced) and shared blocks interleaved, more than the kernel takes at once.
        let shared = SharedBytes(BulkWriter.pattern(offset: 0, count: 65536))
        var offset = 0
        for round in 0..<64 {
            if round % 2 == 0 {
                connection.write(shared)
            } else {
                for piece in 0..<16 {
                    connection.write(BulkWriter.pattern(offset: offset + piece * 4096, count: 4096))
                }
            }
            offset += 65536
        }
        bufferedAfterWrite = connection.bufferedBytes
    }

    /// Bytes whose value depends on their position within each 64 KiB block.
    static func pattern(offset: Int, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ((offset + $0) % 65536) &* 31 >> 3) }
    }

    func connectionDidRead(_ connection: TCPConnection, _ bytes: UnsafeRawBufferPointer) {}
    func connectionDidDrain(_ connection: TCPConnection) {
        report.set("buffered after write \(bufferedAfterWrite), after drain \(connection.bufferedBytes)")
        connection.close()
    }
    func connectionDidClose(_ connection: TCPConnection, error: UVError?) {}
}

@Suite("TCP connections")
struct TCPConnectionTests {
    @Test func largeQueuedWritesArriveCompleteAndInOrder() async throws {
        let group = try EventLoopGroup(count: 1)
        let report = Signal<String>()
        let server = try await TCPServer.bind(group: group, host: "127.0.0.1", port: 0) { connection in
            BulkWriter(report: report).start(connection)
        }
        let port = server.localAddress.port
        let received = try await offPool {
            let client = try RawClient(port: port)
            usleep(200_000)  // let the server's queue back up
            return try client.read(count: 64 * 65536)
        }
        let expected = (0..<64).flatMap { _ in BulkWriter.pattern(offset: 0, count: 65536) }
        #expect(received.count == expected.count)
        #expect(received == expected)
        let summary = await report.wait()
        #expect(summary?.hasPrefix("buffered after write 4194304") == true)
        #expect(summary?.hasSuffix("after drain 0") == true)
        await server.stopAccepting()
        try await offPool { group.shutdownGracefully() }
    }

    @Test func loopRunsJobsInOrderAndActorsCanUseIt() async throws {
        let loop = try EventLoop(name: "test")
        let values = try await loop.submit { () -> [Int] in
            precondition(loop.inEventLoop)
            return [1, 2, 3]
        }
        #expect(values == [1, 2, 3])
        let counter = LoopCounter(loop: loop)
        for _ in 0..<100 { await counter.increment() }
        #expect(await counter.value == 100)
        let fired = Signal<Bool>()
        try await loop.submit {
            _ = loop.scheduleTimer(after: .milliseconds(10)) { fired.set(loop.inEventLoop) }
            let cancelled = loop.scheduleTimer(after: .milliseconds(5)) { fired.set(false) }
            cancelled.cancel()
        }
        #expect(await fired.wait() == true)
        try await offPool { loop.shutdownGracefully() }
        await #expect(throws: UVError.self) { try await loop.submit { 1 } }
    }
}

/// An actor running on an event loop.
private actor LoopCounter {
    let loop: EventLoop
    var value = 0
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
    init(loop: EventLoop) { self.loop = loop }
    func increment() {
        precondition(loop.inEventLoop)
        value += 1
    }
}
