// JSON text <-> SocketValue, hand-written for speed (no Foundation round trip). The parser is strict RFC 8259
// (no comments, no trailing commas, no leading zeros, no NaN), limits nesting depth, and never traps: every
// malformed input throws E_SIO_BAD_JSON.

extension SocketValue {
    /// The maximum nesting depth the parser accepts.
    public static let maxJSONDepth = 64

    /// Parses JSON text.
    ///
    ///     try SocketValue(json: Array(#"{"a":[1,2.5,"x"]}"#.utf8))   // ["a": [1, 2.5, "x"]]
    /// - Throws: `E_SIO_BAD_JSON` for malformed input or nesting deeper than ``maxJSONDepth``.
    public init(json bytes: some Collection<UInt8>) throws(SocketIOError) {
        var parser = JSONParser(bytes: Array(bytes))
        self = try parser.parseDocument()
    }

    /// The JSON text of this value; binary values become base64-free placeholders only via the packet encoder, so
    /// here they are written as arrays of byte values.
    public var jsonString: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        writeJSON(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends this value's JSON to `out`.
    public func writeJSON(into out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let bool): out += (bool ? "true" : "false").utf8
        case .int(let int): out += String(int).utf8
        case .double(let double):
            if !double.isFinite {
                out += "null".utf8
            } else if double.rounded() == double, abs(double) < 1e15 {
                out += String(Int(double)).utf8
            } else {
                out += "\(double)".utf8
            }
        case .string(let string): Self.writeJSONString(string, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.writeJSON(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in members {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.writeJSONString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.writeJSON(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .binary(let bytes):
            SocketValue.array(bytes.map { .int(Int($0)) }).writeJSON(into: &out)
        }
    }

    static func writeJSONString(_ string: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0a: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0d: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A strict recursive-descent JSON parser over bytes.
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(SocketIOError) -> SocketValue {
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw .badJSON("trailing characters at \(index)") }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0a || bytes[index] == 0x0d || bytes[index] == 0x09
        {
            index += 1
        }
    }

    private mutating func expect(_ literal: String, _ value: SocketValue) throws(SocketIOError) -> SocketValue {
        for byte in literal.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw .badJSON("bad literal at \(index)") }
            index += 1
        }
        return value
    }

    private mutating func parseValue() throws(SocketIOError) -> SocketValue {
        skipWhitespace()
        guard index < bytes.count else { throw .badJSON("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw .badJSON("unexpected character at \(index)")
        }
    }

    private mutating func parseObject() throws(SocketIOError) -> SocketValue {
        depth += 1
        guard depth <= SocketValue.maxJSONDepth else { throw .badJSON("nesting too deep") }
        defer { depth -= 1 }
        index += 1
        var members: [String: SocketValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw .badJSON("expected key at \(index)")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw .badJSON("expected ':' at \(index)")
            }
            index += 1
            members[key] = try parseValue()
            skipWhitespace()
            guard index < bytes.count else { throw .badJSON("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw .badJSON("expected ',' or '}' at \(index)") }
            index += 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(SocketIOError) -> SocketValue {
        depth += 1
        guard depth <= SocketValue.maxJSONDepth else { throw .badJSON("nesting too deep") }
        defer { depth -= 1 }
        index += 1
        var elements: [SocketValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw .badJSON("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw .badJSON("expected ',' or ']' at \(index)") }
            index += 1
            return .array(elements)
        }
    }

    private mutating func parseString() throws(SocketIOError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let string = String(validating: bytes[start..<index], as: UTF8.self) else {
                    throw .badJSON("string is not UTF-8")
                }
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw .badJSON("control character in string") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let string = String(validating: out, as: UTF8.self) else { throw .badJSON("string is not UTF-8") }
                index += 1
                return string
            }
            guard byte >= 0x20 else { throw .badJSON("control character in string") }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw .badJSON("lone surrogate") }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw .badJSON("bad surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw .badJSON("lone surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw .badJSON("bad escape") }
                out += Array(String(Character(unicode)).utf8)
            default: throw .badJSON("bad escape at \(index)")
            }
        }
        throw .badJSON("unterminated string")
    }

    private mutating func parseHex4() throws(SocketIOError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .badJSON("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 55
            default: throw .badJSON("bad hex digit")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SocketIOError) -> SocketValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw .badJSON("bad number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw .badJSON("bad fraction") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw .badJSON("bad exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text) else { throw .badJSON("bad number") }
        return .double(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
