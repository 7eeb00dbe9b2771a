import Foundation
import HalyardCodecs
import HalyardHTTP
import Testing

@Suite("HTTP/1.1 connections against a live server")
struct HTTPConnectionTests {
    @Test func keepAliveAndPipeliningAnswerInRequestOrder() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        // The first request completes last (it sleeps); responses must still come back in request order.
        let responses = try await offPool {
            try client.send(
                "GET /delay/150 HTTP/1.1\r\nHost: x\r\n\r\nGET /delay/0 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            return try (0..<3).map { _ in try client.readResponse() }
        }
        #expect(responses.map(\.text) == ["delayed 150", "delayed 0", "hello"])
        #expect(responses.allSatisfy { $0.headers["connection"] == nil })
        #expect(responses.allSatisfy { $0.headers["date"]?.hasSuffix(" GMT") == true })
        // The connection stays open for another request.
        let again = try await offPool {
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            return try client.readResponse()
        }
        #expect(again.text == "hello")
        await server.stop()
    }

    @Test func deepPipelinePausesReadingAndStillAnswersEverything() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        // 100 requests in one write: more than the read-ahead cap, so reading pauses and resumes.
        let bodies = try await offPool {
            try client.send(String(repeating: "GET /delay/1 HTTP/1.1\r\nHost: x\r\n\r\n", count: 100))
            return try (0..<100).map { _ in try client.readResponse().text }
        }
        #expect(bodies == Array(repeating: "delayed 1", count: 100))
        await server.stop()
    }

    @Test func connectionCloseIsHonoured() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let (response, closed) = try await offPool {
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return (try client.readResponse(), try client.waitForClose())
        }
        #expect(response.headers["connection"] == "close")
        #expect(closed)
        await server.stop()
    }

    @Test func handlerCanAskToCloseTheConnection() async throws {
        let server = try await TestServer.start { routes in
            routes.get("/bye") { _ in
                HTTPResponse(status: 200, headers: ["Connection": "close"], body: Array("bye".utf8))
            }
        }
        let client = try await server.client()
        let (response, closed) = try await offPool {
            try client.send("GET /bye HTTP/1.1\r\nHost: x\r\n\r\n")
            return (try client.readResponse(), try client.waitForClose())
        }
        #expect(response.text == "bye")
        #expect(closed)
        await server.stop()
    }

    @Test func chunkedRequestBodyIsReassembled() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let response = try await offPool {
            try client.send("POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("5\r\nhello\r\n")
            try client.send("7\r\n, world\r\n0\r\n\r\n")
            return try client.readResponse()
        }
        #expect(response.status == 200)
        #expect(response.text == "hello, world")
        await server.stop()
    }

    @Test func expectContinueGetsInterimResponse() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let (interim, final) = try await offPool {
            try client.send("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            try client.send("abcde")
            return (interim, try client.readResponse())
        }
        #expect(interim.status == 100)
        #expect(final.status == 200)
        #expect(final.text == "abcde")
        await server.stop()
    }

    @Test(arguments: [
        ("GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 600))\r\n\r\n", 431),
        ("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 413),
        ("GARBAGE\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    ])
    func limitsAndMalformedRequestsAnswerThenClose(request: String, status: Int) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.limits = HTTPParserLimits(maxRequestLineLength: 200, maxHeaderBytes: 512, maxBodyBytes: 1000)
        let server = try await TestServer.start(configuration: configuration)
        let client = try await server.client()
        let (response, closed) = try await offPool {
            try client.send(request)
            return (try client.readResponse(), try client.waitForClose())
        }
        #expect(response.status == status)
        #expect(response.headers["connection"] == "close")
        #expect(closed)
        await server.stop()
    }

    @Test func slowClientIsClosedByHeaderTimeout() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.headerTimeout = .milliseconds(300)
        let server = try await TestServer.start(configuration: configuration)
        let client = try await server.client()
        let (response, closed) = try await offPool {
            try client.send("GET /hello HTTP/1.1\r\nHost:")
            return (try client.readResponse(), try client.waitForClose())
        }
        #expect(response.status == 408)
        #expect(closed)
        await server.stop()
    }

    @Test func idleConnectionIsClosed() async throws {
        // The idle timer also runs between accept and the first request: 2 s leaves a loaded machine time to get
        // the request in; the close must still come well within the client's 30 s read bound.
        var configuration = HTTPServerConfiguration()
        configuration.idleTimeout = .seconds(2)
        let server = try await TestServer.start(configuration: configuration)
        let port = server.port
        let closed = try await offPool {
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            return try client.waitForClose()
        }
        #expect(closed)
        await server.stop()
    }

    @Test func headAnswersHeadersWithoutBody() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let (head, next) = try await offPool {
            try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            return (try client.readResponse(bodyless: true), try client.readResponse())
        }
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == "5")
        #expect(next.text == "hello")  // no stray body bytes between the two responses
        await server.stop()
    }

    @Test func http10WithoutKeepAliveCloses() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let (response, closed) = try await offPool {
            try client.send("GET /hello HTTP/1.0\r\n\r\n")
            return (try client.readResponse(), try client.waitForClose())
        }
        #expect(response.text == "hello")
        #expect(closed)
        await server.stop()
    }
}
