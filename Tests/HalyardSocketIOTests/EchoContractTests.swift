import Foundation
import Testing

/// The halyard-echo Socket.IO contract, against the built executable, with python-socketio.
@Suite struct EchoContractTests {
    static let contract = #"""
        import socketio, sys, time
        port, transports = sys.argv[1], sys.argv[2].split(',')
        url = f'http://127.0.0.1:{port}'
        a, b = socketio.Client(), socketio.Client()
        got = {'a': [], 'b': []}
        a.on('ping-room', lambda data: got['a'].append(data))
        b.on('ping-room', lambda data: got['b'].append(data))
        a.connect(url, transports=transports, wait_timeout=30)
        b.connect(url, transports=transports, wait_timeout=30)
        assert a.call('echo', ('x', {'n': 1}, [True, None]), timeout=30) == ('x', {'n': 1}, [True, None])
        assert a.call('echo', b'\x01\x02', timeout=30) == b'\x01\x02'
        room = 'r-' + a.get_sid()
        assert a.call('join', {'room': room}, timeout=30) is True
        assert b.call('join', {'room': room}, timeout=30) is True
        assert a.call('broadcast', {'room': room, 'event': 'ping-room', 'data': {'k': 'v'}}, timeout=30) == 1
        deadline = time.time() + 30
        while not got['b'] and time.time() < deadline: time.sleep(0.01)
        assert got['b'] == [{'k': 'v'}], got
        assert b.call('leave', {'room': room}, timeout=30) is True
        assert a.call('broadcast', {'room': room, 'event': 'ping-room', 'data': 2}, timeout=30) == 0
        time.sleep(0.2)
        assert got == {'a': [], 'b': [{'k': 'v'}]}, got
        a.disconnect(); b.disconnect()
        print('OK', flush=True)
        """#

    @Test func echoServerContractOverWebSocketAndPolling() async throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = [directory, directory.deletingLastPathComponent()].map {
            $0.appendingPathComponent("halyard-echo")
        }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        let executable = try #require(
            binary, "halyard-echo not built next to \(directory.path); run swift build --build-tests")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--host", "127.0.0.1", "--loops", "2"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let line: String = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                let handle = output.fileHandleForReading
                while !bytes.contains(10) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    bytes += chunk
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        let port = try #require(
            line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        for transports in ["websocket", "polling,websocket", "polling"] {
            let result = try await PythonClient.run(Self.contract, arguments: [String(port), transports], timeout: 120)
            #expect(
                result.status == 0 && result.stdout.contains("OK"), "\(transports): \(result.stdout) \(result.stderr)")
        }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }
}
