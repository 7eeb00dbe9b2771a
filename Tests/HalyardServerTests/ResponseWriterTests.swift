import Foundation
import HalyardHTTP
import HalyardServer
import Testing

/// A value set once from any thread and awaited with a bound.
final class Signal<T: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: T?

    func set(_ newValue: T) {
        lock.lock()
        if value == nil { value = newValue }
        lock.unlock()
    }

    private func current() -> T? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    /// The value, or nil if it was not set within `timeout` (an upper bound, generous for a loaded machine).
    func wait(timeout: Duration = .seconds(30)) async -> T? {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: timeout)
        while clock.now < end {
            if let current = current() { return current }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return current()
    }
}

@Suite("Responses completed later, from other threads")
struct ResponseWriterTests {
    @Test func heldRequestCompletesFromAnotherThread() async throws {
        let server = try await TestServer.start { routes in
            routes.on(
                "GET", "/poll",
                writer: { request, writer in
                    #expect(request.eventLoop.inEventLoop)
                    Thread.detachNewThread {
                        usleep(100_000)
                        writer.complete(.text("late data"))
                    }
                })
        }
        let client = try await server.client()
        let response = try await offPool {
            try client.send("GET /poll HTTP/1.1\r\nHost: x\r\n\r\n")
            return try client.readResponse()
        }
        #expect(response.text == "late data")
        await server.stop()
    }

    @Test func heldRequestIsCancelledWhenTheClientGoesAway() async throws {
        let cancelled = Signal<Bool>()
        let held = Signal<HTTPResponseWriter>()
        let server = try await TestServer.start { routes in
            routes.on(
                "GET", "/poll",
                writer: { _, writer in
                    writer.onCancel { cancelled.set(writer.eventLoop.inEventLoop) }
                    held.set(writer)
                })
        }
        var client: RawClient? = try await server.client()
        try await offPool { [client] in try client?.send("GET /poll HTTP/1.1\r\nHost: x\r\n\r\n") }
        let writer = await held.wait()
        #expect(writer != nil)
        client = nil  // closes the socket
        #expect(await cancelled.wait() == true)
        #expect(writer?.isCancelled == true)
        writer?.complete(.text("too late"))  // a no-op, not a crash
        await server.stop()
    }
}
