/// Collects the binary attachments that follow a BINARY_EVENT/BINARY_ACK and puts them back in place of the
/// `{"_placeholder":true,"num":i}` objects.
///
/// Owned by its connection (a value inside a loop-owned client).
///
///     var r = BinaryReassembler()
///     r.start(packet, attachments: 1)      // packet with a placeholder
///     let done = try r.add([0, 1, 2])       // the packet with .binary([0, 1, 2]) in place
struct BinaryReassembler: Sendable {
    private var pending: SocketIOPacket?
    private var needed = 0
    private var buffers: [[UInt8]] = []

    /// True while attachments are awaited.
    var isWaiting: Bool { pending != nil }

    /// Starts collecting for a packet; returns it at once when it announces no attachments.
    mutating func start(_ packet: SocketIOPacket, attachments: Int) throws(SocketIOError) -> SocketIOPacket? {
        pending = packet
        needed = attachments
        buffers = []
        if attachments == 0 { return try finish() }
        return nil
    }

    /// Adds one attachment; returns the completed packet after the last one.
    /// - Throws: `E_SIO_BAD_PACKET` when no packet awaits attachments or a placeholder is invalid.
    mutating func add(_ buffer: [UInt8]) throws(SocketIOError) -> SocketIOPacket? {
        guard pending != nil else { throw .badPacket("unexpected binary attachment") }
        buffers.append(buffer)
        if buffers.count < needed { return nil }
        return try finish()
    }

    private mutating func finish() throws(SocketIOError) -> SocketIOPacket? {
        guard var packet = pending else { return nil }
        pending = nil
        if let data = packet.data { packet.data = try Self.replace(data, with: buffers) }
        buffers = []
        return packet
    }

    private static func replace(_ value: SocketValue, with buffers: [[UInt8]]) throws(SocketIOError) -> SocketValue {
        switch value {
        case .object(let members):
            if members["_placeholder"] == .bool(true) {
                guard let num = members["num"]?.intValue, num >= 0, num < buffers.count else {
                    throw .badPacket("bad attachment placeholder")
                }
                return .binary(buffers[num])
            }
            var out: [String: SocketValue] = [:]
            for (key, member) in members { out[key] = try replace(member, with: buffers) }
            return .object(out)
        case .array(let elements):
            var out: [SocketValue] = []
            out.reserveCapacity(elements.count)
            for element in elements { out.append(try replace(element, with: buffers)) }
            return .array(out)
        default: return value
        }
    }
}
