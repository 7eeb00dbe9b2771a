// Byte classes shared by the HTTP and WebSocket codecs (RFC 9110 §5.6.2 tokens, field values).

/// Byte classification tables for HTTP syntax; immutable after first use.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// `tchar` from RFC 9110 (the bytes allowed in a method or a header name), as two 64-bit masks.
    @inline(__always) static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<64: (0x03FF_6CFA_0000_0000 as UInt64) >> UInt64(byte) & 1 != 0
        case 64..<128: (0x57FF_FFFF_C7FF_FFFE as UInt64) >> UInt64(byte - 64) & 1 != 0
        default: false
        }
    }

    /// A byte allowed inside a field value: HTAB, SP, VCHAR and obs-text (no other controls, no DEL).
    @inline(__always) static func isFieldValue(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// A byte allowed in a request target: visible ASCII only.
    @inline(__always) static func isTargetByte(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Compares two strings ASCII-case-insensitively without allocating.
    static func equalsIgnoringCase(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in equalsIgnoringCase(left, right) }
        }
        if let fast, let result = fast { return result }
        let left = lhs.utf8
        let right = rhs.utf8
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { lower($0) == lower($1) }
    }

    static func equalsIgnoringCase(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        for index in 0..<left.count where lower(left[index]) != lower(right[index]) { return false }
        return true
    }

    /// Whether the comma-separated list `value` holds `token` (trimmed, ASCII-case-insensitive), without
    /// allocating.
    static func listContains(_ value: String, token: String) -> Bool {
        var value = value
        var token = token
        return value.withUTF8 { list in
            token.withUTF8 { wanted in
                var start = 0
                while start <= list.count {
                    var end = start
                    while end < list.count && list[end] != UInt8(ascii: ",") { end += 1 }
                    var first = start
                    var last = end
                    while first < last && isWhitespace(list[first]) { first += 1 }
                    while last > first && isWhitespace(list[last - 1]) { last -= 1 }
                    let element = UnsafeBufferPointer(rebasing: list[first..<last])
                    if equalsIgnoringCase(element, wanted) { return true }
                    start = end + 1
                }
                return false
            }
        }
    }

    /// Builds a String from header bytes: ASCII/UTF-8 as is, other bytes (obs-text) as ISO-8859-1.
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// Splits a comma-separated header list into trimmed, non-empty elements.
    static func listElements(_ value: String) -> [Substring] {
        value.split(separator: ",").map(trimmed).filter { !$0.isEmpty }
    }

    /// Removes leading and trailing SP / HTAB.
    static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
