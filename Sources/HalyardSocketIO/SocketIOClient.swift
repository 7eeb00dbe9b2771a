import HalyardEngineIO

/// Settings a client needs at run time.
struct ClientSettings: Sendable {
    let namespaces: [String: Namespace]
    let ackTimeout: UInt64
}

/// One Engine.IO session seen by Socket.IO: decodes packets, connects namespaces, dispatches events and acks.
///
/// Owned by its event-loop thread (the engine socket's loop). A bad packet closes only this client, with a
/// log line.
final class SocketIOClient: EngineSocketDelegate {
    let engine: EngineSocket
    let settings: ClientSettings
    var sockets: [String: Socket] = [:]
    private var reassembler = BinaryReassembler()
    private let tag: EngineVersionTag

    init(engine: EngineSocket, settings: ClientSettings) {
        self.engine = engine
        self.settings = settings
        self.tag = engine.version == .v3 ? .v4 : .v5
    }

    /// Sends a packet: its text, then its binary attachments.
    func send(_ packet: SocketIOPacket) {
        let encoded = packet.encode()
        engine.send(text: encoded.text)
        for attachment in encoded.attachments { engine.send(binary: attachment) }
    }

    func engineSocket(_ socket: EngineSocket, didReceive message: EnginePacket.Body) {
        do throws(SocketIOError) {
            switch message {
            case .text(let text):
                guard !reassembler.isWaiting else { throw .badPacket("text packet while awaiting attachments") }
                let (packet, attachments) = try SocketIOPacket.decode(text, version: tag)
                if packet.kind == .binaryEvent || packet.kind == .binaryAck {
                    if let complete = try reassembler.start(packet, attachments: attachments) { handle(complete) }
                } else {
                    handle(packet)
                }
            case .binary(let bytes):
                if let complete = try reassembler.add(bytes) { handle(complete) }
            }
        } catch {
            EngineLog.log("socket.io: closing session \(engine.id): \(error)")
            engine.close()
        }
    }

    func engineSocketDidClose(_ socket: EngineSocket, reason: EngineSession.CloseReason) {
        let reason = reason == .clientClose ? "client namespace disconnect" : reason.rawValue
        for socket in Array(sockets.values) { socket.detach(reason: reason) }
    }

    private func handle(_ packet: SocketIOPacket) {
        switch packet.kind {
        case .connect:
            connect(packet.namespace, auth: packet.data)
        case .disconnect:
            sockets[packet.namespace]?.detach(reason: "client namespace disconnect")
        case .event, .binaryEvent:
            guard let socket = sockets[packet.namespace], case .array(let elements)? = packet.data,
                case .string(let event)? = elements.first
            else { return }
            let ack = packet.id.map { Ack(socket: socket.handle, id: $0) }
            socket.namespace.configuration.events[event]?(socket, Array(elements.dropFirst()), ack)
        case .ack, .binaryAck:
            guard let socket = sockets[packet.namespace], let id = packet.id else { return }
            socket.receiveAck(id, packet.data?.arrayValue ?? [])
        case .connectError:
            return
        }
    }

    /// Connects this client to a namespace (CONNECT from the client, or the automatic `/` for EIO3).
    func connect(_ name: String, auth: SocketValue?) {
        guard sockets[name] == nil else { return }
        guard let namespace = settings.namespaces[name], let shard = namespace.local.shard(for: engine.eventLoop) else {
            return refuse(name, message: "Invalid namespace", data: nil)
        }
        let id: String
        if tag == .v5 {
            id = EngineSID.generate()
        } else {
            id = name == "/" ? engine.id : "\(name)#\(engine.id)"
        }
        let socket = Socket(id: id, namespace: namespace, auth: auth, client: self, shard: shard)
        for middleware in namespace.configuration.middleware {
            do {
                try middleware(socket, auth)
            } catch let refusal as ConnectRefusal {
                return refuse(name, message: refusal.message, data: refusal.data)
            } catch {
                return refuse(name, message: "\(error)", data: nil)
            }
        }
        sockets[name] = socket
        shard.add(socket)
        send(SocketIOPacket(.connect, namespace: name, data: tag == .v5 ? ["sid": .string(id)] : nil))
        namespace.configuration.onConnection?(socket)
    }

    private func refuse(_ name: String, message: String, data: SocketValue?) {
        var payload: SocketValue = .string(message)
        if tag == .v5 {
            var object: [String: SocketValue] = ["message": .string(message)]
            if let data { object["data"] = data }
            payload = .object(object)
        }
        send(SocketIOPacket(.connectError, namespace: name, data: payload))
    }
}

@available(*, unavailable) extension SocketIOClient: Sendable {}
