import HalyardSocketIO

/// The Socket.IO part of halyard-echo, on namespace `/`:
/// - `echo` acks with the same arguments;
/// - `join {room}` / `leave {room}` ack `true`;
/// - `broadcast {room, event, data}` emits `event` with `data` to the room's members except the sender and acks
///   the number of local recipients.
///
/// Kept out of main.swift so that its closures are not inferred `@MainActor` (they run on event loops).
enum EchoSocketIO {
    static func configuration() -> SocketIOConfiguration {
        var config = SocketIOConfiguration()
        config.engine.maxPayload = 64 << 20
        config.namespace("/") { root in
            root.on("echo") { _, args, ack in ack?.send(args) }
            root.on("join") { socket, args, ack in
                guard let room = args.first?["room"]?.stringValue else { return ack?.send([false]) ?? () }
                socket.join(room)
                ack?.send([true])
            }
            root.on("leave") { socket, args, ack in
                guard let room = args.first?["room"]?.stringValue else { return ack?.send([false]) ?? () }
                socket.leave(room)
                ack?.send([true])
            }
            root.on("broadcast") { socket, args, ack in
                guard let request = args.first, let room = request["room"]?.stringValue,
                    let event = request["event"]?.stringValue
                else { return ack?.send([false]) ?? () }
                socket.namespace.broadcast(
                    event, [request["data"] ?? .null], to: BroadcastOptions(rooms: [room], except: [socket.id])
                ) { count in ack?.send([.int(count)]) }
            }
        }
        return config
    }
}
