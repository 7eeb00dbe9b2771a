import CUV
import Foundation

/// An IPv4 or IPv6 socket address (host + port).
///
///     let address = try SocketAddress(host: "127.0.0.1", port: 0)
///     print(address)        // "127.0.0.1:0"
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// Numeric host, e.g. `127.0.0.1` or `::1`.
    public let host: String
    /// TCP port.
    public let port: Int

    /// An address from a numeric host and a port.
    /// - Throws: `UVError` (`E_IO`, `EINVAL`) when `host` is not a numeric IPv4/IPv6 address.
    public init(host: String, port: Int) throws(UVError) {
        var storage = sockaddr_storage()
        try Self.fill(&storage, host: host, port: port)
        self.host = host
        self.port = port
    }

    init(host: String, port: Int, validated: Void) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static func fill(_ storage: inout sockaddr_storage, host: String, port: Int) throws(UVError) {
        let result: Int32 = withUnsafeMutableBytes(of: &storage) { raw in
            guard let base = raw.baseAddress else { return UV_EINVAL.rawValue }
            if host.contains(":") {
                return uv_ip6_addr(host, Int32(port), base.assumingMemoryBound(to: sockaddr_in6.self))
            }
            return uv_ip4_addr(host, Int32(port), base.assumingMemoryBound(to: sockaddr_in.self))
        }
        try UV.check(host.contains(":") ? "uv_ip6_addr" : "uv_ip4_addr", result)
    }

    /// Reads a `sockaddr_storage` filled by `getsockname`/`getpeername`.
    static func from(_ storage: sockaddr_storage) -> SocketAddress? {
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: storage) { raw -> SocketAddress? in
            guard let base = raw.baseAddress else { return nil }
            var name = [CChar](repeating: 0, count: 64)
            switch family {
            case AF_INET:
                let address = base.assumingMemoryBound(to: sockaddr_in.self)
                uv_ip4_name(address, &name, name.count)
                let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return SocketAddress(host: host, port: Int(UInt16(bigEndian: address.pointee.sin_port)), validated: ())
            case AF_INET6:
                let address = base.assumingMemoryBound(to: sockaddr_in6.self)
                uv_ip6_name(address, &name, name.count)
                let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return SocketAddress(
                    host: host, port: Int(UInt16(bigEndian: address.pointee.sin6_port)), validated: ())
            default:
                return nil
            }
        }
    }
}
