import HalyardCodecs

/// The frozen routing table: finds the route for a request and runs it (plus CORS, static files, 404/405).
///
/// Immutable and `Sendable`; shared by every connection of every loop.
///
/// Order of decisions: CORS preflight → first route whose method and pattern match (`HEAD` also matches `GET`
/// routes; the server drops the body) → `OPTIONS` on a known path answers 204 with `Allow` → 405 with `Allow`
/// → static files → 404.
public struct Router: Sendable {
    let routes: [Route]
    let staticFiles: [StaticFiles]
    let cors: CORSConfiguration?

    /// Routes `request` and completes `writer` (call on the request's event loop).
    public func respond(to request: HTTPRequest, writer: HTTPResponseWriter) {
        var request = request
        if let cors, let origin = request.headers["Origin"] {
            if request.method == "OPTIONS", request.headers["Access-Control-Request-Method"] != nil {
                writer.complete(
                    cors.preflightResponse(
                        origin: origin, requestedHeaders: request.headers["Access-Control-Request-Headers"]))
                return
            }
            if cors.allows(origin: origin) { writer.extraHeaders = cors.responseHeaders(origin: origin) }
        }
        var allowed: [String] = []
        let parts = RoutePattern.split(request.path)
        for route in routes {
            guard let parameters = route.pattern.match(segments: parts) else { continue }
            let methodMatches =
                route.method == "*" || route.method == request.method
                || (request.method == "HEAD" && route.method == "GET")
            guard methodMatches else {
                allowed.append(route.method)
                continue
            }
            request.parameters = parameters
            run(route.handler, request: request, writer: writer)
            return
        }
        if !allowed.isEmpty {
            let allow = (allowed.contains("GET") ? allowed + ["HEAD"] : allowed) + ["OPTIONS"]
            var headers = HTTPHeaders()
            headers.add(name: "Allow", value: allow.joined(separator: ", "))
            if request.method == "OPTIONS" {
                writer.complete(HTTPResponse(status: 204, headers: headers))
            } else {
                var response = HTTPResponse.status(405)
                response.headers.add(name: "Allow", value: allow.joined(separator: ", "))
                writer.complete(response)
            }
            return
        }
        if !staticFiles.isEmpty, request.method == "GET" || request.method == "HEAD" {
            let statics = staticFiles
            Task {
                for files in statics {
                    if let response = files.response(for: request) {
                        writer.complete(response)
                        return
                    }
                }
                writer.complete(.status(404))
            }
            return
        }
        writer.complete(.status(404))
    }

    /// Runs `request` through the routes without a connection (a socket's virtual request) and returns the
    /// response, CORS headers included. A route that answers with a WebSocket upgrade yields 400.
    ///
    ///     let response = await router.respond(to: HTTPRequest(method: "GET", target: "/user/7", eventLoop: loop))
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        await withCheckedContinuation { (continuation: CheckedContinuation<HTTPResponse, Never>) in
            let writer = HTTPResponseWriter(eventLoop: request.eventLoop) { outcome, extraHeaders in
                switch outcome {
                case .response(var response):
                    for (name, value) in extraHeaders where response.headers[name] == nil {
                        response.headers.add(name: name, value: value)
                    }
                    continuation.resume(returning: response)
                case .upgrade:
                    continuation.resume(returning: .status(400))
                }
            }
            request.eventLoop.execute { respond(to: request, writer: writer) }
        }
    }

    private func run(_ handler: Route.Handler, request: HTTPRequest, writer: HTTPResponseWriter) {
        switch handler {
        case .writer(let handler):
            handler(request, writer)
        case .async(let handler):
            Task {
                do {
                    writer.complete(try await handler(request))
                } catch {
                    writer.fail(error)
                }
            }
        }
    }
}
