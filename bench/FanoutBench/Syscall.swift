import Glibc

/// A failed system call, named.
struct SyscallError: Error, CustomStringConvertible {
    let call: String
    let code: Int32

    var description: String { "\(call) failed: \(String(cString: strerror(code))) (errno \(code))" }
}

/// Every system call of the load client goes through here: EINTR is retried, "would block" is a value.
enum Syscall {
    /// Runs `body` until it does not fail with EINTR. Returns nil for EAGAIN / EWOULDBLOCK / EINPROGRESS.
    /// - Throws: `SyscallError` naming `call` for any other failure.
    @discardableResult
    static func run(_ call: String, _ body: () -> Int) throws -> Int? {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK || code == EINPROGRESS { return nil }
            throw SyscallError(call: call, code: code)
        }
    }

    /// Monotonic clock in nanoseconds.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
