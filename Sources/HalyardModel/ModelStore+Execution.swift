import Foundation
import HalyardSQLite

/// Collects the change events of one write step on the writer thread. Owned by the writer thread.
final class ChangeRecorder {
    let origin: String?
    let now: Int64
    var events: [ChangeEvent] = []

    init(origin: String?) {
        self.origin = origin
        self.now = Date().millisecondsSince1970
    }

    func record(
        _ connection: SQLiteConnection, _ schema: ModelSchema, _ verb: ChangeEvent.Verb, id: JSONValue,
        data: Record? = nil, previous: Record? = nil, attribute: String? = nil, childId: JSONValue? = nil
    ) throws {
        events.append(
            try ChangeLog.append(
                connection, model: schema.identity, verb: verb, id: id, data: data.map { schema.clientJSON($0) },
                dataText: data.map { schema.clientJSONText($0) }, previous: previous.map { schema.clientJSON($0) },
                previousText: previous.map { schema.clientJSONText($0) }, attribute: attribute, childId: childId,
                origin: origin, now: now))
    }
}

@available(*, unavailable) extension ChangeRecorder: Sendable {}

/// A write step's value and its events, handed from the writer thread to `afterCommit`.
struct WriteOutcome<T: Sendable>: Sendable {
    let value: T
    let events: [ChangeEvent]
}

extension ModelStore {
    /// Runs a read on a reader (or, inside a transaction, on the writer so it sees uncommitted rows).
    /// `singleStatement` skips the reader's BEGIN/COMMIT: one statement is its own snapshot.
    func read<T: Sendable>(
        _ schema: ModelSchema?, singleStatement: Bool = false,
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        do {
            if let lease { return try await lease.run(body) }
            return try await core.database.read(snapshot: !singleStatement, body)
        } catch {
            throw Self.wrap(error, sql: nil, schema: schema)
        }
    }

    /// Runs a write step in its own transaction (a savepoint inside `transaction { }`) and publishes its
    /// events after COMMIT.
    func write<T: Sendable>(
        _ schema: ModelSchema?, _ body: @escaping @Sendable (SQLiteConnection, ChangeRecorder) throws -> T
    ) async throws -> T {
        let origin = origin
        do {
            if let lease, let collector {
                // A savepoint, so a failing step leaves the rest of the transaction intact.
                let outcome = try await lease.run { connection in
                    let recorder = ChangeRecorder(origin: origin)
                    let value = try connection.transaction { try body(connection, recorder) }
                    return WriteOutcome(value: value, events: recorder.events)
                }
                collector.append(outcome.events)
                return outcome.value
            }
            let hub = core.hub
            // `write` already runs the step in BEGIN IMMEDIATE … COMMIT.
            let step: @Sendable (SQLiteConnection) throws -> WriteOutcome<T> = { connection in
                let recorder = ChangeRecorder(origin: origin)
                let value = try body(connection, recorder)
                return WriteOutcome(value: value, events: recorder.events)
            }
            return try await core.database.write(step, afterCommit: { hub.publish($0.events) }).value
        } catch {
            throw Self.wrap(error, sql: nil, schema: schema)
        }
    }

    /// Maps database errors to model errors: unique violations to `E_UNIQUE` with attribute names, the rest to
    /// `E_DATABASE` quoting the SQL (never values). Model errors and others pass through.
    static func wrap(_ error: any Error, sql: String?, schema: ModelSchema?) -> any Error {
        guard let error = error as? SQLiteError else { return error }
        if error.code == SQLiteErrorCode.constraintUnique.rawValue
            || error.code == SQLiteErrorCode.constraintPrimaryKey.rawValue
        {
            // "UNIQUE constraint failed: user.email, user.name"
            let list = error.message.components(separatedBy: "failed: ").last ?? ""
            var attributes: [String] = []
            for qualified in list.components(separatedBy: ", ") {
                let column = qualified.components(separatedBy: ".").last ?? qualified
                attributes.append(schema?.attributeByColumn[column] ?? column)
            }
            let model = list.components(separatedBy: ".").first
            return ModelError(
                code: ModelError.unique,
                message: "would violate uniqueness of \(attributes.joined(separator: ", "))",
                model: schema?.identity ?? model, attributes: attributes, sql: error.sql ?? sql, underlying: error)
        }
        return ModelError(
            code: ModelError.database, message: error.message, model: schema?.identity, sql: error.sql ?? sql,
            underlying: error)
    }

    static func wrap(_ error: any Error, sql: String?) -> any Error { wrap(error, sql: sql, schema: nil) }

    /// The association `attribute` of `schema`.
    /// - Throws: `E_INVALID_CRITERIA` when it is not an association.
    func association(_ schema: ModelSchema, _ attribute: String) throws -> Association {
        guard let association = core.associations[schema.identity]?[attribute] else {
            throw ModelError.criteria(
                "`\(attribute)` is not an association of `\(schema.identity)`", model: schema.identity,
                attribute: attribute)
        }
        return association
    }
}

extension ModelSchema {
    /// A record from a row whose columns are `columns`, in order.
    func record(_ row: SQLiteRow, _ columns: [AttributeDefinition]) -> Record {
        var record = Record(minimumCapacity: columns.count)
        for (index, attribute) in columns.enumerated() {
            record[attribute.name] = ValueConversion.json(row[index], attribute.type)
        }
        return record
    }
}
