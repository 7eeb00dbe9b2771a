import Foundation
import HalyardHTTP
import HalyardServer
import Testing

@Suite("Router: patterns, query strings, CORS, static files")
struct RouterTests {
    @Test func patternsCaptureParametersOptionalSegmentsAndWildcards() throws {
        let user = try RoutePattern("/user/:id/:tab?")
        #expect(user.match("/user/7") == ["id": "7"])
        #expect(user.match("/user/7/posts") == ["id": "7", "tab": "posts"])
        #expect(user.match("/user/a%20b/") == ["id": "a b"])
        #expect(user.match("/user") == nil)
        #expect(user.match("/user/7/posts/extra") == nil)
        let files = try RoutePattern("/files/*")
        #expect(files.match("/files/a/b.txt") == ["*": "a/b.txt"])
        #expect(try RoutePattern("/socket.io/").match("/socket.io") == [:])
        #expect(throws: HTTPError.self) { try RoutePattern("/a/*/b") }
    }

    @Test func queryStringsArePercentDecodedAndKeepJSONAsText() {
        let query = QueryParameters("where=%7B%22name%22%3A%22a+b%22%7D&tag=x&tag=y&flag&bad=%zz")
        #expect(query["where"] == #"{"name":"a b"}"#)
        #expect(query.values(for: "tag") == ["x", "y"])
        #expect(query["flag"] == "")
        #expect(query["bad"] == "%zz")
        #expect(query["missing"] == nil)
    }

    @Test func liveRequestSeesParametersQueryAndJSONBody() async throws {
        struct Pet: Codable { let name: String }
        let server = try await TestServer.start { routes in
            routes.get("/user/:id/:tab?") { request in
                .text(
                    "\(request.parameters["id"] ?? "-") \(request.parameters["tab"] ?? "-") \(request.query["sort"] ?? "-")"
                )
            }
            routes.post("/pets") { request in .json(try request.decodeJSON(Pet.self), status: 201) }
        }
        let client = try await server.client()
        let responses = try await offPool {
            try client.send("GET /user/42?sort=name%20asc HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try client.readResponse()
            try client.send("GET /user/42/posts HTTP/1.1\r\nHost: x\r\n\r\n")
            let second = try client.readResponse()
            let body = #"{"name":"Rex"}"#
            try client.send("POST /pets HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            let third = try client.readResponse()
            try client.send("POST /pets HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{x}")
            let fourth = try client.readResponse()
            try client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let fifth = try client.readResponse()
            return [first, second, third, fourth, fifth]
        }
        #expect(responses[0].text == "42 - name asc")
        #expect(responses[1].text == "42 posts -")
        #expect(responses[2].status == 201)
        #expect(responses[2].text == #"{"name":"Rex"}"#)
        #expect(responses[3].status == 400)
        #expect(responses[3].text.contains("E_INVALID_JSON"))
        #expect(responses[4].status == 405)
        #expect(responses[4].headers["allow"]?.contains("GET") == true)
        await server.stop()
    }

    @Test func corsPreflightAndResponsesFollowTheConfiguration() async throws {
        let server = try await TestServer.start { routes in
            routes.cors = CORSConfiguration(allowedOrigins: .list(["http://good.example"]), allowCredentials: true)
        }
        let client = try await server.client()
        let responses = try await offPool {
            try client.send(
                "OPTIONS /hello HTTP/1.1\r\nHost: x\r\nOrigin: http://good.example\r\n"
                    + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n")
            let allowed = try client.readResponse()
            try client.send(
                "OPTIONS /hello HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n"
                    + "Access-Control-Request-Method: POST\r\n\r\n")
            let refused = try client.readResponse()
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nOrigin: http://good.example\r\n\r\n")
            let simple = try client.readResponse()
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n\r\n")
            let foreign = try client.readResponse()
            return [allowed, refused, simple, foreign]
        }
        #expect(responses[0].status == 204)
        #expect(responses[0].headers["access-control-allow-origin"] == "http://good.example")
        #expect(responses[0].headers["access-control-allow-credentials"] == "true")
        #expect(responses[0].headers["access-control-allow-methods"]?.contains("POST") == true)
        #expect(responses[0].headers["access-control-allow-headers"] == "content-type")
        #expect(responses[1].status == 403)
        #expect(responses[2].headers["access-control-allow-origin"] == "http://good.example")
        #expect(responses[2].headers["vary"] == "Origin")
        #expect(responses[3].status == 200)
        #expect(responses[3].headers["access-control-allow-origin"] == nil)
        await server.stop()
    }

    @Test func staticFilesAreServedAndTraversalIsRefused() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("halyard-static-\(UUID().uuidString)")
        let publicDirectory = root.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publicDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("<h1>home</h1>".utf8).write(to: publicDirectory.appendingPathComponent("index.html"))
        try Data("body { }".utf8).write(to: publicDirectory.appendingPathComponent("site.css"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("secret.txt"))
        let server = try await TestServer.start { routes in
            routes.staticFiles(directory: publicDirectory.path, at: "/static")
        }
        let client = try await server.client()
        let responses = try await offPool {
            var responses: [RawClient.Response] = []
            for path in [
                "/static/site.css", "/static/", "/static/../secret.txt", "/static/%2e%2e/secret.txt",
                "/static/..%2fsecret.txt", "/static/missing.js",
            ] {
                try client.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
                responses.append(try client.readResponse())
            }
            return responses
        }
        #expect(responses[0].status == 200)
        #expect(responses[0].text == "body { }")
        #expect(responses[0].headers["content-type"] == "text/css; charset=utf-8")
        #expect(responses[1].text == "<h1>home</h1>")
        for response in responses[2...] {
            #expect(response.status == 404)
            #expect(!response.text.contains("secret"))
        }
        await server.stop()
    }
}

@Suite("Router without a connection")
struct VirtualRequestTests {
    @Test func virtualRequestRunsThroughRoutesAndCORS() async throws {
        var routes = RouterBuilder()
        routes.get("/user/:id") { request in .text("user \(request.parameters["id"] ?? "-")") }
        routes.on(
            "POST", "/later",
            writer: { request, writer in
                Thread.detachNewThread { writer.complete(.text("body \(request.body.count)")) }
            })
        routes.cors = CORSConfiguration(allowedOrigins: .any)
        let router = try routes.build()
        let loop = try EventLoop(name: "virtual")
        defer { loop.shutdownGracefully() }
        let user = await router.respond(
            to: HTTPRequest(
                method: "get", target: "/user/9?x=1", headers: ["Origin": "http://a.example"], eventLoop: loop))
        #expect(user.status == 200)
        #expect(String(decoding: user.body, as: UTF8.self) == "user 9")
        #expect(user.headers["Access-Control-Allow-Origin"] == "*")
        let later = await router.respond(
            to: HTTPRequest(method: "POST", target: "/later", body: [1, 2, 3], eventLoop: loop))
        #expect(String(decoding: later.body, as: UTF8.self) == "body 3")
        let missing = await router.respond(to: HTTPRequest(method: "GET", target: "/nope", eventLoop: loop))
        #expect(missing.status == 404)
    }
}
