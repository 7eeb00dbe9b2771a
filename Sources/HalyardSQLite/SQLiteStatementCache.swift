/// A least-recently-used cache of prepared statements keyed by SQL text.
///
/// Owned by its connection's owning thread. Eviction scans for the oldest use stamp; it happens only on a miss with
/// a full cache, so hits cost one dictionary lookup and one integer store.
struct SQLiteStatementCache {
    private struct Entry {
        let statement: SQLiteStatement
        var lastUse: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    let capacity: Int
    /// Number of lookups that found a statement (for tests and diagnostics).
    private(set) var hits = 0
    /// Number of lookups that missed.
    private(set) var misses = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        entries.reserveCapacity(self.capacity)
    }

    var count: Int { entries.count }

    mutating func lookup(_ sql: String) -> SQLiteStatement? {
        clock &+= 1
        guard let found = entries[sql] else {
            misses += 1
            return nil
        }
        entries[sql]?.lastUse = clock
        hits += 1
        return found.statement
    }

    mutating func insert(_ statement: SQLiteStatement) {
        guard capacity > 0 else { return }
        if entries.count >= capacity, entries[statement.sql] == nil {
            var oldestKey: String?
            var oldestUse = UInt64.max
            for (key, entry) in entries where !entry.statement.inUse && entry.lastUse < oldestUse {
                oldestKey = key
                oldestUse = entry.lastUse
            }
            guard let oldestKey else { return }
            entries[oldestKey] = nil
        }
        clock &+= 1
        entries[statement.sql] = Entry(statement: statement, lastUse: clock)
    }

    mutating func removeAll() { entries.removeAll() }
}
