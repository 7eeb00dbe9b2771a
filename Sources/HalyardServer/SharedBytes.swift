/// An immutable block of bytes that many connections can write without copying (encode once, send to many).
///
/// Immutable after `init`, so it is safe to share across threads.
///
///     let frame = SharedBytes(encoder.encode(text: "hi"))   // one copy
///     for socket in members { socket.send(preEncodedFrame: frame) }   // no copy per socket
public final class SharedBytes: Sendable {
    // nonisolated(unsafe): written once in init, only read afterwards; freed in deinit.
    nonisolated(unsafe) let base: UnsafeMutableRawPointer
    /// Number of bytes.
    public let count: Int

    /// Copies `bytes` into a new immutable block.
    public init(_ bytes: some Collection<UInt8>) {
        count = bytes.count
        base = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
        let target = UnsafeMutableRawBufferPointer(start: base, count: count)
        // Contiguous sources (arrays, the common case) are copied with one memcpy; the generic element-by-element
        // path (unspecialized across modules) cost more than the whole rest of a broadcast's encoding.
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            if let from = source.baseAddress, count > 0 { base.copyMemory(from: from, byteCount: count) }
        }
        if copied == nil { _ = target.initializeMemory(as: UInt8.self, from: bytes) }
    }

    /// Copies the bytes of `buffer`.
    public init(copying buffer: UnsafeRawBufferPointer) {
        count = buffer.count
        base = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
        if let source = buffer.baseAddress, count > 0 { base.copyMemory(from: source, byteCount: count) }
    }

    deinit { base.deallocate() }

    /// Calls `body` with a view of the bytes.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes as an array (copies).
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }
}
