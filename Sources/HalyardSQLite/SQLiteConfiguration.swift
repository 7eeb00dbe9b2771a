/// Settings for a connection or a database, fixed at open time.
///
/// ```swift
/// var config = SQLiteConfiguration()
/// config.readerCount = 2
/// config.trace = { sql in print("SQL:", sql) }   // receives SQL text only, never bound values
/// let db = try SQLiteDatabase(path: "/tmp/app.sqlite", configuration: config)
/// ```
public struct SQLiteConfiguration: Sendable {
    /// How long a connection waits on a lock held by another connection before `E_SQLITE_BUSY`.
    public var busyTimeoutMilliseconds: Int32 = 5000
    /// Maximum number of reader connections `SQLiteDatabase` opens (at least 1).
    public var readerCount: Int = 4
    /// Prepared statements kept per connection, evicted least-recently-used.
    public var statementCacheCapacity: Int = 64
    /// Called with the text of each statement a connection executes (including BEGIN/COMMIT).
    public var trace: (@Sendable (String) -> Void)?
    /// When the writer is idle (nothing queued or running), `write` runs its job on the calling thread instead of
    /// hopping to the writer thread and back (two thread wake-ups). Order and exclusion are unchanged. Turn off to
    /// keep every write on the writer thread (e.g. if callers must never block on SQLite's busy timeout).
    public var writesOnCallerWhenIdle = true

    public init(
        busyTimeoutMilliseconds: Int32 = 5000, readerCount: Int = 4, statementCacheCapacity: Int = 64,
        trace: (@Sendable (String) -> Void)? = nil
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.readerCount = readerCount
        self.statementCacheCapacity = statementCacheCapacity
        self.trace = trace
    }
}
