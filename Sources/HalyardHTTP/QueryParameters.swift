/// The decoded `name=value` pairs of a query string, in order.
///
/// `+` means space and `%XX` escapes are decoded; malformed escapes are kept as written. Values are not
/// interpreted further: a JSON `where=` value stays a string for the caller to parse.
///
///     let query = QueryParameters("where=%7B%22a%22%3A1%7D&tag=x&tag=y&flag")
///     query["where"]            // "{\"a\":1}"
///     query.values(for: "tag")  // ["x", "y"]
///     query["flag"]             // ""
public struct QueryParameters: Sendable, Equatable, Sequence {
    /// The pairs in the order they appeared.
    public let pairs: [(name: String, value: String)]

    /// Parses a raw query string (without the leading `?`).
    public init(_ query: some StringProtocol) {
        var pairs: [(name: String, value: String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = part.firstIndex(of: "=") {
                let name = PercentDecoding.decode(part[..<equals], plusIsSpace: true)
                let value = PercentDecoding.decode(part[part.index(after: equals)...], plusIsSpace: true)
                pairs.append((name, value))
            } else {
                pairs.append((PercentDecoding.decode(part, plusIsSpace: true), ""))
            }
        }
        self.pairs = pairs
    }

    /// The first value for `name`, or nil.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { pairs.makeIterator() }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Percent-decoding for URL paths and query strings.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when asked); invalid escapes and invalid UTF-8 are kept/repaired,
    /// never an error.
    static func decode(_ text: some StringProtocol, plusIsSpace: Bool) -> String {
        let utf8 = Array(text.utf8)
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
