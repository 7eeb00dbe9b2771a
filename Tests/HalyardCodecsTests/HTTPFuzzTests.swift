import Testing

@testable import HalyardCodecs

/// Bounded fuzzing: random and mutated requests with fixed seeds. Every run must end (no hang: the event count
/// is bounded by the input size), never crash, and only fail with a typed `HTTPParserError` carrying a 4xx/5xx.
@Suite("HTTP request parser — fuzz")
struct HTTPFuzzTests {
    static let seeds: [[UInt8]] = [
        "GET /a?b=c HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
        "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.0\r\n\r\n",
        "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
        "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
    ].map { [UInt8]($0) }

    static let interesting: [UInt8] = [0x0D, 0x0A, 0x20, 0x09, 0x3A, 0x00, 0x7F, 0xFF, 0x3B, 0x2C, 0x30, 0x46]

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func mutatedRequests(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<1500 {
            var input = Self.seeds.randomElement(using: &generator) ?? []
            for _ in 0..<Int.random(in: 1...6, using: &generator) { Self.mutate(&input, using: &generator) }
            check(input, split: .random(seed: generator.next()))
        }
    }

    @Test(arguments: 1...2 as ClosedRange<UInt64>)
    func randomBytes(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<1500 {
            let length = Int.random(in: 0...300, using: &generator)
            let input = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? Self.interesting.randomElement(using: &generator) ?? 0
                    : UInt8.random(in: 0...255, using: &generator)
            }
            check(input, split: .random(seed: generator.next()))
        }
    }

    private func check(_ input: [UInt8], split: Split) {
        let limits = HTTPParserLimits(
            maxRequestLineLength: 64, maxHeaderBytes: 256, maxHeaderCount: 8, maxBodyBytes: 64)
        let outcome = parseHTTP(input, split: split, limits: limits)
        if let error = outcome.error {
            #expect(error.code.hasPrefix("E_HTTP_"))
            #expect([400, 413, 414, 431, 501, 505].contains(error.status))
        }
        let bodyBytes = outcome.items.reduce(0) { total, item in
            if case .body(let bytes) = item { total + bytes.count } else { total }
        }
        #expect(bodyBytes <= input.count)
    }

    static func mutate(_ input: inout [UInt8], using generator: inout SeededGenerator) {
        guard !input.isEmpty else {
            input.append(UInt8.random(in: 0...255, using: &generator))
            return
        }
        let index = Int.random(in: 0..<input.count, using: &generator)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: input[index] = interesting.randomElement(using: &generator) ?? 0
        case 1: input[index] = UInt8.random(in: 0...255, using: &generator)
        case 2: input.remove(at: index)
        case 3: input.insert(interesting.randomElement(using: &generator) ?? 0, at: index)
        default:
            let end = min(input.count, index + Int.random(in: 1...20, using: &generator))
            input.insert(contentsOf: input[index..<end], at: Int.random(in: 0...input.count, using: &generator))
        }
    }
}
