import HalyardHTTP

/// The raw transport part of halyard-echo: `/echo` (WebSocket echo) and `/__health`.
///
/// Kept out of main.swift so that its closures are not inferred `@MainActor` (they run on event loops).
enum EchoRoutes {
    /// Adds `GET /__health` → 200 `ok` and the WebSocket echo at `/echo` (each message sent back as is).
    static func add(to routes: inout RouterBuilder, maxMessageBytes: Int = 64 << 20) {
        routes.on("GET", "/__health", writer: { _, writer in writer.complete(.text("ok")) })
        routes.webSocket("/echo", maxMessageBytes: maxMessageBytes) { socket in
            socket.onText = { [unowned socket] text in socket.send(text: text) }
            socket.onBinary = { [unowned socket] bytes in socket.send(binary: bytes) }
        }
    }
}
