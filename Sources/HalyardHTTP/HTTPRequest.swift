import Foundation
public import HalyardCodecs
public import HalyardServer

/// One complete HTTP request as a route handler sees it: head, route parameters, query, body, peer.
///
///     router.get("/user/:id") { request in
///         .text("user \(request.parameters["id"] ?? "?"), sort \(request.query["sort"] ?? "none")")
///     }
public struct HTTPRequest: Sendable {
    /// Method, target, version and headers as parsed.
    public let head: HTTPRequestHead
    /// The path part of the target, still percent-encoded (`/files/a%20b`).
    public let path: String
    /// The decoded query string.
    public let query: QueryParameters
    /// Values captured by the route pattern (`:id`, `*`), percent-decoded; absent optional segments are absent.
    public internal(set) var parameters: [String: String] = [:]
    /// The whole (de-chunked) body.
    public let body: [UInt8]
    /// The peer's address, when known.
    public let remoteAddress: SocketAddress?
    /// The loop that owns the connection the request arrived on.
    public let eventLoop: EventLoop

    public init(
        head: HTTPRequestHead, body: [UInt8] = [], remoteAddress: SocketAddress? = nil, eventLoop: EventLoop
    ) {
        self.head = head
        self.path = String(head.path)
        self.query = QueryParameters(head.query)
        self.body = body
        self.remoteAddress = remoteAddress
        self.eventLoop = eventLoop
    }

    /// A request built in code (e.g. a socket's virtual request), HTTP/1.1 with the given headers and body.
    public init(
        method: String, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
        remoteAddress: SocketAddress? = nil, eventLoop: EventLoop
    ) {
        var head = HTTPRequestHead(method: method.uppercased(), target: target, headers: headers)
        head.isUpgrade = false
        head.expectsContinue = false
        self.init(head: head, body: body, remoteAddress: remoteAddress, eventLoop: eventLoop)
    }

    /// The request method (`GET`, `POST`, ...).
    public var method: String { head.method }
    /// The request headers.
    public var headers: HTTPHeaders { head.headers }

    /// Decodes the body as JSON.
    /// - Throws: `HTTPError` `E_INVALID_JSON` (400) when the body is not valid JSON of that shape.
    public func decodeJSON<T: Decodable>(_ type: T.Type = T.self) throws(HTTPError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw HTTPError(code: "E_INVALID_JSON", status: 400, message: "request body is not valid JSON: \(error)")
        }
    }

    /// The body parsed as a JSON value (object, array, string, number, bool or `NSNull`).
    /// - Throws: `HTTPError` `E_INVALID_JSON` (400) when the body is not JSON.
    public func jsonObject() throws(HTTPError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw HTTPError(code: "E_INVALID_JSON", status: 400, message: "request body is not valid JSON")
        }
    }
}
