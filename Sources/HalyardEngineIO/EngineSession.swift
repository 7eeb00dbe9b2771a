import Foundation

// How a session works
// -------------------
// An EngineSession is the pure state machine of one Engine.IO session. It knows nothing of sockets or HTTP: the
// transport glue (EngineServer) feeds it what arrived (a polling GET, a POST body, a WebSocket message, a timer
// tick, a closed WebSocket) with the current time in milliseconds, and performs the returned actions in order.
//
// Polling: at most one GET is parked at a time ("pollPending"); packets sent while it is parked answer it at
// once, otherwise they wait in `queue` for the next GET. Upgrade: a second WebSocket with the same sid is the
// "probe"; `2probe` is answered `3probe` on it and the parked GET is released with a noop; `5` makes it the
// active transport and moves the queue onto it. Heartbeat: v4 the server pings every pingInterval and closes
// after pingTimeout without pong; v3 the client pings and the server closes after pingInterval + pingTimeout of
// silence (any packet counts).

/// The pure state machine of one Engine.IO session (handshake, transports, upgrade, heartbeat, close).
///
/// Owned by the session's event-loop thread (it is a value; its holder is loop-owned).
///
///     var session = EngineSession(sid: "abc", version: .v4, transport: .websocket, configuration: config, now: 0)
///     session.open()                 // [.sendWebSocket(0{"sid":"abc",...})]
///     session.tick(now: 25_000)      // [.sendWebSocket(2)]
public struct EngineSession: Sendable {
    /// Where packets currently travel.
    public enum Transport: String, Sendable {
        case polling, websocket
    }

    /// Why a session ended (also the reason logged and given to the upper layer).
    public enum CloseReason: String, Sendable, Equatable {
        case clientClose = "client close"
        case serverClose = "server close"
        case transportClose = "transport close"
        case pingTimeout = "ping timeout"
        case parseError = "parse error"
        case payloadTooLarge = "payload too large"
        case overlappingPoll = "overlapping poll"
        case backpressure = "outbound buffer full"
    }

    /// A body for an HTTP polling response.
    public struct PollResponse: Sendable, Equatable {
        public var contentType: String
        public var body: [UInt8]

        public init(contentType: String, body: [UInt8]) {
            self.contentType = contentType
            self.body = body
        }
    }

    /// What the transport glue must do, in order.
    public enum Action: Sendable, Equatable {
        /// Answer the parked (or current) polling GET with 200 and this body.
        case respondPoll(PollResponse)
        /// Answer the current request (POST, or a rejected GET) with a status and body.
        case replyCurrent(status: Int, contentType: String, body: [UInt8])
        /// Send a packet on the active WebSocket.
        case sendWebSocket(EnginePacket)
        /// Send a packet on the probing WebSocket.
        case sendProbe(EnginePacket)
        /// The probe WebSocket becomes the active transport.
        case promoteProbe
        /// Close the active (or probing) WebSocket.
        case closeWebSocket(probe: Bool)
        /// A message for the upper layer.
        case deliver(EnginePacket.Body)
        /// The session ended; remove it and tell the upper layer.
        case closed(CloseReason)
    }

    public let sid: String
    public let version: EngineVersion
    public let configuration: EngineConfiguration
    /// The active transport.
    public private(set) var transport: Transport
    /// True while a WebSocket upgrade probe is in progress.
    public private(set) var probing = false
    /// True once the session has ended.
    public private(set) var isClosed = false
    /// True when `v3 binary` polling responses must use base64 (`b64=1`).
    public var base64Only = false

    private var pollPending = false
    /// True while a polling GET is parked.
    public var isPollPending: Bool { pollPending }
    private var queue: [EnginePacket] = []
    /// Bytes of text/binary waiting in the polling queue (for the backpressure cap).
    public private(set) var queuedBytes = 0
    private var awaitingPong = false
    private var heartbeatDeadline: UInt64
    private var probeDeadline: UInt64 = .max

    /// Creates a session; call ``open()`` next.
    public init(
        sid: String, version: EngineVersion, transport: Transport, configuration: EngineConfiguration,
        now: UInt64
    ) {
        self.sid = sid
        self.version = version
        self.transport = transport
        self.configuration = configuration
        self.heartbeatDeadline =
            version == .v4
            ? now + configuration.pingInterval : now + configuration.pingInterval + configuration.pingTimeout
    }

    /// True when packets may be written straight to the active WebSocket (the broadcast fast path).
    public var writesDirectly: Bool { transport == .websocket && !isClosed }

    /// The earliest time ``tick(now:)`` has work to do.
    public var nextDeadline: UInt64 { isClosed ? .max : min(heartbeatDeadline, probeDeadline) }

