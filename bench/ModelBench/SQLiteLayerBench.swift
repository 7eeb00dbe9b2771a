import Foundation
import HalyardSQLite

/// The SQLite wrapper alone against raw C: where the model layer's time goes.
enum SQLiteLayerBench {
    static let schema = "CREATE TABLE item (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, n INTEGER)"

    static func run(directory: String, operations: Int, rounds: Int) async throws -> [BenchRow] {
        // Raw: one connection, BEGIN IMMEDIATE / INSERT / COMMIT per row, then point reads.
        let rawPath = directory + "/raw-layer.sqlite"
        let raw = try RawSQLite(path: rawPath)
        try raw.exec(schema)
        let rawInsert = try await Bench.best(rounds: rounds) {
            let begin = try raw.statement("BEGIN IMMEDIATE")
            let insert = try raw.statement("INSERT INTO item (name, n) VALUES (?, ?)")
            let commit = try raw.statement("COMMIT")
            for index in 0..<operations {
                try raw.run(begin)
                raw.bind(insert, 1, "item \(index)")
                raw.bind(insert, 2, Int64(index))
                try raw.run(insert)
                try raw.run(commit)
            }
        }
        let rawReader = try RawSQLite(path: rawPath, readOnly: true)
        var sink = 0
        let rawRead = try await Bench.best(rounds: rounds) {
            let select = try rawReader.statement("SELECT id, name, n FROM item WHERE id = ?")
            for index in 0..<operations {
                rawReader.bind(select, 1, Int64(index % operations + 1))
                try rawReader.each(select) { row in sink &+= RawSQLite.text(row, 1).utf8.count }
            }
        }

        let db = try SQLiteDatabase(path: directory + "/wrapper-layer.sqlite")
        try await db.writeWithoutTransaction { conn in try conn.execute(schema) }
        let wrapperInsert = try await Bench.best(rounds: rounds) {
            for index in 0..<operations {
                try await db.write { conn in
                    try conn.execute(
                        "INSERT INTO item (name, n) VALUES (?, ?)", [.text("item \(index)"), .integer(Int64(index))])
                }
            }
        }
        let wrapperRead = try await Bench.best(rounds: rounds) {
            for index in 0..<operations {
                let count = try await db.read { conn in
                    try conn.query(
                        "SELECT id, name, n FROM item WHERE id = ?", [.integer(Int64(index % operations + 1))]
                    )
                    .first?["name"]?.textValue?.utf8.count ?? 0
                }
                sink &+= count
            }
        }
        await db.close()
        if sink == 42 { print("") }  // keeps the reads from being optimized away
        return [
            BenchRow(
                name: "SQLiteDatabase.write: 1 INSERT per txn", operations: operations, seconds: wrapperInsert,
                baselineSeconds: rawInsert, target: nil),
            BenchRow(
                name: "SQLiteDatabase.read: SELECT by id", operations: operations, seconds: wrapperRead,
                baselineSeconds: rawRead, target: nil),
        ]
    }
}
