import Foundation

/// SQL identifier helpers. Identifiers only ever come from declared schemas and are always quoted.
enum SQLName {
    /// `"name"` with embedded quotes doubled.
    static func quote(_ name: String) -> String {
        if !name.utf8.contains(UInt8(ascii: "\"")) { return "\"" + name + "\"" }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || ($0 >= 48 && $0 <= 57) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
}

/// SQL text cached by statement shape. Protected by `lock`.
final class SQLCache: @unchecked Sendable {  // safe: `entries` is only touched under `lock`
    private let lock = NSLock()
    private var entries: [UInt64: String] = [:]

    func get(_ key: UInt64) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func set(_ key: UInt64, _ sql: String) {
        lock.lock()
        if entries.count < 256 { entries[key] = sql }
        lock.unlock()
    }
}
