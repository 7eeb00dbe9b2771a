import Foundation

/// An exclusive lease of the writer connection for one transaction whose body awaits between steps.
///
/// Protected by `condition` (the step queue and state); steps themselves run on the writer thread, one at a time.
/// Obtained from `SQLiteDatabase.withWriteTransaction`; using it after that call returns throws `E_SQLITE_MISUSE`.
///
/// ```swift
/// let id = try await db.withWriteTransaction { tx in
///     let id = try await tx.run { conn in
///         try conn.execute("INSERT INTO user (name) VALUES (?)", ["Ada"]); return conn.lastInsertRowID
///     }
///     try await someAsyncHook(id)        // the writer stays reserved while this awaits
///     return id
/// }                                      // COMMIT (ROLLBACK if the body threw or the task was cancelled)
/// ```
public final class SQLiteWriteTransaction: Sendable {
    /// The lease the current task runs inside, so nested `write`/`withWriteTransaction` calls join it.
    @TaskLocal static var current: SQLiteWriteTransaction?

    let databaseID: ObjectIdentifier
    private let storage: Storage

    /// Protected by `condition`.
    private final class Storage: @unchecked Sendable {  // safe: every field is guarded by `condition`
        let condition = NSCondition()
        var steps: [SQLiteWriterJob] = []
        var accepting = true
        var finalStep: SQLiteWriterJob?
        var deferredAfterCommit: [@Sendable () -> Void] = []
    }

    init(databaseID: ObjectIdentifier) {
        self.databaseID = databaseID
        self.storage = Storage()
    }

    /// True until the lease has been told to commit or roll back.
    var isActive: Bool {
        storage.condition.lock()
        defer { storage.condition.unlock() }
        return storage.accepting
    }

    /// Runs one synchronous step on the writer thread inside this transaction and returns its result.
    /// A step that throws leaves the transaction open; the error reaches the caller, who decides.
    /// - Throws: what `step` throws; `E_SQLITE_MISUSE` once the transaction has ended.
    public func run<R: Sendable>(_ step: @escaping @Sendable (SQLiteConnection) throws -> R) async throws -> R {
        try await withUnsafeThrowingContinuation { continuation in
            let accepted = enqueue { connection in
                do {
                    continuation.resume(returning: try step(connection))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            if !accepted {
                continuation.resume(
                    throwing: SQLiteError.misuse(.misuse, "the write transaction has already ended"))
            }
        }
    }

    /// Queues a callback to run after this lease commits (used by writes nested in the lease).
    func deferAfterCommit(_ callback: @escaping @Sendable () -> Void) {
        storage.condition.lock()
        storage.deferredAfterCommit.append(callback)
        storage.condition.unlock()
    }

    /// Callbacks deferred by nested writes, in the order they were queued (read on the writer thread at commit).
    func takeDeferredAfterCommit() -> [@Sendable () -> Void] {
        storage.condition.lock()
        defer { storage.condition.unlock() }
        let callbacks = storage.deferredAfterCommit
        storage.deferredAfterCommit = []
        return callbacks
    }

    private func enqueue(_ step: @escaping SQLiteWriterJob) -> Bool {
        storage.condition.lock()
        guard storage.accepting else {
            storage.condition.unlock()
            return false
        }
        storage.steps.append(step)
        storage.condition.unlock()
        storage.condition.signal()
        return true
    }

    /// Stops accepting steps and runs `final` (commit or rollback) after the queued ones; the serve loop then ends.
    /// Returns once `final` has run. A second call does nothing.
    func end(_ final: @escaping SQLiteWriterJob) async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            storage.condition.lock()
            guard storage.accepting else {
                storage.condition.unlock()
                continuation.resume()
                return
            }
            storage.accepting = false
            storage.finalStep = { connection in
                final(connection)
                continuation.resume()
            }
            storage.condition.unlock()
            storage.condition.signal()
        }
    }

    /// Runs on the writer thread: serves steps until the final one has run.
    func serve(_ connection: SQLiteConnection) {
        var batch: [SQLiteWriterJob] = []
        while true {
            storage.condition.lock()
            while storage.steps.isEmpty, storage.finalStep == nil { storage.condition.wait() }
            swap(&batch, &storage.steps)
            let final = batch.isEmpty ? storage.finalStep : nil
            storage.condition.unlock()
            for step in batch { step(connection) }
            batch.removeAll(keepingCapacity: true)
            if let final {
                final(connection)
                return
            }
        }
    }
}
