/// XOR masking of frame payloads (RFC 6455 §5.3), eight bytes per step.
enum WebSocketMasking {
    /// XORs `bytes[from...]` with the 4-byte `key` (as loaded from memory), key byte 0 at `from`.
    static func apply(key: UInt32, to bytes: inout [UInt8], from: Int = 0) {
        bytes.withUnsafeMutableBytes { raw in
            apply(key: key, to: UnsafeMutableRawBufferPointer(rebasing: raw[from...]))
        }
    }

    /// XORs every byte of `raw` with the 4-byte `key` (as loaded from memory), key byte 0 at offset 0.
    static func apply(key: UInt32, to raw: UnsafeMutableRawBufferPointer) {
        let count = raw.count
        let wide = UInt64(key) << 32 | UInt64(key)
        var index = 0
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ wide
            raw.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        let little = key.littleEndian
        while index < count {
            raw[index] ^= UInt8(truncatingIfNeeded: little >> (8 * UInt32(index & 3)))
            index += 1
        }
    }
}
