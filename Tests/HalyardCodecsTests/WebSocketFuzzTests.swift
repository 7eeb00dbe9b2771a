import Testing

@testable import HalyardCodecs

/// Bounded fuzzing of the WebSocket state machine: mutated valid streams and random bytes, fixed seeds. Every run
/// ends, never crashes, and a failure always carries a close code of 1002, 1007 or 1009 followed by a close.
@Suite("WebSocket codec — fuzz")
struct WebSocketFuzzTests {
    static let stream: [UInt8] =
        clientFrame(.text, "héllo", fin: false) + clientFrame(.ping, "p") + clientFrame(.continuation, " wörld")
        + clientFrame(.binary, [UInt8](repeating: 7, count: 200)) + clientFrame(.close, [0x03, 0xE8, 0x6F, 0x6B])

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func mutatedStreams(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<1500 {
            var input = Self.stream
            for _ in 0..<Int.random(in: 1...4, using: &generator) { HTTPFuzzTests.mutate(&input, using: &generator) }
            check(input, split: .random(seed: generator.next()))
        }
    }

    @Test(arguments: 1...2 as ClosedRange<UInt64>)
    func randomBytes(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<1500 {
            let input = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            check(input, split: .random(seed: generator.next()))
        }
    }

    private func check(_ input: [UInt8], split: Split) {
        let limits = WebSocketLimits(maxFrameSize: 300, maxMessageSize: 400)
        let actions = runMachine(input, split: split, limits: limits)
        if let failure = actions.firstIndex(where: { if case .failed = $0 { true } else { false } }) {
            guard case .failed(let error) = actions[failure] else { return }
            #expect([1002, 1007, 1009].contains(error.closeCode.rawValue))
            #expect(actions.last == .closeConnection)
            #expect(failure + 3 == actions.count)
        }
        let closes = actions.filter { $0 == .closeConnection }.count
        #expect(closes <= 1)
        if closes == 1 { #expect(actions.last == .closeConnection) }
    }
}
