import Foundation

/// An SQLite database file: one writer connection on its own thread (serial, FIFO; an idle writer lets the caller
/// run its write directly) and a pool of read-only connections (WAL lets them read the last committed snapshot
/// while a write is open).
///
/// Immutable after `init` (Sendable); the writer connection is owned by the writer thread and each reader by the
/// task leasing it.
///
/// ```swift
/// let db = try SQLiteDatabase(path: "./.data/app.sqlite")
/// let id = try await db.write({ conn in
///     try conn.execute("INSERT INTO user (name) VALUES (?)", ["Ada"])   // BEGIN IMMEDIATE; INSERT; COMMIT
///     return conn.lastInsertRowID
/// }, afterCommit: { id in print("committed", id) })
/// let names = try await db.read { conn in try conn.query("SELECT name FROM user").map { $0[0] } }
/// ```
public final class SQLiteDatabase: Sendable {
    /// The database file's path.
    public let path: String
    /// The configuration every connection was opened with.
    public let configuration: SQLiteConfiguration
    let writer: SQLiteWriterThread
    let readers: SQLiteReaderPool

    /// Opens or creates the file (and its parent directory) in WAL mode with `synchronous=NORMAL`,
    /// `foreign_keys=ON` and the configured busy timeout.
    /// - Throws: `E_SQLITE_CANTOPEN` (with the path) and other `SQLiteError`s.
    public init(path: String, configuration: SQLiteConfiguration = .init()) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let connection = try SQLiteConnection(path: path, configuration: configuration)
        let mode = try connection.query("PRAGMA journal_mode = WAL").first?[0].textValue ?? ""
        guard mode.lowercased() == "wal" else {
            throw SQLiteError.misuse(.generic, "could not switch \(path) to WAL mode (got '\(mode)')")
        }
        try connection.execute("PRAGMA synchronous = NORMAL")
        self.path = path
        self.configuration = configuration
        self.writer = SQLiteWriterThread(connection: connection, name: "halyard.sqlite.writer")
        self.readers = SQLiteReaderPool(path: path, configuration: configuration)
    }

    deinit {
        writer.stopDetached()
        readers.close()
    }

    /// Closes the writer after its queued jobs and the readers as they come back. Later calls throw
    /// `E_SQLITE_CLOSED`.
    public func close() async {
        // Readers first: the last connection to close checkpoints and removes the -wal/-shm files, and a
        // read-only reader closing last cannot.
        readers.close()
        await writer.stop()
    }

    /// Runs `body` on a leased reader inside one read transaction, so every query in it sees the same snapshot:
    /// the last commit before the first query. Runs on the calling task's thread (readers never wait for the
    /// writer in WAL mode).
    /// - Throws: what `body` throws; `E_SQLITE_CLOSED` after `close()`.
    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await read(snapshot: true, body)
    }

    /// `read`, optionally without the snapshot. `snapshot: false` skips the `BEGIN`/`COMMIT` around the body
    /// (about a tenth of a one-row read): each statement then sees the latest commit when it starts. Use it for
    /// bodies that run a single statement.
    /// ```swift
    /// let user = try await db.read(snapshot: false) { conn in
    ///     try conn.query("SELECT * FROM user WHERE id = ?", [.integer(1)]).first
    /// }
    /// ```
    /// - Throws: what `body` throws; `E_SQLITE_CLOSED` after `close()`.
    public func read<T: Sendable>(
        snapshot: Bool, _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        let lease = try await readers.lease()
        defer { readers.giveBack(lease) }
        let connection = lease.connection
        guard snapshot else { return try body(connection) }
        try connection.beginRead()
        let value: T
        do {
            value = try body(connection)
        } catch {
            connection.rollbackQuietly()
            throw error
        }
        try connection.commitOrRollback()
        return value
    }

    static let closedError = SQLiteError.misuse(.closed, "the database is closed")
}
