internal import CCrypto

/// SHA-1 through libcrypto — used only for `Sec-WebSocket-Accept` (RFC 6455 §4.2.2), not for security.
enum SHA1 {
    /// The 20-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                _ = CCrypto.SHA1(input.baseAddress, input.count, output.baseAddress)
            }
        }
        return digest
    }
}
