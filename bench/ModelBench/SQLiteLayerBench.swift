import Foundation
import HalyardSQLite

/// The SQLite wrapper alone against raw C: where the model layer's time goes.
enum SQLiteLayerBench {
    static let schema = "CREATE TABLE item (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, n INTEGER)"
    static let insertSQL = "INSERT INTO item (name, n) VALUES (?, ?)"
    static let selectSQL = "SELECT id, name, n FROM item WHERE id = ?"

    static func run(directory: String, operations: Int, rounds: Int) async throws -> [BenchRow] {
        // Raw: one connection, BEGIN IMMEDIATE / INSERT / COMMIT per row, then point reads on a reader.
        let rawPath = directory + "/raw-layer.sqlite"
        let raw = try RawSQLite(path: rawPath)
        try raw.exec(schema)
        let db = try SQLiteDatabase(path: directory + "/wrapper-layer.sqlite")
        try await db.writeWithoutTransaction { conn in try conn.execute(schema) }

        let begin = try raw.statement("BEGIN IMMEDIATE")
        let insert = try raw.statement(insertSQL)
        let commit = try raw.statement("COMMIT")
        let (wrapperInsert, rawInsert) = try await Bench.compare(rounds: rounds) {
            for index in 0..<operations {
                try await db.write { conn in
                    try conn.execute(insertSQL, [.text("item \(index)"), .integer(Int64(index))])
                }
            }
        } raw: {
            for index in 0..<operations {
                try raw.run(begin)
                raw.bind(insert, 1, "item \(index)")
                raw.bind(insert, 2, Int64(index))
                try raw.run(insert)
                try raw.run(commit)
            }
        }

        let rawReader = try RawSQLite(path: rawPath, readOnly: true)
        let select = try rawReader.statement(selectSQL)
        var sink = 0
        let (wrapperRead, rawRead) = try await Bench.compare(rounds: rounds) {
            for index in 0..<operations {
                sink &+= try await db.read { conn in
                    try conn.query(selectSQL, [.integer(Int64(index + 1))]).first?[1].textValue?.utf8.count ?? 0
                }
            }
        } raw: {
            for index in 0..<operations {
                rawReader.bind(select, 1, Int64(index + 1))
                try rawReader.each(select) { row in sink &+= RawSQLite.text(row, 1).utf8.count }
            }
        }
        let (plainRead, rawRead2) = try await Bench.compare(rounds: rounds) {
            for index in 0..<operations {
                sink &+= try await db.read(snapshot: false) { conn in
                    try conn.query(selectSQL, [.integer(Int64(index + 1))]).first?[1].textValue?.utf8.count ?? 0
                }
            }
        } raw: {
            for index in 0..<operations {
                rawReader.bind(select, 1, Int64(index + 1))
                try rawReader.each(select) { row in sink &+= RawSQLite.text(row, 1).utf8.count }
            }
        }
        await db.close()
        guard sink > 0 else { throw BenchError("reads found nothing") }
        return [
            BenchRow(
                name: "SQLiteDatabase.write: 1 INSERT per txn", operations: operations, halyard: wrapperInsert,
                raw: rawInsert, target: nil),
            BenchRow(
                name: "SQLiteDatabase.read: SELECT by id", operations: operations, halyard: wrapperRead, raw: rawRead,
                target: nil),
            BenchRow(
                name: "SQLiteDatabase.read(snapshot: false): same", operations: operations, halyard: plainRead,
                raw: rawRead2, target: nil),
        ]
    }
}
