/// One Socket.IO packet: `type [attachments "-"] [namespace ","] [ackId] [json]`.
///
/// The same text form serves Socket.IO v5 (EIO4) and v4 (EIO3). Binary values inside `data` travel as
/// attachments: the JSON holds `{"_placeholder":true,"num":i}` and the packet type becomes BINARY_EVENT/ACK.
///
///     SocketIOPacket(.event, namespace: "/admin", id: 7, data: ["foo", 1]).encode().text   // 2/admin,7["foo",1]
///     SocketIOPacket(.event, data: ["bin", .binary([1])]).encode()   // text 51-["bin",{"_placeholder":true,"num":0}]
public struct SocketIOPacket: Sendable, Equatable {
    /// Packet types.
    public enum Kind: UInt8, Sendable {
        case connect = 0
        case disconnect, event, ack, connectError, binaryEvent, binaryAck
    }

    /// A packet's wire form: the text of the Engine.IO message and its binary attachments.
    public struct Encoded: Sendable, Equatable {
        public var text: String
        public var attachments: [[UInt8]]
    }

    public var kind: Kind
    public var namespace: String
    public var id: Int?
    public var data: SocketValue?

    public init(_ kind: Kind, namespace: String = "/", id: Int? = nil, data: SocketValue? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.id = id
        self.data = data
    }

    /// The most attachments one incoming packet may announce.
    public static let maxAttachments = 64

    /// Encodes the packet; EVENT/ACK with binary inside become BINARY_EVENT/BINARY_ACK.
    public func encode() -> Encoded {
        var attachments: [[UInt8]] = []
        var json: [UInt8] = []
        if let data { Self.write(data, into: &json, attachments: &attachments) }
        var kind = self.kind
        if !attachments.isEmpty {
            if kind == .event { kind = .binaryEvent }
            if kind == .ack { kind = .binaryAck }
        }
        var out: [UInt8] = [48 + kind.rawValue]
        if kind == .binaryEvent || kind == .binaryAck {
            out += String(attachments.count).utf8
            out.append(UInt8(ascii: "-"))
        }
        if namespace != "/" {
            out += namespace.utf8
            out.append(UInt8(ascii: ","))
        }
        if let id { out += String(id).utf8 }
        out += json
        return Encoded(text: String(decoding: out, as: UTF8.self), attachments: attachments)
    }

    private static func write(_ value: SocketValue, into out: inout [UInt8], attachments: inout [[UInt8]]) {
        switch value {
        case .binary(let bytes):
            out += "{\"_placeholder\":true,\"num\":\(attachments.count)}".utf8
            attachments.append(bytes)
        case .array(let elements) where value.containsBinary:
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out, attachments: &attachments)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members) where value.containsBinary:
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                SocketValue.writeJSONString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member, into: &out, attachments: &attachments)
            }
            out.append(UInt8(ascii: "}"))
        default:
            value.writeJSON(into: &out)
        }
    }

    /// Decodes the text of an Engine.IO message into a packet and the number of binary attachments that follow.
    ///
    /// Enforces: a known type; attachments only on binary types (at most ``maxAttachments``); EVENT data is a
    /// non-empty array starting with a string; ACK has an id and array data; CONNECT data is absent or an object;
    /// DISCONNECT has no data; clients never send CONNECT_ERROR.
    /// - Throws: `E_SIO_BAD_PACKET` or `E_SIO_BAD_JSON`.
    public static func decode(_ text: String, version: EngineVersionTag = .v5) throws(SocketIOError)
        -> (packet: SocketIOPacket, attachments: Int)
    {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first >= 48, let kind = Kind(rawValue: first - 48) else {
            throw .badPacket("unknown packet type")
        }
        var index = 1
        var attachments = 0
        if kind == .binaryEvent || kind == .binaryAck {
            var digits = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: "-") {
                guard bytes[index] >= 48, bytes[index] <= 57, digits < 4 else {
                    throw .badPacket("bad attachment count")
                }
                attachments = attachments * 10 + Int(bytes[index] - 48)
                digits += 1
                index += 1
            }
            guard index < bytes.count, digits > 0 else { throw .badPacket("missing attachment count") }
            guard attachments <= maxAttachments else { throw .badPacket("too many attachments") }
            index += 1
        }
        var namespace = "/"
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: ",") { index += 1 }
            guard let nsp = String(validating: bytes[start..<index], as: UTF8.self) else {
                throw .badPacket("namespace is not UTF-8")
            }
            namespace = nsp
            if version == .v4, let query = namespace.firstIndex(of: "?") { namespace = String(namespace[..<query]) }
            if index < bytes.count { index += 1 }
        }
        var id: Int?
        var digits = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            guard digits < 15 else { throw .badPacket("ack id too long") }
            id = (id ?? 0) * 10 + Int(bytes[index] - 48)
            digits += 1
            index += 1
        }
        var data: SocketValue?
        if index < bytes.count { data = try SocketValue(json: bytes[index...]) }
        let packet = SocketIOPacket(kind, namespace: namespace, id: id, data: data)
        try packet.validateIncoming()
        return (packet, attachments)
    }

    private func validateIncoming() throws(SocketIOError) {
        switch kind {
        case .connect:
            if let data, case .object = data {
            } else if data != nil {
                throw .badPacket("CONNECT payload must be an object")
            }
        case .disconnect:
            guard data == nil else { throw .badPacket("DISCONNECT carries no payload") }
        case .event, .binaryEvent:
            guard let elements = data?.arrayValue, elements.first?.stringValue != nil else {
                throw .badPacket("EVENT payload must be an array starting with the event name")
            }
        case .ack, .binaryAck:
            guard id != nil, data?.arrayValue != nil else { throw .badPacket("ACK needs an id and an array payload") }
        case .connectError:
            throw .badPacket("clients do not send CONNECT_ERROR")
        }
    }
}

/// The Socket.IO protocol revision carried by an Engine.IO session: v5 on EIO4, v4 on EIO3.
public enum EngineVersionTag: Sendable {
    case v4, v5
}
