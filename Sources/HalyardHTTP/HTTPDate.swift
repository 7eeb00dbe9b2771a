import Foundation

/// The IMF-fixdate for the `Date` response header, formatted at most once per second per caller.
///
/// A value type owned by whoever holds it (one connection).
///
///     var date = HTTPDate()
///     date.current()    // "Fri, 04 Dec 2026 17:41:00 GMT"
struct HTTPDate {
    private var second: time_t = -1
    private var text = ""

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Now, as an HTTP date.
    mutating func current() -> String {
        var now = time(nil)
        if now != second {
            second = now
            var parts = tm()
            gmtime_r(&now, &parts)
            func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let day = Self.days[Int(parts.tm_wday) % 7]
            let month = Self.months[Int(parts.tm_mon) % 12]
            text =
                "\(day), \(two(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
                + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        }
        return text
    }
}
