/// A handler that returns its response; runs in a task off the event loop.
public typealias HTTPAsyncHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse
/// A handler called on the connection's event loop that completes `writer` now or later, from any thread.
public typealias HTTPWriterHandler = @Sendable (HTTPRequest, HTTPResponseWriter) -> Void

/// The mutable set-up side of a router: add routes, CORS and static files, then `build()` an immutable `Router`.
///
/// A value type owned by whoever configures it.
///
///     var routes = RouterBuilder()
///     routes.get("/user/:id") { request in .json(["id": request.parameters["id"]]) }
///     routes.on("GET", "/poll", writer: { request, writer in holdUntilData(writer) })
///     routes.webSocket("/echo") { socket in socket.onText = { [unowned socket] in socket.send(text: $0) } }
///     routes.cors = CORSConfiguration(allowedOrigins: .any)
///     let router = try routes.build()
public struct RouterBuilder: Sendable {
    struct Entry: Sendable {
        let method: String
        let path: String
        let handler: Route.Handler
    }

    var entries: [Entry] = []
    var staticDirectories: [(directory: String, prefix: String)] = []
    /// CORS policy; nil answers no CORS headers and no preflights.
    public var cors: CORSConfiguration?

    public init() {}

    /// Adds a route answered by an async handler. `method` `*` matches any method.
    public mutating func on(_ method: String, _ path: String, use handler: @escaping HTTPAsyncHandler) {
        entries.append(Entry(method: method.uppercased(), path: path, handler: .async(handler)))
    }

    /// Adds a route answered through a `HTTPResponseWriter` (called on the event loop; complete later if needed).
    public mutating func on(_ method: String, _ path: String, writer handler: @escaping HTTPWriterHandler) {
        entries.append(Entry(method: method.uppercased(), path: path, handler: .writer(handler)))
    }

    public mutating func get(_ path: String, use handler: @escaping HTTPAsyncHandler) { on("GET", path, use: handler) }
    public mutating func post(_ path: String, use handler: @escaping HTTPAsyncHandler) {
        on("POST", path, use: handler)
    }
    public mutating func put(_ path: String, use handler: @escaping HTTPAsyncHandler) { on("PUT", path, use: handler) }
    public mutating func patch(_ path: String, use handler: @escaping HTTPAsyncHandler) {
        on("PATCH", path, use: handler)
    }
    public mutating func delete(_ path: String, use handler: @escaping HTTPAsyncHandler) {
        on("DELETE", path, use: handler)
    }

    /// Adds a WebSocket endpoint. `shouldAccept` may refuse the handshake with a response (e.g. 403 for a bad
    /// `Origin`) before any upgrade; `onUpgrade` runs on the connection's loop after the 101.
    public mutating func webSocket(
        _ path: String, maxMessageBytes: Int = 16 << 20,
        shouldAccept: @escaping @Sendable (HTTPRequest) -> HTTPResponse? = { _ in nil },
        onUpgrade: @escaping @Sendable (WebSocketConnection) -> Void
    ) {
        on(
            "GET", path,
            writer: { request, writer in
                if let refusal = shouldAccept(request) {
                    writer.complete(refusal)
                } else {
                    writer.upgrade(WebSocketUpgrade(maxMessageBytes: maxMessageBytes, onUpgrade: onUpgrade))
                }
            })
    }

    /// Serves files from `directory` below `prefix` when no route matches (GET/HEAD only).
    public mutating func staticFiles(directory: String, at prefix: String = "/") {
        staticDirectories.append((directory, prefix))
    }

    /// Validates every pattern and freezes the configuration.
    /// - Throws: `HTTPError` `E_INVALID_ROUTE` for a malformed pattern.
    public func build() throws(HTTPError) -> Router {
        var routes: [Route] = []
        for entry in entries {
            routes.append(Route(method: entry.method, pattern: try RoutePattern(entry.path), handler: entry.handler))
        }
        var statics: [StaticFiles] = []
        for (directory, prefix) in staticDirectories {
            statics.append(try StaticFiles(directory: directory, at: prefix))
        }
        return Router(routes: routes, staticFiles: statics, cors: cors)
    }
}

/// One frozen route.
struct Route: Sendable {
    enum Handler: Sendable {
        case async(HTTPAsyncHandler)
        case writer(HTTPWriterHandler)
    }

    let method: String
    let pattern: RoutePattern
    let handler: Handler
}
