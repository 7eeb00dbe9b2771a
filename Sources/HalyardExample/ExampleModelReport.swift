import HalyardSQLite

/// Checks the example models against the tables and prints them (filled in once the model layer lands).
enum ExampleModelReport {
    static func run(_ db: SQLiteDatabase) async throws {
        _ = db
    }
}
