import Testing

@testable import HalyardCodecs

@Suite("Incremental UTF-8 validation")
struct UTF8ValidatorTests {
    static let valid = [
        "", "plain ascii text longer than eight bytes", "κόσμε", "€", "\u{10FFFF}", "\u{D7FF}\u{E000}",
        "mixed: a→b ∑ 😀 done", String(repeating: "é", count: 40),
    ]

    @Test(arguments: valid)
    func validTextSplitAtEveryByte(text: String) {
        let bytes = [UInt8](text)
        for cut in 0...bytes.count {
            var validator = UTF8Validator()
            let first = validator.validate(Array(bytes[..<cut]))
            let second = validator.validate(Array(bytes[cut...]))
            #expect(first && second)
            #expect(validator.isComplete)
        }
    }

    /// Invalid input and the index of the first byte that cannot be valid (where validation must stop).
    static let invalid: [([UInt8], Int)] = [
        ([0x80], 0), ([0xBF], 0), ([0xC0, 0x80], 0), ([0xC1, 0xBF], 0), ([0xE0, 0x80, 0x80], 1),
        ([0xE0, 0x9F, 0xBF], 1), ([0xED, 0xA0, 0x80], 1), ([0xED, 0xBF, 0xBF], 1), ([0xF0, 0x80, 0x80, 0x80], 1),
        ([0xF0, 0x8F, 0xBF, 0xBF], 1), ([0xF4, 0x90, 0x80, 0x80], 1), ([0xF5], 0), ([0xFE], 0), ([0xFF], 0),
        ([0xC2, 0x41], 1), ([0xE2, 0x82, 0x41], 2), ([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x80], 8),
    ]

    @Test(arguments: invalid)
    func invalidSequencesFailAtTheFirstBadByte(bytes: [UInt8], badIndex: Int) {
        #expect(!UTF8Validator.isValid(bytes))
        var validator = UTF8Validator()
        let firstFailure = bytes.indices.first { !validator.validate([bytes[$0]]) }
        #expect(firstFailure == badIndex)
    }

    @Test func truncatedSequenceIsIncomplete() {
        var validator = UTF8Validator()
        let prefix = validator.validate([0xF0, 0x9F, 0x98])
        #expect(prefix)
        #expect(!validator.isComplete)
        #expect(!UTF8Validator.isValid([0xF0, 0x9F, 0x98]))
    }
}
