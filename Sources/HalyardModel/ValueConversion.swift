import Foundation
import HalyardSQLite

/// Conversions between JSON values and SQLite storage for one attribute type.
///
/// Writes and criteria accept the attribute's own JSON kind, plus strings that spell a number (for numeric
/// types) or `true`/`false` (for booleans) — query-string parameters arrive as strings. Anything else is refused
/// (nil), never coerced silently.
enum ValueConversion {
    /// The SQLite value stored for `value`, or nil when `value` does not fit `type`.
    static func storage(_ value: JSONValue, _ type: AttributeType) -> SQLiteValue? {
        if case .null = value { return .null }
        switch type {
        case .string:
            if case .string(let text) = value { return .text(text) }
            return nil
        case .integer, .date:
            switch value {
            case .int(let number): return .integer(number)
            case .double(let number):
                guard number.isFinite, number.rounded() == number, abs(number) < 9.2e18 else { return nil }
                return .integer(Int64(number))
            case .string(let text):
                if let number = Int64(text) { return .integer(number) }
                if type == .date, let date = isoDate(text) { return .integer(date.millisecondsSince1970) }
                return nil
            default: return nil
            }
        case .number:
            switch value {
            case .int(let number): return .integer(number)
            case .double(let number): return number.isFinite ? .real(number) : nil
            case .string(let text):
                if let number = Int64(text) { return .integer(number) }
                if let number = Double(text), number.isFinite { return .real(number) }
                return nil
            default: return nil
            }
        case .boolean:
            switch value {
            case .bool(let flag): return .integer(flag ? 1 : 0)
            case .string("true"): return .integer(1)
            case .string("false"): return .integer(0)
            default: return nil
            }
        case .json:
            return .text(value.jsonString())
        }
    }

    /// A criteria comparand: like `storage`, and numbers compare with non-integral values too.
    static func comparand(_ value: JSONValue, _ type: AttributeType) -> SQLiteValue? {
        if type == .integer || type == .date, case .double(let number) = value, number.isFinite {
            return .real(number)
        }
        if type == .json {
            if case .string(let text) = value { return .text(text) }
        }
        return storage(value, type)
    }

    /// The JSON value of a stored column.
    static func json(_ value: SQLiteValue, _ type: AttributeType) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let number):
            return type == .boolean ? .bool(number != 0) : .int(number)
        case .real(let number):
            if type == .integer || type == .date, number.rounded() == number, abs(number) < 9.2e18 {
                return .int(Int64(number))
            }
            return .double(number)
        case .text(let text):
            if type == .json { return (try? JSONValue(parsing: text)) ?? .string(text) }
            return .string(text)
        case .blob(let bytes):
            return .string(String(decoding: bytes, as: UTF8.self))
        }
    }

    static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
