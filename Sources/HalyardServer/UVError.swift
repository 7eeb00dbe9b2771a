import CUV

/// An error from a libuv call, naming the call that failed.
///
/// `code` is always `E_IO`; `name` is libuv's symbolic error (`EADDRINUSE`, `ECONNRESET`, ...).
///
///     do { try listener.bind(...) } catch E_IO { ... }
public struct UVError: Error, Sendable, CustomStringConvertible {
    /// The only code this error carries.
    public static let io = "E_IO"
    /// Stable error code: `E_IO`.
    public let code: String
    /// The libuv function that failed, e.g. `uv_tcp_bind`.
    public let call: String
    /// The negative libuv status (`UV_EADDRINUSE`, ...).
    public let status: Int32
    /// libuv's symbolic name for `status`, e.g. `EADDRINUSE`.
    public let name: String

    package init(call: String, status: Int32) {
        self.code = "E_IO"
        self.call = call
        self.status = status
        self.name = String(cString: uv_err_name(status))
    }

    public var description: String {
        "\(code): \(call) failed: \(name) (\(String(cString: uv_strerror(status))))"
    }
}

/// Lets a `catch` clause match a libuv failure by libuv name: `catch UVErrorName("EADDRINUSE")`.
public struct UVErrorName: Sendable {
    /// libuv's symbolic error name.
    public let name: String
    public init(_ name: String) { self.name = name }

    public static func ~= (pattern: UVErrorName, error: any Error) -> Bool {
        (error as? UVError)?.name == pattern.name
    }
}

/// The one place every libuv call goes through: negative results become a `UVError` naming the call.
package enum UV {
    /// Returns `result` when it is not negative.
    /// - Throws: `UVError` (`E_IO`) naming `call` when `result` < 0.
    @discardableResult
    package static func check(_ call: String, _ result: Int32) throws(UVError) -> Int32 {
        if result < 0 { throw UVError(call: call, status: result) }
        return result
    }

    /// Converts a `uv_tcp_t` pointer to the `uv_stream_t` view libuv's stream calls take.
    static func stream(_ tcp: UnsafeMutablePointer<uv_tcp_t>) -> UnsafeMutablePointer<uv_stream_t> {
        UnsafeMutableRawPointer(tcp).assumingMemoryBound(to: uv_stream_t.self)
    }

    /// Converts any handle pointer to the generic `uv_handle_t` view.
    static func handle<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<uv_handle_t> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: uv_handle_t.self)
    }
}
