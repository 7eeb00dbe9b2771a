import HalyardCodecs
import HalyardServer

// How a connection serves HTTP/1.1: bytes go into the pure `HTTPRequestParser`; each complete request gets a
// sequence number and an `HTTPResponseWriter`, and is handed to the router. Writers may complete in any order
// and from any thread (they hop to this loop); responses are written strictly in request order (pipelining).
// Errors from the parser queue an error response (400/413/414/431/501/505) behind the outstanding ones, after
// which the connection closes. Only one timer runs: the header timeout from a request's first byte until its
// head is parsed (never extended by trickling bytes), otherwise the idle timeout while nothing is outstanding or
// while a body is being received (reset by each read). While a handler holds a request (long-polling), no timer
// runs: that handler owns the wait. An upgrade request stops parsing until the handler answers; on upgrade the
// TCP connection is handed to a `WebSocketConnection` together with any bytes read past the request.

/// Serves HTTP/1.1 on one TCP connection.
///
/// Owned by its event-loop thread.
final class HTTPConnectionHandler: TCPConnectionHandler, ServerConnection {
    let connection: TCPConnection
    let context: HTTPConnectionContext
    let registry: ConnectionRegistry
    var parser: HTTPRequestParser
    var head: HTTPRequestHead?
    var body: [UInt8] = []
    var nextSequence = 0
    var nextToSend = 0
    var exchanges: [Int: Exchange] = [:]
    /// No further requests are read; close once the outstanding responses are written.
    var closing = false
    var waitingForUpgrade = false
    var continuePending = false
    var phase = Phase.idle
    let timer: LoopTimer
    var finished = false
    var readPaused = false
    var date = HTTPDate()

    enum Phase { case idle, head, body }

    /// One request waiting for (or holding) its response.
    struct Exchange {
        let isHead: Bool
        let keepAlive: Bool
        let version: HTTPVersion
        let writer: HTTPResponseWriter?
        let request: HTTPRequest?
        var outcome: HTTPExchangeOutcome?
    }

    init(connection: TCPConnection, context: HTTPConnectionContext, registry: ConnectionRegistry) {
        self.connection = connection
        self.context = context
        self.registry = registry
        self.parser = HTTPRequestParser(limits: context.configuration.limits)
        self.timer = LoopTimer(on: connection.eventLoop)
    }

    func start() {
        connection.handler = self
        registry.add(self)
        if finished { return }
        connection.startReading()
        armTimer()
    }

    // MARK: reading

    func connectionDidRead(_ connection: TCPConnection, _ bytes: UnsafeRawBufferPointer) {
        guard !closing, !finished else { return }
        parser.feed(bytes)
        switch phase {
        case .idle:
            phase = .head
            timer.start(after: context.configuration.headerTimeout) { [unowned self] in headerTimedOut() }
        case .body:
            armTimer()
        case .head:
            break
        }
        process()
    }

    func connectionDidReadEOF(_ connection: TCPConnection) {
        // A peer that half-closes is treated as gone: held requests are cancelled.
        connection.close(.immediately)
    }

    func connectionDidClose(_ connection: TCPConnection, error: UVError?) {
        finish()
    }

    func connectionDidDrain(_ connection: TCPConnection) {
        resumeIfPaused()
    }

    /// Resumes reading (and parsing what is buffered) once the client caught up.
    func resumeIfPaused() {
        guard readPaused, !isBackedUp, !closing, !waitingForUpgrade, !finished else { return }
        readPaused = false
        connection.startReading()
        process()
    }

    /// Most requests read ahead of their responses; beyond it reading pauses until responses go out.
    static let maxPipelined = 32
    /// Outbound bytes above which reading pauses until the client has taken them.
    static let maxBufferedOutput = 1 << 20

    /// Whether reading is paused because the client is not taking its responses.
    var isBackedUp: Bool {
        exchanges.count >= Self.maxPipelined || connection.bufferedBytes >= Self.maxBufferedOutput
    }

