import HalyardCodecs
public import HalyardHTTP
import HalyardServer

// The HTTP glue: turns HalyardHTTP requests on the Engine.IO path into `route(_:)` decisions and session calls.
// A polling request for a session on another loop hops there; its response is completed from that loop.
// A WebSocket on another loop than its session (an upgrade probe that arrived on another connection) is
// wrapped so that writes hop to the connection's loop.

extension EngineServer {
    /// Registers the Engine.IO endpoints (GET, POST, OPTIONS at `path`) on a router.
    ///
    ///     var routes = RouterBuilder()
    ///     io.engine.addRoutes(to: &routes, path: "/socket.io/")
    public func addRoutes(to routes: inout RouterBuilder, path: String = "/socket.io/") {
        for method in ["GET", "POST", "OPTIONS"] {
            routes.on(method, path, writer: { [self] request, writer in handle(request, writer) })
        }
    }

    /// Handles one HTTP request to the Engine.IO path.
    public func handle(_ request: HTTPRequest, _ writer: HTTPResponseWriter) {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.lowercased()] = value }
        var query: [String: String] = [:]
        for (name, value) in request.query { query[name] = value }
        let engineRequest = EngineRequest(
            method: request.method, query: query, headers: headers, body: request.body,
            address: request.remoteAddress?.description, url: request.head.target)
        let cors = corsHeaders(origin: headers["origin"])
        let responder = HTTPPollResponder(writer: writer, cors: cors)
        switch route(engineRequest) {
        case .reject(let status, let body):
            responder.respond(status: status, contentType: "application/json", body: body)
        case .preflight:
            var response = HTTPResponse(status: 204)
            for (name, value) in cors { response.headers.add(name: name, value: value) }
            response.headers.add(name: "Access-Control-Allow-Methods", value: "GET, POST, OPTIONS")
            if let requested = headers["access-control-request-headers"] {
                response.headers.add(name: "Access-Control-Allow-Headers", value: requested)
            }
            writer.complete(response)
        case .openPolling(let handshake, let base64):
            let loop = request.eventLoop
            checkBeforeConnect(
                handshake, on: loop,
                refuse: { status, body in responder.respond(status: status, contentType: "application/json", body: body)
                },
                proceed: { [self] in
                    let socket = openSession(handshake: handshake, on: loop, base64: base64)
                    watchCancel(writer, responder, EngineServer.SessionRef(socket))
                    socket.receivePoll(responder)
                })
        case .openWebSocket(let handshake):
            checkBeforeConnect(
                handshake, on: request.eventLoop,
                refuse: { status, body in responder.respond(status: status, contentType: "application/json", body: body)
                },
                proceed: { [self] in
                    writer.upgrade(
                        WebSocketUpgrade(maxMessageBytes: configuration.maxPayload) { [self] connection in
                            let transport = HTTPWebSocketTransport(
                                connection, maxBufferedBytes: configuration.maxBufferedBytes)
                            let socket = openSession(
                                handshake: handshake, on: connection.eventLoop, webSocket: transport)
                            transport.attach(to: EngineServer.SessionRef(socket))
                        })
                })
        case .poll(let ref):
            watchCancel(writer, responder, ref)
            ref.execute { $0.receivePoll(responder) }
        case .post(let ref):
            let body = request.body
            let contentType = headers["content-type"]
            ref.execute { $0.receivePost(body, contentType: contentType, responder: responder) }
        case .probe(let ref):
            let cap = configuration.maxBufferedBytes
            writer.upgrade(
                WebSocketUpgrade(maxMessageBytes: configuration.maxPayload) { connection in
                    // Handlers first (on the connection's loop), so no early message is lost; the session sees
                    // the probe attached before any of its messages, since both hops are queued in order.
                    let transport = HTTPWebSocketTransport(connection, maxBufferedBytes: cap)
                    transport.attach(to: ref)
                    let box = UncheckedBox(transport)
                    ref.execute { socket in
                        if !socket.attachProbe(box.value) { box.value.close() }
                    }
                })
        }
    }

    /// A parked GET whose client went away ends its session (the client is gone).
    private func watchCancel(_ writer: HTTPResponseWriter, _ responder: HTTPPollResponder, _ ref: SessionRef) {
        writer.onCancel { ref.execute { $0.pollCancelled(responder) } }
    }
}

/// Answers a polling request through its `HTTPResponseWriter`, with the CORS headers of its origin.
final class HTTPPollResponder: EnginePollResponder {
    let writer: HTTPResponseWriter
    let cors: [(String, String)]

    init(writer: HTTPResponseWriter, cors: [(String, String)]) {
        self.writer = writer
        self.cors = cors
    }

    func respond(status: Int, contentType: String, body: [UInt8]) {
        var response = HTTPResponse(status: status, body: body)
        response.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in cors { response.headers.add(name: name, value: value) }
        writer.complete(response)
    }
}

/// An ``EngineWebSocketTransport`` over a HalyardHTTP `WebSocketConnection`.
///
/// Owned by the connection's event-loop thread; calls from another loop (a session living elsewhere) hop there.
final class HTTPWebSocketTransport: EngineWebSocketTransport {
    let connection: WebSocketConnection
    let loop: EventLoop
    /// The outbound buffer cap, enforced here for writes that hop from a session on another loop (the session
    /// cannot read `bufferedAmount` across threads).
    let maxBufferedBytes: Int

    init(_ connection: WebSocketConnection, maxBufferedBytes: Int) {
        self.connection = connection
        self.loop = connection.eventLoop
        self.maxBufferedBytes = maxBufferedBytes
    }

    var eventLoop: any EngineLoop { loop }

    /// Routes the connection's messages and close to the session; call on the connection's loop.
    func attach(to ref: EngineServer.SessionRef) {
        let box = UncheckedBox(self)
        connection.onText = { text in ref.execute { $0.receive(.text(text), from: box.value) } }
        connection.onBinary = { bytes in ref.execute { $0.receive(.binary(bytes), from: box.value) } }
        connection.onClose = { [unowned connection] _, _ in
            ref.execute { $0.webSocketClosed(box.value) }
            connection.onText = nil
            connection.onBinary = nil
            connection.onClose = nil
        }
    }

    private func onConnectionLoop(_ body: @escaping (WebSocketConnection) -> Void) {
        if loop.inEventLoop {
            body(connection)
        } else {
            let connection = UncheckedBox(self.connection)
            let body = UncheckedBox(body)
            let cap = maxBufferedBytes
            loop.execute {
                let connection = connection.value
                body.value(connection)
                if cap > 0, connection.isOpen, connection.bufferedAmount > cap {
                    EngineLog.log(
                        "engine.io: closing a WebSocket with \(connection.bufferedAmount) bytes buffered (limit \(cap))"
                    )
                    connection.close(code: .policyViolation, reason: "outbound buffer full")
                }
            }
        }
    }

    func send(_ data: WebSocketData) {
        switch data {
        case .text(let text): onConnectionLoop { $0.send(text: text) }
        case .binary(let bytes): onConnectionLoop { $0.send(binary: bytes) }
        }
    }

    func send(_ frame: BroadcastFrame) {
        if loop.inEventLoop {
            connection.send(preEncodedFrame: frame.webSocketFrame)
        } else {
            onConnectionLoop { $0.send(preEncodedFrame: frame.webSocketFrame) }
        }
    }

    func close() { onConnectionLoop { $0.close() } }

    var bufferedAmount: Int { loop.inEventLoop ? connection.bufferedAmount : 0 }
}

@available(*, unavailable) extension HTTPWebSocketTransport: Sendable {}
