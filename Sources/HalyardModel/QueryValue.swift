import Foundation

/// A Swift value usable in typed queries and typed updates.
public protocol QueryValue: Sendable {
    /// The value as JSON (dates as integer milliseconds).
    var queryValue: JSONValue { get }
}

extension String: QueryValue { public var queryValue: JSONValue { .string(self) } }
extension Int: QueryValue { public var queryValue: JSONValue { .int(Int64(self)) } }
extension Int64: QueryValue { public var queryValue: JSONValue { .int(self) } }
extension Int32: QueryValue { public var queryValue: JSONValue { .int(Int64(self)) } }
extension Double: QueryValue { public var queryValue: JSONValue { .double(self) } }
extension Bool: QueryValue { public var queryValue: JSONValue { .bool(self) } }
extension JSONValue: QueryValue { public var queryValue: JSONValue { self } }
extension Date: QueryValue {
    public var queryValue: JSONValue { .int(millisecondsSince1970) }
}
extension Optional: QueryValue where Wrapped: QueryValue {
    public var queryValue: JSONValue { self?.queryValue ?? .null }
}

extension Date {
    /// Milliseconds since 1970, clamped to what an SQLite integer holds (no trap on extreme dates).
    var millisecondsSince1970: Int64 {
        let ms = (timeIntervalSince1970 * 1000).rounded()
        guard ms.isFinite else { return ms > 0 ? Int64.max : Int64.min }
        if ms >= 9.2e18 { return Int64.max }
        if ms <= -9.2e18 { return Int64.min }
        return Int64(ms)
    }
}
