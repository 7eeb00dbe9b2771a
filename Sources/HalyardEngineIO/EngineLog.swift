import Foundation

/// The Engine.IO/Socket.IO log line sink (stderr by default).
///
/// Protected by `lock`.
public enum EngineLog {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var sink: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Replaces where log lines go (tests capture them).
    public static func setSink(_ newSink: @escaping @Sendable (String) -> Void) {
        lock.lock()
        sink = newSink
        lock.unlock()
    }

    /// Writes one log line.
    public static func log(_ line: String) {
        lock.lock()
        let current = sink
        lock.unlock()
        current(line)
    }
}
