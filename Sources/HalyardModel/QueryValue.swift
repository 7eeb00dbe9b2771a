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
    public var queryValue: JSONValue { .int(Int64((timeIntervalSince1970 * 1000).rounded())) }
}
extension Optional: QueryValue where Wrapped: QueryValue {
    public var queryValue: JSONValue { self?.queryValue ?? .null }
}