    /// The open packet: `0{"sid":…,"upgrades":[…],"pingInterval":…,"pingTimeout":…[,"maxPayload":…]}`.
    public var openPacket: EnginePacket {
        let upgrades = transport == .polling && configuration.allowWebSocket ? "[\"websocket\"]" : "[]"
        var json = "{\"sid\":\"\(sid)\",\"upgrades\":\(upgrades),\"pingInterval\":\(configuration.pingInterval)"
        json += ",\"pingTimeout\":\(configuration.pingTimeout)"
        if version == .v4 { json += ",\"maxPayload\":\(configuration.maxPayload)" }
        return EnginePacket(.open, text: json + "}")
    }

    /// Sends the open packet (over WebSocket at once; over polling it answers the handshake GET, together with
    /// anything the upper layer sends before ``receivePoll(now:)``).
    public mutating func open() -> [Action] {
        send(openPacket)
    }

    /// Sends one packet to the client.
    public mutating func send(_ packet: EnginePacket) -> [Action] {
        if isClosed { return [] }
        if transport == .websocket { return [.sendWebSocket(packet)] }
        queue.append(packet)
        queuedBytes += packet.byteCount
        if pollPending {
            pollPending = false
            return [.respondPoll(flush())]
        }
        return []
    }

    /// A polling GET arrived for this session.
    public mutating func receivePoll(now: UInt64) -> [Action] {
        if isClosed { return [Self.errorReply(.unknownSID)] }
        if transport == .websocket { return [Self.errorReply(.badRequest)] }
        if pollPending {
            var actions: [Action] = [Self.errorReply(.badRequest)]
            actions += close(reason: .overlappingPoll)
            return actions
        }
        if !queue.isEmpty { return [.respondPoll(flush())] }
        if probing { return [.respondPoll(encode([EnginePacket(.noop)]))] }
        pollPending = true
        return []
    }

    /// A polling POST body arrived for this session.
    public mutating func receivePost(_ body: [UInt8], contentType: String?, now: UInt64) -> [Action] {
        if isClosed { return [Self.errorReply(.unknownSID)] }
        if transport == .websocket { return [Self.errorReply(.badRequest)] }
        if body.count > configuration.maxPayload {
            return [
                .replyCurrent(
                    status: 413, contentType: "application/json", body: Self.errorBody(3, "Payload Too Large"))
            ]
                + close(reason: .payloadTooLarge)
        }
        let packets: [EnginePacket]
        do {
            packets = try decodePost(body, contentType: contentType)
        } catch {
            return [Self.errorReply(.badRequest)] + close(reason: .parseError)
        }
        var actions: [Action] = [.replyCurrent(status: 200, contentType: "text/html", body: Array("ok".utf8))]
        for packet in packets where !isClosed {
            actions += handle(packet, now: now)
        }
        return actions
    }

    /// A WebSocket message arrived on the active transport (`probe == false`) or the upgrade probe.
    public mutating func receiveWebSocket(_ data: WebSocketData, probe: Bool, now: UInt64) -> [Action] {
        if isClosed { return [] }
        let size: Int
        switch data {
        case .text(let text): size = text.utf8.count
        case .binary(let bytes): size = bytes.count
        }
        if size > configuration.maxPayload { return close(reason: .payloadTooLarge) }
        guard let packet = try? EnginePacket.decode(webSocket: data, version: version) else {
            return close(reason: .parseError)
        }
        if probe { return receiveProbe(packet, now: now) }
        return handle(packet, now: now)
    }

    /// A probe WebSocket attached; returns false (refuse it) when this session cannot upgrade now.
    public mutating func attachProbe(now: UInt64) -> Bool {
        guard !isClosed, transport == .polling, !probing, configuration.allowWebSocket else { return false }
        probing = true
        probeDeadline = now + configuration.upgradeTimeout
        return true
    }

    /// The WebSocket closed (the client went away or the connection failed).
    public mutating func webSocketClosed(probe: Bool) -> [Action] {
        if isClosed { return [] }
        if probe {
            probing = false
            probeDeadline = .max
            return []
        }
        return finish(.transportClose, closeSocket: false)
    }

    /// Advances timers: heartbeat (v4 ping / pong timeout, v3 silence) and the upgrade timeout.
    public mutating func tick(now: UInt64) -> [Action] {
        if isClosed { return [] }
        var actions: [Action] = []
        if probing, now >= probeDeadline {
            probing = false
            probeDeadline = .max
            actions.append(.closeWebSocket(probe: true))
        }
        guard now >= heartbeatDeadline else { return actions }
        if version == .v3 || awaitingPong { return actions + close(reason: .pingTimeout) }
        awaitingPong = true
        heartbeatDeadline = now + configuration.pingTimeout
        return actions + send(EnginePacket(.ping))
    }

    /// Ends the session from the server side (a polling client gets a close packet in its parked GET).
    public mutating func close(reason: CloseReason) -> [Action] {
        if isClosed { return [] }
        var actions: [Action] = []
        if transport == .polling, pollPending {
            pollPending = false
            queue.append(EnginePacket(.close))
            actions.append(.respondPoll(flush()))
        }
        return actions + finish(reason, closeSocket: transport == .websocket)
    }

    // MARK: - Internals

