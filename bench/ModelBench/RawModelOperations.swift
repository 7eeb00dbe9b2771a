import CSQLite
import Foundation

/// What the model layer does, written by hand against the C API: the same statements (INSERT … RETURNING, the
/// change-log row with the record as JSON text, SELECT by id / with a WHERE), prepared once, values bound.
struct RawModelOperations {
    let raw: RawSQLite

    static let insertSQL = """
        INSERT INTO "bench_user" ("name", "email", "age", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?) \
        RETURNING "id", "name", "email", "age", "createdAt", "updatedAt"
        """
    static let changeSQL = """
        INSERT INTO halyard_changes (model, verb, record_id, attribute, child_id, data, previous, origin, committed_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let selectByIDSQL = """
        SELECT "id", "name", "email", "age", "createdAt", "updatedAt" FROM "bench_user" WHERE "id" = ?
        """
    static let selectWhereSQL = """
        SELECT "id", "name", "email", "age", "createdAt", "updatedAt" FROM "bench_user" WHERE "age" < ?
        """

    /// Inserts one user and its change-log row (the caller owns the transaction).
    func insert(_ user: BenchUser) throws -> BenchUser {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let insert = try raw.statement(Self.insertSQL)
        raw.bind(insert, 1, user.name)
        raw.bind(insert, 2, user.email)
        raw.bind(insert, 3, Int64(user.age ?? 0))
        raw.bind(insert, 4, now)
        raw.bind(insert, 5, now)
        var created: BenchUser?
        try raw.each(insert) { row in created = Self.user(row) }
        guard let created, let id = created.id else { throw BenchError("raw insert returned no row") }
        let data =
            "{\"age\":\(created.age ?? 0),\"createdAt\":\(now),\"email\":\(Self.json(created.email)),"
            + "\"id\":\(id),\"name\":\(Self.json(created.name)),\"updatedAt\":\(now)}"
        let change = try raw.statement(Self.changeSQL)
        raw.bind(change, 1, "bench_user")
        raw.bind(change, 2, "created")
        raw.bind(change, 3, String(id))
        sqlite3_bind_null(change, 4)
        sqlite3_bind_null(change, 5)
        raw.bind(change, 6, data)
        sqlite3_bind_null(change, 7)
        sqlite3_bind_null(change, 8)
        raw.bind(change, 9, now)
        try raw.run(change)
        return created
    }

    func findOne(id: Int64) throws -> BenchUser? {
        let select = try raw.statement(Self.selectByIDSQL)
        raw.bind(select, 1, id)
        var found: BenchUser?
        try raw.each(select) { row in found = Self.user(row) }
        return found
    }

    func find(ageBelow limit: Int64) throws -> [BenchUser] {
        let select = try raw.statement(Self.selectWhereSQL)
        raw.bind(select, 1, limit)
        var users: [BenchUser] = []
        try raw.each(select) { row in users.append(Self.user(row)) }
        return users
    }

    static func user(_ row: OpaquePointer) -> BenchUser {
        BenchUser(
            id: Int(RawSQLite.int(row, 0)), name: RawSQLite.text(row, 1), email: RawSQLite.text(row, 2),
            age: Int(RawSQLite.int(row, 3)),
            createdAt: Date(timeIntervalSince1970: Double(RawSQLite.int(row, 4)) / 1000),
            updatedAt: Date(timeIntervalSince1970: Double(RawSQLite.int(row, 5)) / 1000))
    }

    /// A JSON string literal (quotes, backslashes and control characters escaped).
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
