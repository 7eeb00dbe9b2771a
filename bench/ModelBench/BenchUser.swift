import Foundation
import HalyardModel

/// The benchmark's model: a user row with text, integer and timestamp columns.
struct BenchUser: Model {
    static let identity = "bench_user"
    static let attributes: [Attribute<BenchUser>] = [
        .id(\.id),
        .string("name", \.name, .required),
        .string("email", \.email, .required),
        .integer("age", \.age),
        .date("createdAt", \.createdAt, .autoCreatedAt),
        .date("updatedAt", \.updatedAt, .autoUpdatedAt),
    ]
    var id: Int?
    var name: String
    var email: String
    var age: Int?
    var createdAt: Date?
    var updatedAt: Date?

    init(index: Int) {
        name = "user \(index)"
        email = "user\(index)@example.com"
        age = index % 100
    }

    init(id: Int?, name: String, email: String, age: Int?, createdAt: Date?, updatedAt: Date?) {
        self.id = id
        self.name = name
        self.email = email
        self.age = age
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The same table for both sides, plus the model layer's change log (identical DDL).
    static let schemaSQL = """
        CREATE TABLE "bench_user" (
          "id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "email" TEXT NOT NULL, "age" INTEGER,
          "createdAt" INTEGER, "updatedAt" INTEGER);
        CREATE TABLE IF NOT EXISTS halyard_changes (
          seq INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, verb TEXT NOT NULL, record_id TEXT NOT NULL,
          attribute TEXT, child_id TEXT, data TEXT, previous TEXT, origin TEXT, committed_at INTEGER NOT NULL);
        """
}