    private mutating func receiveProbe(_ packet: EnginePacket, now: UInt64) -> [Action] {
        guard probing else { return [] }
        if packet.kind == .ping, packet.body == .text("probe") {
            var actions: [Action] = [.sendProbe(EnginePacket(.pong, text: "probe"))]
            if pollPending {
                pollPending = false
                actions.append(.respondPoll(encode([EnginePacket(.noop)])))
            }
            return actions
        }
        guard packet.kind == .upgrade else { return [] }
        probing = false
        probeDeadline = .max
        transport = .websocket
        var actions: [Action] = []
        if pollPending {
            pollPending = false
            actions.append(.respondPoll(encode([EnginePacket(.noop)])))
        }
        actions.append(.promoteProbe)
        for queued in queue { actions.append(.sendWebSocket(queued)) }
        queue.removeAll()
        queuedBytes = 0
        return actions
    }

    private mutating func handle(_ packet: EnginePacket, now: UInt64) -> [Action] {
        if version == .v3 { heartbeatDeadline = now + configuration.pingInterval + configuration.pingTimeout }
        switch packet.kind {
        case .message: return [.deliver(packet.body)]
        case .close:
            var actions: [Action] = []
            if pollPending {
                pollPending = false
                actions.append(.respondPoll(encode([EnginePacket(.noop)])))
            }
            return actions + finish(.clientClose, closeSocket: transport == .websocket)
        case .ping:
            guard version == .v3 else { return [] }
            return send(EnginePacket(.pong, body: packet.body))
        case .pong:
            if version == .v4, awaitingPong {
                awaitingPong = false
                heartbeatDeadline = now + configuration.pingInterval
            }
            return []
        case .upgrade, .noop: return []
        case .open: return close(reason: .parseError)
        }
    }

    private mutating func finish(_ reason: CloseReason, closeSocket: Bool) -> [Action] {
        isClosed = true
        var actions: [Action] = []
        if probing { actions.append(.closeWebSocket(probe: true)) }
        probing = false
        if closeSocket { actions.append(.closeWebSocket(probe: false)) }
        queue.removeAll()
        queuedBytes = 0
        actions.append(.closed(reason))
        return actions
    }

    private mutating func flush() -> PollResponse {
        let response = encode(queue)
        queue.removeAll(keepingCapacity: false)
        queuedBytes = 0
        return response
    }

    /// Encodes a polling response body for this session's protocol version.
    func encode(_ packets: [EnginePacket]) -> PollResponse {
        switch version {
        case .v4:
            return PollResponse(
                contentType: "text/plain; charset=UTF-8", body: Array(EnginePayload.encodeV4(packets).utf8))
        case .v3:
            let hasBinary = packets.contains { if case .binary = $0.body { return true } else { return false } }
            if hasBinary, !base64Only {
                return PollResponse(
                    contentType: "application/octet-stream", body: EnginePayload.encodeV3Binary(packets))
            }
            return PollResponse(
                contentType: "text/plain; charset=UTF-8", body: Array(EnginePayload.encodeV3Text(packets).utf8))
        }
    }

    private func decodePost(_ body: [UInt8], contentType: String?) throws(EngineIOError) -> [EnginePacket] {
        switch version {
        case .v4: return try EnginePayload.decodeV4(body)
        case .v3:
            if let contentType, contentType.hasPrefix("application/octet-stream") {
                return try EnginePayload.decodeV3Binary(body)
            }
            guard let text = String(validating: body, as: UTF8.self) else { throw .bad("payload is not UTF-8") }
            return try EnginePayload.decodeV3Text(text)
        }
    }

    /// The JSON error body Engine.IO servers answer with: `{"code":1,"message":"Session ID unknown"}`.
    public static func errorBody(_ code: Int, _ message: String) -> [UInt8] {
        Array("{\"code\":\(code),\"message\":\"\(message)\"}".utf8)
    }

    /// The HTTP reply for a handshake or request error (400, or 403 for `E_EIO_FORBIDDEN`).
    public static func errorReply(_ error: EngineIOError) -> Action {
        let (code, message, status): (Int, String, Int)
        switch error.code {
        case EngineIOError.unknownTransport.code: (code, message, status) = (0, "Transport unknown", 400)
        case EngineIOError.unknownSID.code: (code, message, status) = (1, "Session ID unknown", 400)
        case EngineIOError.forbidden.code: (code, message, status) = (4, "Forbidden", 403)
        case EngineIOError.unsupportedVersion.code: (code, message, status) = (5, "Unsupported protocol version", 400)
        default: (code, message, status) = (3, "Bad request", 400)
        }
        return .replyCurrent(status: status, contentType: "application/json", body: errorBody(code, message))
    }
}

extension EnginePacket {
    /// Approximate bytes this packet occupies on the wire.
    var byteCount: Int {
        switch body {
        case .text(let text): return text.utf8.count + 1
        case .binary(let bytes): return bytes.count + 1
        }
    }
}
