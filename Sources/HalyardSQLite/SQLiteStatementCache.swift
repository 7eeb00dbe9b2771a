/// A least-recently-used cache of prepared statements keyed by SQL text.
///
/// Owned by its connection's owning thread. Callers mostly reuse the same few SQL strings (often the very same
/// `String` storage), so a lookup first scans a small ring of recent statements with `==` (pointer-equal strings
/// compare in O(1), others by length and bytes) before hashing the text for the dictionary. Eviction scans for the
/// oldest use stamp; it happens only on a miss with a full cache.
struct SQLiteStatementCache {
    private var entries: [String: SQLiteStatement] = [:]
    private var recent: [SQLiteStatement] = []
    private var recentCursor = 0
    private var clock: UInt64 = 0
    let capacity: Int
    private static let recentCount = 8
    /// Number of lookups that found a statement (for tests and diagnostics).
    private(set) var hits = 0
    /// Number of lookups that missed.
    private(set) var misses = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        entries.reserveCapacity(self.capacity)
        recent.reserveCapacity(Self.recentCount)
    }

    var count: Int { entries.count }

    mutating func lookup(_ sql: String) -> SQLiteStatement? {
        clock &+= 1
        for statement in recent where statement.sql == sql {
            statement.lastUse = clock
            hits += 1
            return statement
        }
        guard let found = entries[sql] else {
            misses += 1
            return nil
        }
        found.lastUse = clock
        hits += 1
        remember(found)
        return found
    }

    mutating func insert(_ statement: SQLiteStatement) {
        guard capacity > 0 else { return }
        if entries.count >= capacity, entries[statement.sql] == nil {
            var oldest: SQLiteStatement?
            for entry in entries.values where !entry.inUse && entry.lastUse < (oldest?.lastUse ?? .max) {
                oldest = entry
            }
            guard let oldest else { return }
            entries[oldest.sql] = nil
            recent.removeAll { $0 === oldest }
        }
        clock &+= 1
        statement.lastUse = clock
        entries[statement.sql] = statement
        remember(statement)
    }

    mutating func removeAll() {
        entries.removeAll()
        recent.removeAll()
    }

    /// Puts a statement in the ring of recent ones, replacing slots round-robin.
    private mutating func remember(_ statement: SQLiteStatement) {
        if recent.count < Self.recentCount {
            recent.append(statement)
        } else {
            recent[recentCursor] = statement
            recentCursor = (recentCursor + 1) % Self.recentCount
        }
    }
}
