import HalyardSQLite
import Testing

@Suite struct SQLiteTransactionTests {
    private func count(_ conn: SQLiteConnection) throws -> Int64? {
        try conn.query("SELECT count(*) FROM t").first?[0].integerValue
    }

    @Test func commitKeepsRows() throws {
        try withConnection { conn in
            try conn.execute("CREATE TABLE t (v)")
            try conn.transaction {
                #expect(conn.isInTransaction)
                try conn.execute("INSERT INTO t VALUES (1)")
            }
            #expect(!conn.isInTransaction)
            #expect(try count(conn) == 1)
        }
    }

    @Test func throwRollsBack() throws {
        struct Boom: Error {}
        try withConnection { conn in
            try conn.execute("CREATE TABLE t (v)")
            #expect(throws: Boom.self) {
                try conn.transaction {
                    try conn.execute("INSERT INTO t VALUES (1)")
                    throw Boom()
                }
            }
            #expect(!conn.isInTransaction)
            #expect(try count(conn) == 0)
        }
    }

    @Test func nestedTransactionIsASavepoint() throws {
        struct Boom: Error {}
        let recorder = Recorder()
        var config = SQLiteConfiguration()
        config.trace = { recorder.append($0) }
        try withConnection(configuration: config) { conn in
            try conn.execute("CREATE TABLE t (v)")
            try conn.transaction {
                try conn.execute("INSERT INTO t VALUES (1)")
                try? conn.transaction {
                    try conn.execute("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
                try conn.transaction { try conn.execute("INSERT INTO t VALUES (3)") }
            }
            let values = try conn.query("SELECT v FROM t ORDER BY v").map { $0[0] }
            #expect(values == [.integer(1), .integer(3)])
        }
        #expect(recorder.items.contains("BEGIN IMMEDIATE"))
        #expect(recorder.items.contains("SAVEPOINT halyard_sp1"))
        #expect(recorder.items.contains("ROLLBACK TO halyard_sp1"))
        #expect(recorder.items.contains("RELEASE halyard_sp1"))
        #expect(recorder.items.suffix(2).first == "COMMIT")
    }
}
