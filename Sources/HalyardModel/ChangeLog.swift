import Foundation
import HalyardSQLite

/// The change-log table: one row per change, written in the same transaction as the data it describes.
///
/// ```sql
/// CREATE TABLE IF NOT EXISTS halyard_changes (
///   seq INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, verb TEXT NOT NULL, record_id TEXT NOT NULL,
///   attribute TEXT, child_id TEXT, data TEXT, previous TEXT, origin TEXT, committed_at INTEGER NOT NULL)
/// ```
/// `record_id`, `child_id`, `data` and `previous` hold JSON text. AUTOINCREMENT keeps `seq` gap-free: a rolled-back
/// insert also rolls back the sequence counter, and numbers are never reused after deletes (`prune`).
enum ChangeLog {
    static let table = "halyard_changes"

    static let createSQL = """
        CREATE TABLE IF NOT EXISTS halyard_changes (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          model TEXT NOT NULL,
          verb TEXT NOT NULL,
          record_id TEXT NOT NULL,
          attribute TEXT,
          child_id TEXT,
          data TEXT,
          previous TEXT,
          origin TEXT,
          committed_at INTEGER NOT NULL
        )
        """

    static let insertSQL = """
        INSERT INTO halyard_changes (model, verb, record_id, attribute, child_id, data, previous, origin, committed_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let selectSQL = """
        SELECT seq, model, verb, record_id, attribute, child_id, data, previous, origin FROM halyard_changes \
        WHERE seq > ? ORDER BY seq LIMIT ?
        """

    /// Appends one change on the writer connection and returns the event with its `seq`.
    /// `dataText`/`previousText` are the JSON text of `data`/`previous`.
    static func append(
        _ connection: SQLiteConnection, model: String, verb: ChangeEvent.Verb, id: JSONValue, data: JSONValue?,
        dataText: String?, previous: JSONValue?, previousText: String?, attribute: String? = nil,
        childId: JSONValue? = nil, origin: String?, now: Int64
    ) throws -> ChangeEvent {
        try connection.execute(
            insertSQL,
            [
                .text(model), .text(verb.rawValue), .text(id.jsonString()), attribute.map { .text($0) } ?? .null,
                childId.map { .text($0.jsonString()) } ?? .null, dataText.map { .text($0) } ?? .null,
                previousText.map { .text($0) } ?? .null, origin.map { .text($0) } ?? .null, .integer(now),
            ])
        return ChangeEvent(
            seq: connection.lastInsertRowID, model: model, verb: verb, id: id, data: data, previous: previous,
            attribute: attribute, childId: childId, origin: origin)
    }

    /// Changes with `seq > after`, oldest first, at most `limit`.
    static func read(_ connection: SQLiteConnection, after: Int64, limit: Int) throws -> [ChangeEvent] {
        try connection.query(selectSQL, [.integer(after), .integer(Int64(limit))]).map { row in
            ChangeEvent(
                seq: row[0].integerValue ?? 0, model: row[1].textValue ?? "",
                verb: ChangeEvent.Verb(rawValue: row[2].textValue ?? "") ?? .updated,
                id: json(row[3]) ?? .null, data: json(row[6]), previous: json(row[7]),
                attribute: row[4].textValue, childId: json(row[5]), origin: row[8].textValue)
        }
    }

    /// The last `seq` written (0 for an empty log).
    static func lastSeq(_ connection: SQLiteConnection) throws -> Int64 {
        var last = try connection.query("SELECT MAX(seq) FROM halyard_changes").first?[0].integerValue ?? 0
        // With AUTOINCREMENT, pruned numbers are remembered in sqlite_sequence (absent without AUTOINCREMENT).
        let hasSequence = try !connection.query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
        ).isEmpty
        if hasSequence {
            let sql = "SELECT seq FROM sqlite_sequence WHERE name = 'halyard_changes'"
            last = max(last, try connection.query(sql).first?[0].integerValue ?? 0)
        }
        return last
    }

    static func json(_ value: SQLiteValue) -> JSONValue? {
        guard let text = value.textValue else { return nil }
        return try? JSONValue(parsing: text)
    }
}
