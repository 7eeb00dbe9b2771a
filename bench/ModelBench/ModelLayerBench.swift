import Foundation
import HalyardModel
import HalyardSQLite

/// The model layer against the same work done through the raw C API, each on fresh temp files.
struct ModelLayerBench {
    let directory: String
    let scale: BenchScale
    private var fileCounter = 0

    init(directory: String, scale: BenchScale) {
        self.directory = directory
        self.scale = scale
    }

    /// A fresh model store (tables created; with `subscriber`, a task draining its change events) and a fresh raw
    /// connection.
    private mutating func fresh(_ name: String, subscriber: Bool = false) async throws -> (
        ModelStore, Task<Int, any Error>, RawModelOperations
    ) {
        fileCounter += 1
        let db = try SQLiteDatabase(path: "\(directory)/\(name)-\(fileCounter)-model.sqlite")
        try await db.writeWithoutTransaction { conn in try conn.executeScript(BenchUser.schemaSQL) }
        var builder = ModelStore.Builder(database: db)
        builder.register(BenchUser.self)
        let store = try await builder.build()
        let changes = subscriber ? store.changes() : nil
        let consumer = Task {
            var seen = 0
            if let changes { for try await _ in changes { seen += 1 } }
            return seen
        }
        let raw = try RawSQLite(path: "\(directory)/\(name)-\(fileCounter)-raw.sqlite")
        try raw.exec(BenchUser.schemaSQL)
        return (store, consumer, RawModelOperations(raw: raw))
    }

    private func finish(_ store: ModelStore, _ consumer: Task<Int, any Error>) async throws {
        store.finishChangeStreams()
        _ = try await consumer.value
        await store.database.close()
    }

    mutating func create() async throws -> BenchRow {
        let (store, consumer, raw) = try await fresh("create", subscriber: true)
        let count = scale.singleOperations
        var next = 0
        let begin = try raw.raw.statement("BEGIN IMMEDIATE")
        let commit = try raw.raw.statement("COMMIT")
        var rawNext = 0
        let (model, baseline) = try await Bench.compare(rounds: scale.rounds) {
            for _ in 0..<count {
                next += 1
                _ = try await store.create(BenchUser(index: next))
            }
        } raw: {
            for _ in 0..<count {
                rawNext += 1
                try raw.raw.run(begin)
                _ = try raw.insert(BenchUser(index: rawNext))
                try raw.raw.run(commit)
            }
        }
        try await finish(store, consumer)
        return BenchRow(
            name: "create (1 record per transaction, events on)", operations: count, halyard: model, raw: baseline,
            target: 1.5)
    }

    mutating func findOne() async throws -> BenchRow {
        let (store, consumer, raw) = try await fresh("findone")
        let rows = scale.tableRows
        _ = try await store.createEach((1...rows).map { BenchUser(index: $0) })
        let begin = try raw.raw.statement("BEGIN IMMEDIATE")
        try raw.raw.run(begin)
        for index in 1...rows { _ = try raw.insert(BenchUser(index: index)) }
        try raw.raw.exec("COMMIT")
        let count = scale.singleOperations
        var sink = 0
        let (model, baseline) = try await Bench.compare(rounds: scale.rounds) {
            for index in 0..<count {
                let user = try await store.findOne(BenchUser.self, id: index % rows + 1)
                sink &+= user?.name.utf8.count ?? 0
            }
        } raw: {
            for index in 0..<count {
                let user = try raw.findOne(id: Int64(index % rows + 1))
                sink &+= user?.name.utf8.count ?? 0
            }
        }
        try await finish(store, consumer)
        if sink == 1 { print("") }
        return BenchRow(
            name: "findOne by id", operations: count, halyard: model, raw: baseline, target: 2.0)
    }

    mutating func createEach() async throws -> BenchRow {
        let (store, consumer, raw) = try await fresh("createeach")
        let rows = scale.batchRows
        let (model, baseline) = try await Bench.compare(rounds: scale.rounds) {
            _ = try await store.createEach((1...rows).map { BenchUser(index: $0) })
        } raw: {
            try raw.raw.exec("BEGIN IMMEDIATE")
            for index in 1...rows { _ = try raw.insert(BenchUser(index: index)) }
            try raw.raw.exec("COMMIT")
        }
        try await finish(store, consumer)
        return BenchRow(
            name: "createEach \(rows) rows (1 transaction)", operations: rows, halyard: model, raw: baseline,
            target: 1.3)
    }

    mutating func findWhere() async throws -> BenchRow {
        let (store, consumer, raw) = try await fresh("find")
        let rows = scale.tableRows
        _ = try await store.createEach((1...rows).map { BenchUser(index: $0) })
        try raw.raw.exec("BEGIN IMMEDIATE")
        for index in 1...rows { _ = try raw.insert(BenchUser(index: index)) }
        try raw.raw.exec("COMMIT")
        // ages are index % 100, so `age < 10` matches a tenth of the table: 1,000 of 10,000 rows.
        let ageLimit = 10
        let queries = scale.findQueries
        var sink = 0
        let (model, baseline) = try await Bench.compare(rounds: scale.rounds) {
            for _ in 0..<queries {
                sink &+= try await store.find(Query<BenchUser>().where(\.age < ageLimit)).count
            }
        } raw: {
            for _ in 0..<queries { sink &+= try raw.find(ageBelow: Int64(ageLimit)).count }
        }
        try await finish(store, consumer)
        guard sink == 2 * scale.rounds * queries * rows / 10 else {
            throw BenchError("find returned \(sink) rows in total, expected \(rows / 10) per query")
        }
        return BenchRow(
            name: "find \(rows / 10) rows with a where", operations: queries, halyard: model, raw: baseline, target: nil
        )
    }
}

/// How much work each benchmark does.
struct BenchScale {
    var singleOperations = 10_000
    var batchRows = 10_000
    var tableRows = 10_000
    var findQueries = 100
    var rounds = 5

    static let quick = BenchScale(
        singleOperations: 1_000, batchRows: 10_000, tableRows: 10_000, findQueries: 20, rounds: 1)
}
