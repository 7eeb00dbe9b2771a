import Foundation
import HalyardSQLite

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "halyard-sqlite-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Collects strings from any thread (trace output, afterCommit order). Protected by `lock`.
final class Recorder: @unchecked Sendable {  // safe: `items` is guarded by `lock`
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ item: String) {
        lock.lock()
        storage.append(item)
        lock.unlock()
    }

    var items: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Runs `body` with a database at a fresh temp path, closing and deleting it afterwards.
func withDatabase<T>(
    configuration: SQLiteConfiguration = .init(), _ body: (SQLiteDatabase) async throws -> T
) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let db = try SQLiteDatabase(path: directory.file("sub/dir/test.sqlite"), configuration: configuration)
    do {
        let result = try await body(db)
        await db.close()
        return result
    } catch {
        await db.close()
        throw error
    }
}

/// Runs `body` with a plain connection on a fresh temp file.
func withConnection<T>(
    configuration: SQLiteConfiguration = .init(), _ body: (SQLiteConnection) throws -> T
) throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let connection = try SQLiteConnection(path: directory.file("test.sqlite"), configuration: configuration)
    defer { connection.close() }
    return try body(connection)
}
