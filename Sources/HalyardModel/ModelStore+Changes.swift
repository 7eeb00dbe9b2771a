extension ModelStore {
    /// Committed change events as an async sequence: live from now, or replayed from the change log after
    /// `after` and then live, without gaps or duplicates.
    ///
    /// ```swift
    /// for try await event in store.changes() { print(event.seq, event.verb) }
    /// ```
    public func changes(after: Int64? = nil) -> ChangeStream { ChangeStream(hub: core.hub, after: after) }

    /// Up to `limit` logged changes with `seq > after`, oldest first (for replay after a reconnect).
    /// - Throws: `E_DATABASE`.
    public func changeLog(after: Int64, limit: Int = 1000) async throws -> [ChangeEvent] {
        let limit = max(0, limit)
        return try await read(nil) { connection in try ChangeLog.read(connection, after: after, limit: limit) }
    }

    /// The `seq` of the last published change (0 before any).
    public var lastChangeSeq: Int64 { core.hub.lastPublishedSeq }

    /// Deletes logged changes with `seq <= through`. Sequence numbers are never reused; a later replay from a
    /// pruned `seq` fails with `E_CHANGES_PRUNED`.
    public func pruneChangeLog(through seq: Int64) async throws {
        _ = try await write(nil) { connection, _ in
            try connection.execute("DELETE FROM halyard_changes WHERE seq <= ?", [.integer(seq)])
        }
    }

    /// Ends every change subscription (their sequences finish).
    public func finishChangeStreams() { core.hub.finishAll() }
}
