@testable import HalyardCodecs

/// What a whole input produced: events with adjacent body pieces merged, then an optional error.
struct HTTPOutcome: Equatable, CustomStringConvertible {
    enum Item: Equatable {
        case head(HTTPRequestHead)
        case body([UInt8])
        case end
    }
    var items: [Item] = []
    var error: HTTPParserError?

    var heads: [HTTPRequestHead] {
        items.compactMap { if case .head(let head) = $0 { head } else { nil } }
    }
    var bodies: [String] {
        items.compactMap { if case .body(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
    }
    var description: String { "\(items) error: \(error.map(String.init(describing:)) ?? "none")" }

    mutating func append(_ event: HTTPParserEvent) {
        switch event {
        case .head(let head): items.append(.head(head))
        case .end: items.append(.end)
        case .body(let bytes):
            if case .body(let previous)? = items.last {
                items[items.count - 1] = .body(previous + bytes)
            } else {
                items.append(.body(bytes))
            }
        }
    }
}

/// Feeds `input` cut by `split`, draining `next()` after every feed, stopping at the first error.
func parseHTTP(
    _ input: [UInt8], split: Split, limits: HTTPParserLimits = .init(), parser: inout HTTPRequestParser
) -> HTTPOutcome {
    var outcome = HTTPOutcome()
    for piece in split.pieces(input) {
        piece.withUnsafeBytes { parser.feed($0) }
        // Bounded: a parser can never yield more events than bytes fed plus one end per request.
        for _ in 0...(input.count * 2 + 4) {
            do {
                guard let event = try parser.next() else { break }
                outcome.append(event)
            } catch {
                outcome.error = error
                return outcome
            }
        }
    }
    return outcome
}

func parseHTTP(_ input: [UInt8], split: Split, limits: HTTPParserLimits = .init()) -> HTTPOutcome {
    var parser = HTTPRequestParser(limits: limits)
    return parseHTTP(input, split: split, limits: limits, parser: &parser)
}

func parseHTTP(_ input: String, split: Split, limits: HTTPParserLimits = .init()) -> HTTPOutcome {
    parseHTTP([UInt8](input), split: split, limits: limits)
}
