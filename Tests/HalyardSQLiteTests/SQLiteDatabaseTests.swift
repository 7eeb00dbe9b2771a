import Foundation
import HalyardSQLite
import Testing

@Suite struct SQLiteDatabaseTests {
    private func makeTable(_ db: SQLiteDatabase) async throws {
        try await db.writeWithoutTransaction { conn in
            try conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        }
    }

    private func count(_ db: SQLiteDatabase) async throws -> Int64? {
        try await db.read { conn in try conn.query("SELECT count(*) FROM t").first?[0].integerValue }
    }

    @Test func opensInWALWithPragmas() async throws {
        try await withDatabase { db in
            let settings = try await db.writeWithoutTransaction { conn in
                try ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"].map { pragma in
                    try conn.query("PRAGMA \(pragma)").first?[0] ?? .null
                }
            }
            #expect(settings == [.text("wal"), .integer(1), .integer(1), .integer(5000)])
            #expect(db.path.hasSuffix("sub/dir/test.sqlite"))
        }
    }

    @Test func writeCommitsAndReadSeesIt() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            let id = try await db.write { conn in
                try conn.execute("INSERT INTO t (v) VALUES (?)", ["a"])
                return conn.lastInsertRowID
            }
            #expect(id == 1)
            let value = try await db.read { conn in try conn.query("SELECT v FROM t WHERE id = ?", [.integer(id)]) }
            #expect(value.first?["v"] == .text("a"))
        }
    }

    @Test func throwingWriteRollsBackAndSkipsAfterCommit() async throws {
        struct Boom: Error {}
        let recorder = Recorder()
        try await withDatabase { db in
            try await makeTable(db)
            await #expect(throws: Boom.self) {
                try await db.write(
                    { conn in
                        try conn.execute("INSERT INTO t (v) VALUES (?)", ["a"])
                        throw Boom()
                    }, afterCommit: { (_: Void) in recorder.append("called") })
            }
            #expect(try await count(db) == 0)
            #expect(recorder.items.isEmpty)
        }
    }

    @Test(arguments: [true, false])
    func afterCommitRunsInCommitOrderUnderConcurrentWrites(writesOnCallerWhenIdle: Bool) async throws {
        let recorder = Recorder()
        var config = SQLiteConfiguration()
        config.writesOnCallerWhenIdle = writesOnCallerWhenIdle
        try await withDatabase(configuration: config) { db in
            try await makeTable(db)
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await db.write(
                            { conn in
                                try conn.execute("INSERT INTO t (v) VALUES (?)", [.text("w\(index)")])
                                return conn.lastInsertRowID
                            }, afterCommit: { id in recorder.append(String(id)) })
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(ids).count == 50)
            #expect(recorder.items == (1...50).map { String($0) })
        }
    }

    @Test func writeTransactionInterleavedWithWritesStaysSerial() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let (proceed, proceedContinuation) = AsyncStream<Void>.makeStream()
            async let lease: [Int64] = db.withWriteTransaction { tx in
                let first = try await tx.run { conn in
                    try conn.execute("INSERT INTO t (v) VALUES ('lease')")
                    return conn.lastInsertRowID
                }
                startedContinuation.yield()
                for await _ in proceed { break }  // writes are queued while the lease holds the writer
                let second = try await tx.run { conn in
                    try conn.execute("INSERT INTO t (v) VALUES ('lease')")
                    return conn.lastInsertRowID
                }
                return [first, second]
            }
            for await _ in started { break }
            let writes = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            try await db.write { conn in try conn.execute("INSERT INTO t (v) VALUES ('write')") }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            proceedContinuation.yield()
            let leaseIDs = try await lease
            try await writes.value
            #expect(leaseIDs[1] == leaseIDs[0] + 1)
            #expect(try await count(db) == 22)
        }
    }

    @Test func cancelledWriteTransactionRollsBack() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            let (inserted, insertedContinuation) = AsyncStream<Void>.makeStream()
            let task = Task {
                try await db.withWriteTransaction { tx in
                    try await tx.run { conn in try conn.execute("INSERT INTO t (v) VALUES ('x')") }
                    insertedContinuation.yield()
                    try await Task.sleep(for: .seconds(60))
                }
            }
            for await _ in inserted { break }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await count(db) == 0)
            try await db.write { conn in try conn.execute("INSERT INTO t (v) VALUES ('after')") }
            #expect(try await count(db) == 1)
        }
    }

    @Test func writeTransactionCommitsNestedWritesAndDefersTheirCallbacks() async throws {
        let recorder = Recorder()
        try await withDatabase { db in
            try await makeTable(db)
            try await db.withWriteTransaction(
                { tx in
                    try await tx.run { conn in try conn.execute("INSERT INTO t (v) VALUES ('outer')") }
                    try await db.write(
                        { conn in try conn.execute("INSERT INTO t (v) VALUES ('nested')") },
                        afterCommit: { recorder.append("nested") })
                    recorder.append("body done")
                    try await db.withWriteTransaction(
                        { tx in try await tx.run { conn in try conn.execute("INSERT INTO t (v) VALUES ('inner')") } },
                        afterCommit: { recorder.append("inner") })
                }, afterCommit: { recorder.append("outer") })
            #expect(recorder.items == ["body done", "nested", "inner", "outer"])
            #expect(try await count(db) == 3)
        }
    }

    @Test func failingNestedTransactionRollsBackOnlyItself() async throws {
        struct Boom: Error {}
        try await withDatabase { db in
            try await makeTable(db)
            try await db.withWriteTransaction { tx in
                try await tx.run { conn in try conn.execute("INSERT INTO t (v) VALUES ('kept')") }
                await #expect(throws: Boom.self) {
                    try await db.withWriteTransaction { tx in
                        try await tx.run { conn in try conn.execute("INSERT INTO t (v) VALUES ('dropped')") }
                        throw Boom()
                    }
                }
            }
            let values = try await db.read { conn in try conn.query("SELECT v FROM t").map { $0["v"] } }
            #expect(values == [.text("kept")])
        }
    }

    @Test func leaseUsedAfterItEndsThrowsMisuse() async throws {
        try await withDatabase { db in
            let escaped = try await db.withWriteTransaction { tx in tx }
            let error = try await #require(throws: SQLiteError.self) {
                try await escaped.run { conn in try conn.execute("SELECT 1") }
            }
            #expect(error.code == "E_SQLITE_MISUSE")
        }
    }

    @Test func readersSeeLastCommittedSnapshotDuringLongWrite() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            try await db.write { conn in try conn.execute("INSERT INTO t (v) VALUES ('committed')") }
            let duringWrite = try await db.withWriteTransaction { tx in
                try await tx.run { conn in try conn.execute("INSERT INTO t (v) VALUES ('pending')") }
                let insideLease = try await tx.run { conn in
                    try conn.query("SELECT count(*) FROM t").first?[0].integerValue
                }
                #expect(insideLease == 2)
                return try await withThrowingTaskGroup(of: Int64?.self) { group in
                    for _ in 0..<8 { group.addTask { try await count(db) } }
                    return try await group.reduce(into: [Int64?]()) { $0.append($1) }
                }
            }
            #expect(duringWrite == Array(repeating: 1, count: 8))
            #expect(try await count(db) == 2)
        }
    }

    @Test func readSnapshotIsConsistentWithinOneRead() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            let path = db.path
            let counts = try await db.read { conn in
                let first = try conn.query("SELECT count(*) FROM t").first?[0]
                // Another connection commits between the two queries of this read.
                let other = try SQLiteConnection(path: path)
                try other.execute("INSERT INTO t (v) VALUES ('x')")
                other.close()
                let second = try conn.query("SELECT count(*) FROM t").first?[0]
                return [first, second]
            }
            #expect(counts == [.integer(0), .integer(0)])
            #expect(try await count(db) == 1)
        }
    }

    @Test func readWithoutSnapshotSeesEachCommit() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            let path = db.path
            let counts = try await db.read(snapshot: false) { conn in
                let first = try conn.query("SELECT count(*) FROM t").first?[0]
                let other = try SQLiteConnection(path: path)
                try other.execute("INSERT INTO t (v) VALUES ('x')")
                other.close()
                let second = try conn.query("SELECT count(*) FROM t").first?[0]
                return [first, second, .integer(conn.isInTransaction ? 1 : 0)]
            }
            #expect(counts == [.integer(0), .integer(1), .integer(0)])
        }
    }

    @Test func writeWithoutTransactionRefusesAnOpenTransaction() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            let error = try await #require(throws: SQLiteError.self) {
                try await db.writeWithoutTransaction { conn in
                    try conn.execute("BEGIN")
                    try conn.execute("INSERT INTO t (v) VALUES ('x')")
                }
            }
            #expect(error.code == "E_SQLITE_MISUSE")
            #expect(try await count(db) == 0)
        }
    }

    @Test func readersAreReadOnly() async throws {
        try await withDatabase { db in
            try await makeTable(db)
            let error = try await #require(throws: SQLiteError.self) {
                try await db.read { conn in try conn.execute("INSERT INTO t (v) VALUES ('x')") }
            }
            #expect(error.code == "E_SQLITE_READONLY")
        }
    }

    @Test func manyConcurrentReadsShareTheBoundedPool() async throws {
        var config = SQLiteConfiguration()
        config.readerCount = 2
        try await withDatabase(configuration: config) { db in
            try await makeTable(db)
            try await db.write { conn in try conn.execute("INSERT INTO t (v) VALUES ('x')") }
            let total = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<100 { group.addTask { try await count(db) ?? 0 } }
                return try await group.reduce(0, +)
            }
            #expect(total == 100)
        }
    }

    @Test func closeAfterReadsCheckpointsAndRemovesTheWAL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("wal.sqlite")
        let db = try SQLiteDatabase(path: path)
        try await makeTable(db)
        try await db.write { conn in try conn.execute("INSERT INTO t (v) VALUES (?)", [.text("kept")]) }
        #expect(try await count(db) == 1)  // opens a read-only reader
        await db.close()
        // The last connection to close checkpointed: the WAL is gone and the row is in the main file.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let reopened = try SQLiteConnection(path: path, readOnly: true)
        #expect(try reopened.query("SELECT v FROM t").first?[0] == .text("kept"))
        reopened.close()
    }

    @Test func closedDatabaseRefusesWork() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = try SQLiteDatabase(path: directory.file("closed.sqlite"))
        await db.close()
        let writeError = try await #require(throws: SQLiteError.self) {
            try await db.write { conn in try conn.execute("SELECT 1") }
        }
        #expect(writeError.code == "E_SQLITE_CLOSED")
        let readError = try await #require(throws: SQLiteError.self) {
            try await db.read { conn in try conn.query("SELECT 1") }
        }
        #expect(readError.code == "E_SQLITE_CLOSED")
    }

    @Test func traceSeesWriterAndReaderSQL() async throws {
        let recorder = Recorder()
        var config = SQLiteConfiguration()
        config.trace = { recorder.append($0) }
        try await withDatabase(configuration: config) { db in
            try await makeTable(db)
            try await db.write { conn in try conn.execute("INSERT INTO t (v) VALUES (?)", ["private"]) }
            _ = try await count(db)
        }
        let items = recorder.items
        #expect(items.contains("INSERT INTO t (v) VALUES (?)"))
        #expect(items.contains("SELECT count(*) FROM t"))
        #expect(items.contains("BEGIN IMMEDIATE"))
        #expect(!items.contains { $0.contains("private") })
    }
}
