import Foundation
import HalyardCodecs
import HalyardHTTP
import HalyardServer
import Testing

/// A masked client frame (RFC 6455 §5.3), payload under 64 KiB.
func clientFrame(opcode: UInt8, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
    let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
    var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
    if payload.count < 126 {
        frame.append(0x80 | UInt8(payload.count))
    } else {
        frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    }
    frame += mask
    frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    return frame
}

extension RawClient {
    /// Sends a WebSocket upgrade for `path` and returns the response.
    func upgrade(_ path: String, headers: String = "") throws -> Response {
        try send(
            "GET \(path) HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(headers)\r\n")
        return try readResponse()
    }

    /// Reads one unmasked server frame (payload under 64 KiB): (opcode, payload).
    func readFrame() throws -> (UInt8, [UInt8]) {
        let header = try read(count: 2)
        var length = Int(header[1] & 0x7F)
        if length == 126 {
            let extended = try read(count: 2)
            length = Int(extended[0]) << 8 | Int(extended[1])
        }
        return (header[0] & 0x0F, try read(count: length))
    }
}

@Suite("WebSocket upgrade and echo")
struct WebSocketTests {
    @Test func rawFramesEchoPingAndClose() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let result = try await offPool {
            let upgrade = try client.upgrade("/echo")
            // Two frames in one write, the second fragmented with a ping in the middle.
            try client.send(
                clientFrame(opcode: 1, Array("hi".utf8)) + clientFrame(opcode: 2, [1, 2], fin: false)
                    + clientFrame(opcode: 9, Array("p".utf8)) + clientFrame(opcode: 0, [3]))
            let text = try client.readFrame()
            let pong = try client.readFrame()
            let binary = try client.readFrame()
            try client.send(clientFrame(opcode: 8, [0x03, 0xE8] + Array("bye".utf8)))
            let close = try client.readFrame()
            return (upgrade, text, pong, binary, close, try client.waitForClose())
        }
        #expect(result.0.status == 101)
        #expect(result.0.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(result.1.0 == 1 && result.1.1 == Array("hi".utf8))
        #expect(result.2.0 == 10 && result.2.1 == Array("p".utf8))
        #expect(result.3.0 == 2 && result.3.1 == [1, 2, 3])
        #expect(result.4.0 == 8 && Array(result.4.1.prefix(2)) == [0x03, 0xE8])
        #expect(result.5)
        await server.stop()
    }

    @Test func invalidUTF8ClosesWith1007() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let close = try await offPool {
            _ = try client.upgrade("/echo")
            try client.send(clientFrame(opcode: 1, [0xC3, 0x28]))
            return try client.readFrame()
        }
        #expect(close.0 == 8)
        #expect(Array(close.1.prefix(2)) == [0x03, 0xEF])
        await server.stop()
    }

    @Test func handshakeCanBeRefusedBeforeUpgrade() async throws {
        let server = try await TestServer.start { routes in
            routes.webSocket(
                "/guarded",
                shouldAccept: { request in
                    request.headers["Origin"] == "http://good.example" ? nil : .status(403)
                }
            ) { socket in socket.onText = { [unowned socket] in socket.send(text: $0) } }
        }
        let refused = try await server.client()
        let accepted = try await server.client()
        let responses = try await offPool {
            (
                try refused.upgrade("/guarded", headers: "Origin: http://evil.example\r\n"),
                try accepted.upgrade("/guarded", headers: "Origin: http://good.example\r\n")
            )
        }
        #expect(responses.0.status == 403)
        #expect(responses.1.status == 101)
        let badVersion = try await server.client()
        let response = try await offPool {
            try badVersion.send(
                "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
            return try badVersion.readResponse()
        }
        #expect(response.status == 426)
        await server.stop()
    }

    @Test func connectionExposesRequestAndCountsBufferedBytes() async throws {
        let seen = Signal<String>()
        let server = try await TestServer.start { routes in
            routes.webSocket("/info") { socket in
                let origin = socket.request.headers["Origin"] ?? "-"
                let query = socket.request.query["EIO"] ?? "-"
                let loopOK = socket.eventLoop.inEventLoop
                socket.send(preEncodedFrame: SharedBytes(WebSocketFrameEncoder.frame(text: "shared")))
                seen.set(
                    "\(origin) \(query) \(loopOK) \(socket.remoteAddress?.host ?? "-") \(socket.bufferedAmount >= 0)")
            }
        }
        let client = try await server.client()
        let frame = try await offPool {
            _ = try client.upgrade("/info?EIO=4", headers: "Origin: http://o.example\r\n")
            return try client.readFrame()
        }
        #expect(frame.0 == 1 && frame.1 == Array("shared".utf8))
        #expect(await seen.wait() == "http://o.example 4 true 127.0.0.1 true")
        await server.stop()
    }

    @Test func peerThatDoesNotReadIsThrottled() async throws {
        let server = try await TestServer.start()
        let port = server.port
        let (accepted, echoed) = try await offPool {
            // Small client buffers, so that what the server holds dominates the total. A send blocked for 1 s
            // counts as stalled (on a loaded machine that may come early, which only lowers `accepted`); reading
            // back gets the generous default bound.
            let client = try RawClient(port: port, sendTimeout: 1, bufferSize: 32768)
            _ = try client.upgrade("/echo")
            let frame = clientFrame(opcode: 2, [UInt8](repeating: 7, count: 60_000))
            var accepted = 0
            // Up to 32 MB without reading a byte back: sends must stall once the server stops reading.
            while accepted < 32_000_000, (try? client.send(frame)) != nil { accepted += frame.count }
            // Reading resumes the flow: the first echoes come back intact.
            let first = try client.readFrame()
            return (accepted, first.1.count)
        }
        #expect(accepted < 24_000_000)
        #expect(echoed == 60_000)
        await server.stop()
    }

    @Test func pythonWebSocketClientEchoes() async throws {
        let server = try await TestServer.start(loops: 2)
        let script = """
            import sys, websocket
            ws = websocket.create_connection("ws://127.0.0.1:%s/echo" % sys.argv[1], timeout=30)
            ws.send("héllo")
            assert ws.recv() == "héllo"
            big = bytes(range(256)) * 1000
            ws.send_binary(big)
            assert ws.recv() == big
            ws.close()
            print("ok")
            """
        let (status, out, err) = try await runPython(script, arguments: [String(server.port)])
        #expect(status == 0, "python client failed: \(err)")
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        await server.stop()
    }
}