    /// Parses as far as the buffered bytes go.
    func process() {
        while !closing, !waitingForUpgrade, !finished {
            if isBackedUp {
                connection.stopReading()
                readPaused = true
                break
            }
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                fail(error)
                return
            }
            guard let event else { break }
            switch event {
            case .head(let parsed):
                head = parsed
                body = []
                phase = .body
                armTimer()
                if parsed.expectsContinue { sendContinueWhenPossible() }
            case .body(let bytes):
                if body.isEmpty { body = bytes } else { body.append(contentsOf: bytes) }
            case .end:
                continuePending = false
                phase = .idle
                dispatch()
            }
        }
        if phase == .idle, !parser.isIdle, !closing, !waitingForUpgrade, !finished {
            phase = .head
            timer.start(after: context.configuration.headerTimeout) { [unowned self] in headerTimedOut() }
        } else if phase == .idle {
            armTimer()
        }
    }

    private func dispatch() {
        guard let head = self.head else { return }
        self.head = nil
        let sequence = nextSequence
        nextSequence += 1
        let writer = HTTPResponseWriter(eventLoop: connection.eventLoop, sequence: sequence, connection: self)
        let request = HTTPRequest(
            head: head, body: body, remoteAddress: connection.remoteAddress, eventLoop: connection.eventLoop)
        body = []
        exchanges[sequence] = Exchange(
            isHead: head.method == "HEAD", keepAlive: head.keepAlive, version: head.version, writer: writer,
            request: request, outcome: nil)
        if !head.keepAlive { closing = true }
        if head.isUpgrade { waitingForUpgrade = true }
        if closing || waitingForUpgrade { connection.stopReading() }
        context.router.respond(to: request, writer: writer)
    }

    private func fail(_ error: HTTPParserError) {
        closing = true
        connection.stopReading()
        let sequence = nextSequence
        nextSequence += 1
        var response = HTTPResponse.text(error.reason + "\n", status: error.status)
        response.headers.add(name: "X-Halyard-Error", value: error.code)
        exchanges[sequence] = Exchange(
            isHead: false, keepAlive: false, version: .http1_1, writer: nil, request: nil,
            outcome: .response(response))
        flush()
    }

    private func sendContinueWhenPossible() {
        if exchanges.isEmpty {
            connection.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        } else {
            continuePending = true
        }
    }

    // MARK: timers

    /// Idle timer when nothing is outstanding or a body is being read; none while a handler holds a request.
    func armTimer() {
        guard !finished else { return }
        switch phase {
        case .head:
            return
        case .body:
            timer.start(after: context.configuration.idleTimeout) { [unowned self] in connection.close(.immediately) }
        case .idle:
            if exchanges.isEmpty && !waitingForUpgrade {
                timer.start(after: context.configuration.idleTimeout) { [unowned self] in
                    connection.close(.immediately)
                }
            } else {
                timer.stop()
            }
        }
    }

    private func headerTimedOut() {
        if exchanges.isEmpty {
            closing = true
            connection.stopReading()
            var head = HTTPResponseHead(status: 408)
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "Content-Length", value: "0")
            connection.write(head.encoded)
            connection.close()
        } else {
            connection.close(.immediately)
        }
    }

    // MARK: shutdown

    func beginGracefulShutdown() {
        guard !finished else { return }
        closing = true
        if exchanges.isEmpty {
            // Nothing was answered or is owed, so no response can be lost by closing at once.
            // (Output still queued from this tick is flushed first.)
            let idle = phase == .idle && connection.bufferedBytes == 0
            connection.close(idle ? .immediately : .afterFlush)
        }
    }

    func forceClose() {
        connection.close(.immediately)
    }

    /// Releases everything once the TCP connection closed (or was handed to a WebSocket).
    func finish() {
        guard !finished else { return }
        finished = true
        timer.close()
        registry.remove(self)
        let writers = exchanges.values.compactMap(\.writer)
        exchanges = [:]
        for writer in writers { writer.cancel() }
    }
}

@available(*, unavailable) extension HTTPConnectionHandler: Sendable {}
