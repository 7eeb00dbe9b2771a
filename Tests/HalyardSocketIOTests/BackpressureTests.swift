import Foundation
import HalyardEngineIO
import HalyardSocketIO
import Testing

/// A client that stops reading is disconnected once its outbound buffer passes the cap, with a log line.
@Suite struct BackpressureTests {
    static let stalledReader = #"""
        import websocket, sys, json, os, time
        port, done = sys.argv[1], sys.argv[2]
        ws = websocket.create_connection(f'ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket', timeout=30)
        ws.sock.setsockopt(__import__('socket').SOL_SOCKET, __import__('socket').SO_RCVBUF, 65536)
        assert ws.recv().startswith('0{')
        ws.send('40')
        reply = ws.recv()
        print('SID', json.loads(reply[2:])['sid'], flush=True)
        ws.send('421["join",{"room":"slow"}]')
        # Never read again; stay connected until the test saw the disconnect (it creates `done`), at most 60 s.
        deadline = time.time() + 60
        while not os.path.exists(done) and time.time() < deadline:
            time.sleep(0.05)
        print('OK', flush=True)
        """#

    @Test func stalledReaderIsDisconnected() async throws {
        let logged = EventRecorder()
        EngineLog.setSink { line in logged.record(line) }
        let server = try await LiveServer.start { config, _ in config.engine.maxBufferedBytes = 256 << 10 }
        defer { Task { await server.stop() } }
        let done = FileManager.default.temporaryDirectory
            .appendingPathComponent("halyard-stalled-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: done) }
        async let client = server.runClient(Self.stalledReader, [done.path], timeout: 90)
        let sockets = server.io.sockets
        let deadline = Date().addingTimeInterval(30)
        while (try await sockets.members(of: "slow")).isEmpty, Date() < deadline {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let member = try #require(try await sockets.members(of: "slow").first)
        let chunk = SocketValue.string(String(repeating: "x", count: 256 << 10))
        var sent = 0
        // Bounded: at most 400 × 256 KB offered; the cap must trip long before.
        while sent < 400, try await !sockets.members(of: "slow").isEmpty {
            try await sockets.broadcast(["slow"], "flood", chunk)
            sent += 1
        }
        #expect(sent < 400)
        _ = try await server.events.wait { $0 == "disconnect \(member) outbound buffer full" }
        _ = try await logged.wait { $0.contains("bytes buffered (limit \(256 << 10))") }
        #expect(FileManager.default.createFile(atPath: done.path, contents: nil))
        let lines = try await client
        #expect(lines.last == "OK")
        EngineLog.setSink { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}
