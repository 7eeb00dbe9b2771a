/// One result row: the statement's column names and the row's values, in column order.
///
/// ```swift
/// let row = try db.query("SELECT id, name FROM user WHERE id = ?", [.integer(1)])[0]
/// row["name"]   // .text("Ada")
/// row[0]        // .integer(1)
/// ```
public struct SQLiteRow: Sendable {
    /// Column names as SQLite reports them (`AS` aliases win), shared by every row of a statement.
    public let columnNames: [String]
    /// Values in column order.
    public let values: [SQLiteValue]

    public init(columnNames: [String], values: [SQLiteValue]) {
        self.columnNames = columnNames
        self.values = values
    }

    /// The value of the first column with this name (exact match first, then case-insensitive), or nil.
    public subscript(_ name: String) -> SQLiteValue? {
        if let index = columnNames.firstIndex(of: name) { return values[index] }
        let lowered = name.lowercased()
        if let index = columnNames.firstIndex(where: { $0.lowercased() == lowered }) { return values[index] }
        return nil
    }

    /// The value at a column index; an index out of range reads as `.null`.
    public subscript(_ index: Int) -> SQLiteValue {
        values.indices.contains(index) ? values[index] : .null
    }

    /// Number of columns.
    public var count: Int { values.count }
}
