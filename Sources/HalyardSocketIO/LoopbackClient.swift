import Foundation
import HalyardEngineIO

/// An in-process client for tests and the adapter conformance suite: a WebSocket-transport Engine.IO session
/// whose outbound messages are recorded instead of written to a network connection.
///
/// Protected by `lock` (the recorded messages); the session itself is owned by its loop.
///
///     let client = try await LoopbackClient.connect(to: io, on: loop)      // sends 40, waits for 40{"sid":…}
///     client.send("2[\"echo\",1]")
///     try await client.waitForMessage { $0.hasPrefix("2[\"news\"") }
package final class LoopbackClient: EngineWebSocketTransport, @unchecked Sendable {
    // @unchecked Sendable: `messages` and `closed` are guarded by `lock`; `eventLoop` is immutable.
    package let eventLoop: any EngineLoop
    private let lock = NSLock()
    private var messages: [WebSocketData] = []
    private var closed = false
    private var session: EngineServer.SessionRef?

    private init(loop: any EngineLoop) { eventLoop = loop }

    /// Opens a session on `loop` and connects it to `namespace`; returns once the CONNECT reply arrived.
    /// - Throws: `E_SIO_DISCONNECTED` when the namespace refused or no reply came within `timeout` seconds.
    package static func connect(
        to server: SocketIOServer, on loop: any EngineLoop, namespace: String = "/",
        timeout: Double = 30
    ) async throws -> LoopbackClient {
        let client = LoopbackClient(loop: loop)
        let ref: EngineServer.SessionRef = await withCheckedContinuation { continuation in
            loop.execute {
                let socket = server.engine.openSession(handshake: EngineHandshake(), on: loop, webSocket: client)
                continuation.resume(returning: EngineServer.SessionRef(socket))
            }
        }
        client.lock.withLock { client.session = ref }
        client.send(namespace == "/" ? "40" : "40\(namespace),")
        let prefix = namespace == "/" ? "40{" : "40\(namespace),{"
        try await client.waitForMessage(timeout: timeout) { $0.hasPrefix(prefix) }
        return client
    }

    /// The Socket.IO id from the CONNECT reply of `namespace`.
    package func socketID(namespace: String = "/") -> String? {
        let prefix = namespace == "/" ? "40" : "40\(namespace),"
        for text in texts where text.hasPrefix(prefix) {
            let json = Array(text.utf8.dropFirst(prefix.utf8.count))
            if let value = try? SocketValue(json: json), let sid = value["sid"]?.stringValue { return sid }
        }
        return nil
    }

    /// Sends a text message from the client (an Engine.IO packet such as `42["echo",1]`).
    package func send(_ text: String) {
        guard let session = lock.withLock({ self.session }) else { return }
        session.execute { socket in socket.receive(.text(text), from: self) }
    }

    /// Sends a binary message from the client.
    package func send(binary: [UInt8]) {
        guard let session = lock.withLock({ self.session }) else { return }
        session.execute { socket in socket.receive(.binary(binary), from: self) }
    }

    /// Closes the client side (like a dropped connection).
    package func disconnect() {
        guard let session = lock.withLock({ self.session }) else { return }
        session.execute { socket in socket.webSocketClosed(self) }
    }

    /// Every text message received so far.
    package var texts: [String] {
        lock.withLock {
            messages.compactMap { if case .text(let text) = $0 { text } else { nil } }
        }
    }

    /// Every binary message received so far.
    package var binaries: [[UInt8]] {
        lock.withLock { messages.compactMap { if case .binary(let bytes) = $0 { bytes } else { nil } } }
    }

    /// True once the server closed this client's connection.
    package var isClosed: Bool { lock.withLock { closed } }

    /// Waits until a received text message satisfies `predicate`, and returns it.
    /// `timeout` only bounds the wait (generous, so that a loaded machine does not fail a test).
    /// - Throws: `E_SIO_DISCONNECTED` after `timeout` seconds.
    @discardableResult
    package func waitForMessage(timeout: Double = 30, _ predicate: @escaping @Sendable (String) -> Bool) async throws
        -> String
    {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let match = texts.first(where: predicate) { return match }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        if let match = texts.first(where: predicate) { return match }
        throw SocketIOError(code: "E_SIO_DISCONNECTED", message: "no matching message within \(timeout) s: \(texts)")
    }

    /// Forgets the messages received so far.
    package func clear() { lock.withLock { messages.removeAll() } }

    // MARK: - EngineWebSocketTransport (called on the session's loop)

    package func send(_ data: WebSocketData) { lock.withLock { messages.append(data) } }

    package func send(_ frame: BroadcastFrame) {
        lock.withLock { messages.append(.text(frame.packet.encodedText)) }
    }

    package func close() { lock.withLock { closed = true } }

    package var bufferedAmount: Int { 0 }
}
