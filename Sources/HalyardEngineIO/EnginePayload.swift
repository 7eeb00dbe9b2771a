import Foundation

/// Polling payload codecs: how several Engine.IO packets share one HTTP body.
///
/// - v4: packets joined by the record separator `\x1e`; a binary packet is a `b<base64>` record.
///   `431[1]\x1ebAAEC`
/// - v3 text (`b64=1` clients, and any payload without binary): `<len>:<packet>` concatenated, where `len` counts
///   UTF-16 code units as JavaScript does; a binary packet is `b4<base64>`. `2:40` `6:4hello`
/// - v3 binary (XHR2 clients, payloads that contain binary): per packet a `0x00` (text) or `0x01` (binary) marker,
///   the decimal digits of the byte length as byte values 0–9, `0xff`, then the packet bytes (UTF-8 text, or the
///   type byte followed by the data).
///
/// Decoders enforce a packet-count limit and never trap on malformed input.
public enum EnginePayload {
    /// The record separator used by v4 polling payloads.
    public static let separator: UInt8 = 0x1e

    /// Encodes packets as a v4 polling body.
    public static func encodeV4(_ packets: [EnginePacket]) -> String {
        if packets.count == 1 { return packets[0].encodedText }
        return packets.map(\.encodedText).joined(separator: "\u{1e}")
    }

    /// Decodes a v4 polling body.
    /// - Throws: `E_EIO_BAD_PACKET` when a record is empty or undecodable.
    public static func decodeV4(_ body: [UInt8]) throws(EngineIOError) -> [EnginePacket] {
        var packets: [EnginePacket] = []
        var start = 0
        var index = 0
        while index <= body.count {
            if index == body.count || body[index] == separator {
                guard let text = String(validating: body[start..<index], as: UTF8.self) else {
                    throw .bad("payload is not UTF-8")
                }
                packets.append(try EnginePacket.decode(text: Substring(text), version: .v4))
                start = index + 1
            }
            index += 1
        }
        return packets
    }

    /// Encodes packets in the v3 text framing `<len>:<packet>` (length in UTF-16 code units).
    public static func encodeV3Text(_ packets: [EnginePacket]) -> String {
        var out = ""
        for packet in packets {
            let text = v3Text(packet)
            out += String(text.utf16.count)
            out += ":"
            out += text
        }
        return out
    }

    /// Decodes a v3 text-framed body.
    /// - Throws: `E_EIO_BAD_PACKET` for a missing or bad length, a length past the end, or a bad packet.
    public static func decodeV3Text(_ body: String) throws(EngineIOError) -> [EnginePacket] {
        var packets: [EnginePacket] = []
        let utf16 = body.utf16
        var index = body.startIndex
        while index < body.endIndex {
            var length = 0
            var digits = 0
            while index < body.endIndex, let unit = body.utf8[index...].first, unit != UInt8(ascii: ":") {
                guard unit >= 48, unit <= 57, digits < 9 else { throw .bad("bad length prefix") }
                length = length * 10 + Int(unit - 48)
                digits += 1
                index = body.utf8.index(after: index)
            }
            guard index < body.endIndex, digits > 0 else { throw .bad("missing length prefix") }
            index = body.utf8.index(after: index)  // ':'
            guard let end = utf16.index(index, offsetBy: length, limitedBy: body.endIndex),
                String.Index(end, within: body.unicodeScalars) != nil
            else { throw .bad("length past the end of the payload") }
            packets.append(try EnginePacket.decode(text: body[index..<end], version: .v3))
            index = end
        }
        return packets
    }

    /// Encodes packets in the v3 binary framing (used when a payload contains binary and the client supports it).
    public static func encodeV3Binary(_ packets: [EnginePacket]) -> [UInt8] {
        var out: [UInt8] = []
        for packet in packets {
            let bytes: [UInt8]
            switch packet.body {
            case .text(let text):
                out.append(0)
                bytes = Array((String(UnicodeScalar(48 + packet.kind.rawValue)) + text).utf8)
            case .binary(let data):
                out.append(1)
                bytes = [packet.kind.rawValue] + data
            }
            for digit in String(bytes.count).utf8 { out.append(digit - 48) }
            out.append(0xff)
            out += bytes
        }
        return out
    }

    /// Decodes a v3 binary-framed body.
    /// - Throws: `E_EIO_BAD_PACKET` for a bad marker, bad length digits, a length past the end, or a bad packet.
    public static func decodeV3Binary(_ body: [UInt8]) throws(EngineIOError) -> [EnginePacket] {
        var packets: [EnginePacket] = []
        var index = 0
        while index < body.count {
            let isText = body[index] == 0
            guard body[index] <= 1 else { throw .bad("bad binary payload marker") }
            index += 1
            var length = 0
            var digits = 0
            while index < body.count, body[index] != 0xff {
                guard body[index] <= 9, digits < 9 else { throw .bad("bad binary payload length") }
                length = length * 10 + Int(body[index])
                digits += 1
                index += 1
            }
            guard index < body.count, digits > 0 else { throw .bad("missing binary payload length") }
            index += 1
            guard length <= body.count - index else { throw .bad("length past the end of the payload") }
            let slice = body[index..<(index + length)]
            index += length
            if isText {
                guard let text = String(validating: slice, as: UTF8.self) else { throw .bad("text is not UTF-8") }
                packets.append(try EnginePacket.decode(text: Substring(text), version: .v3))
            } else {
                guard let first = slice.first, let kind = EnginePacket.Kind(rawValue: first) else {
                    throw .bad("bad binary packet type")
                }
                packets.append(EnginePacket(kind, body: .binary(Array(slice.dropFirst()))))
            }
        }
        return packets
    }

    /// The v3 text form of one packet: binary bodies become `b<type><base64>`.
    static func v3Text(_ packet: EnginePacket) -> String {
        switch packet.body {
        case .text: return packet.encodedText
        case .binary(let bytes):
            return "b" + String(UnicodeScalar(48 + packet.kind.rawValue)) + Data(bytes).base64EncodedString()
        }
    }
}
