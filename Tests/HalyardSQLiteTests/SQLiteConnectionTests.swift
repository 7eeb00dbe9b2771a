import HalyardSQLite
import Testing

@Suite struct SQLiteConnectionTests {
    @Test func valuesRoundTrip() throws {
        try withConnection { conn in
            try conn.execute("CREATE TABLE t (v)")
            let values: [SQLiteValue] = [
                .null, .integer(0), .integer(Int64.max), .integer(Int64.min), .real(3.25), .real(-0.5),
                .text(""), .text("héllo wörld 🚢 日本語"), .text("with\u{0}nul"), .blob([]),
                .blob([0, 1, 2, 255, 0]), .blob(Array(repeating: 7, count: 100_000)),
            ]
            for value in values { try conn.execute("INSERT INTO t (v) VALUES (?)", [value]) }
            let read = try conn.query("SELECT v FROM t ORDER BY rowid").map { $0[0] }
            #expect(read == values)
            let typed = try conn.query("SELECT typeof(v) AS kind FROM t ORDER BY rowid").compactMap {
                $0["kind"]?.textValue
            }
            #expect(
                typed == [
                    "null", "integer", "integer", "integer", "real", "real", "text", "text", "text", "blob", "blob",
                    "blob",
                ])
        }
    }

    @Test func rowSubscriptsByNameAndIndex() throws {
        try withConnection { conn in
            let row = try #require(try conn.query("SELECT 1 AS one, 'x' AS Two").first)
            #expect(row.columnNames == ["one", "Two"])
            #expect(row["one"] == .integer(1))
            #expect(row["two"] == .text("x"))
            #expect(row["missing"] == nil)
            #expect(row[1] == .text("x"))
            #expect(row[5] == .null)
        }
    }

    @Test func lastInsertRowIDAndChanges() throws {
        try withConnection { conn in
            try conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
            try conn.execute("INSERT INTO t (v) VALUES (?)", ["a"])
            #expect(conn.lastInsertRowID == 1)
            try conn.execute("INSERT INTO t (v) VALUES (?)", ["b"])
            #expect(conn.lastInsertRowID == 2)
            try conn.execute("UPDATE t SET v = ?", ["c"])
            #expect(conn.changes == 2)
        }
    }

    @Test func statementCacheReusesPreparedStatements() throws {
        try withConnection { conn in
            try conn.execute("CREATE TABLE t (v)")
            let before = conn.cachedStatementCount
            for index in 0..<10 { try conn.execute("INSERT INTO t (v) VALUES (?)", [.integer(Int64(index))]) }
            #expect(conn.cachedStatementCount == before + 1)
            #expect(conn.statementCacheHits >= 9)
        }
    }

    @Test func statementCacheEvictsLeastRecentlyUsed() throws {
        var config = SQLiteConfiguration()
        config.statementCacheCapacity = 3
        try withConnection(configuration: config) { conn in
            for index in 0..<10 { _ = try conn.query("SELECT \(index)") }
            #expect(conn.cachedStatementCount == 3)
        }
    }

    @Test func reentrantUseOfTheSameStatement() throws {
        try withConnection { conn in
            try conn.execute("CREATE TABLE t (v INTEGER)")
            for index in 1...3 { try conn.execute("INSERT INTO t (v) VALUES (?)", [.integer(Int64(index))]) }
            var pairs: [Int64] = []
            try conn.forEachRow("SELECT v FROM t WHERE v >= ? ORDER BY v", [1]) { outer in
                let inner = try conn.query("SELECT v FROM t WHERE v >= ? ORDER BY v", [outer[0]])
                pairs.append(Int64(inner.count))
                return true
            }
            #expect(pairs == [3, 2, 1])
        }
    }

    @Test func forEachRowStopsWhenBodyReturnsFalse() throws {
        try withConnection { conn in
            var seen = 0
            try conn.forEachRow("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c", []) {
                _ in
                seen += 1
                return seen < 5
            }
            #expect(seen == 5)
        }
    }

    @Test func executeScriptRunsEveryStatementAndTracesEach() throws {
        let recorder = Recorder()
        var config = SQLiteConfiguration()
        config.trace = { recorder.append($0) }
        try withConnection(configuration: config) { conn in
            try conn.executeScript(
                """
                -- a comment
                CREATE TABLE a (x);
                CREATE TABLE b (y);
                INSERT INTO a VALUES (1);
                """)
            #expect(try conn.query("SELECT x FROM a").map { $0[0] } == [.integer(1)])
        }
        #expect(recorder.items.contains("-- a comment\nCREATE TABLE a (x);"))
        #expect(recorder.items.contains("CREATE TABLE b (y);"))
        #expect(recorder.items.contains("INSERT INTO a VALUES (1);"))
    }

    @Test func traceReceivesSQLButNeverValues() throws {
        let recorder = Recorder()
        var config = SQLiteConfiguration()
        config.trace = { recorder.append($0) }
        try withConnection(configuration: config) { conn in
            try conn.execute("CREATE TABLE t (v)")
            try conn.execute("INSERT INTO t (v) VALUES (?)", ["secret-value"])
        }
        #expect(recorder.items.contains("INSERT INTO t (v) VALUES (?)"))
        #expect(!recorder.items.contains { $0.contains("secret-value") })
    }

    @Test func executeRefusesSeveralStatements() throws {
        try withConnection { conn in
            #expect(throws: SQLiteError.self) { try conn.execute("SELECT 1; SELECT 2") }
            try conn.execute("SELECT 1; -- trailing comment")
        }
    }

    @Test func wrongArgumentCountIsAnError() throws {
        try withConnection { conn in
            let error = try #require(throws: SQLiteError.self) { try conn.execute("SELECT ?, ?", [1]) }
            #expect(error.message.contains("expects 2"))
        }
    }

    @Test func closedConnectionThrows() throws {
        try withConnection { conn in
            conn.close()
            let error = try #require(throws: SQLiteError.self) { try conn.execute("SELECT 1") }
            #expect(error.code == "E_SQLITE_CLOSED")
        }
    }
}
