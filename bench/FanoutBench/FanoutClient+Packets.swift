// Engine.IO / Socket.IO packets as seen by the load client (see the shared protocol notes):
//   0{...} open → send 40 · 2 ping → send 3 · 40{...} connected · 43<id>[...] ack · 42[...] event · 41/44/1 → gone

extension FanoutClient {
    func handlePacket(_ packet: UnsafeRawBufferPointer, on connection: BenchConnection) {
        guard let type = packet.first else { return }
        switch type {
        case UInt8(ascii: "0"):
            loop.sendText("40", on: connection)
        case UInt8(ascii: "2"):
            loop.sendText("3", on: connection)
        case UInt8(ascii: "1"):
            fail(connection, "engine.io close")
        case UInt8(ascii: "4") where packet.count >= 2:
            switch packet[1] {
            case UInt8(ascii: "0"):
                if connection.phase == .opening {
                    connection.phase = .ready
                    readyCount += 1
                }
            case UInt8(ascii: "2"): receivedEvent(packet)
            case UInt8(ascii: "3"):
                if connection === driver { run?.acks += 1 } else { joinAcks += 1 }
            default:
                fail(connection, "socket.io disconnect or connect error")
            }
        default: break
        }
    }

    /// A `42["tick",{"t":<ns>,"i":<n>}]` delivery: records its latency and completes its broadcast.
    private func receivedEvent(_ packet: UnsafeRawBufferPointer) {
        guard run != nil else { return }
        let now = Syscall.now()
        guard let sentAt = Self.integer(after: Self.timeKey, in: packet),
            let sequence = Self.integer(after: Self.sequenceKey, in: packet)
        else { return }
        run?.record(sequence: Int(sequence), sentAt: sentAt, now: now)
    }

    static let timeKey: [UInt8] = Array("\"t\":".utf8)
    static let sequenceKey: [UInt8] = Array("\"i\":".utf8)

    /// The unsigned integer following `key` in `packet` (spaces allowed after the key).
    static func integer(after key: [UInt8], in packet: UnsafeRawBufferPointer) -> UInt64? {
        guard packet.count >= key.count, let first = key.first else { return nil }
        var start = 0
        var found: Int?
        while start + key.count <= packet.count {
            if packet[start] == first, key.indices.allSatisfy({ packet[start + $0] == key[$0] }) {
                found = start
                break
            }
            start += 1
        }
        guard let found else { return nil }
        var index = found + key.count
        while index < packet.count, packet[index] == UInt8(ascii: " ") { index += 1 }
        var value: UInt64 = 0
        var digits = 0
        while index < packet.count, packet[index] >= 0x30, packet[index] <= 0x39, digits < 19 {
            value = value * 10 + UInt64(packet[index] - 0x30)
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }
}
