@testable import HalyardCodecs

/// A small seeded generator (SplitMix64) so random splits and fuzz inputs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// How a test cuts its input into feeds.
enum Split: CustomStringConvertible, Sendable {
    case whole
    case byteByByte
    case random(seed: UInt64)

    /// Every way each codec case is fed: whole, one byte at a time, and five seeded random cuttings.
    static let all: [Split] = [.whole, .byteByByte] + (1...5).map { .random(seed: $0) }

    var description: String {
        switch self {
        case .whole: "whole"
        case .byteByByte: "byte-by-byte"
        case .random(let seed): "random(\(seed))"
        }
    }

    func pieces(_ input: [UInt8]) -> [[UInt8]] {
        switch self {
        case .whole: return [input]
        case .byteByByte: return input.map { [$0] }
        case .random(let seed):
            var generator = SeededGenerator(seed: seed)
            var pieces: [[UInt8]] = []
            var index = 0
            while index < input.count {
                let length = Int.random(in: 1...max(1, min(input.count - index, 17)), using: &generator)
                pieces.append(Array(input[index..<(index + length)]))
                index += length
            }
            return pieces
        }
    }
}

extension Array where Element == UInt8 {
    init(_ text: String) { self = Array(text.utf8) }
}
