import Foundation
import HalyardCodecs
public import HalyardServer

/// Completes one request, now or later, from any thread: a response, or an upgrade to WebSocket.
///
/// Protected by `lock` (completion and cancel state); the connection it reports to is touched only on
/// `eventLoop`. The first `complete`/`upgrade` wins; later calls are ignored. When the client goes away first,
/// the `onCancel` handlers run (on `eventLoop`) and completing becomes a no-op — a long-poll holding a request
/// open learns this way that its client is gone.
///
///     router.on("GET", "/poll", writer: { request, writer in
///         writer.onCancel { queue.remove(waiter) }
///         queue.add { payload in writer.complete(.text(payload)) }   // later, from any thread
///     })
public final class HTTPResponseWriter: @unchecked Sendable {
    // @unchecked Sendable: `state` and `cancelHandlers` are guarded by `lock`; `connection` is only touched on
    // `eventLoop`; the other stored properties are immutable.
    /// The loop owning the request's connection; `onCancel` handlers run there.
    public let eventLoop: EventLoop
    let sequence: Int
    /// Set on the loop by the router before the handler runs (CORS); merged into the response head.
    var extraHeaders: HTTPHeaders = [:]
    weak var connection: HTTPConnectionHandler?
    private let lock = NSLock()
    private var state: State = .waiting
    private var cancelHandlers: [@Sendable () -> Void] = []

    private enum State { case waiting, completed, cancelled }

    /// Set instead of `connection` for requests that did not come from a socket (`Router.respond(to:)`).
    private let detached: (@Sendable (HTTPExchangeOutcome, HTTPHeaders) -> Void)?

    init(eventLoop: EventLoop, sequence: Int, connection: HTTPConnectionHandler?) {
        self.eventLoop = eventLoop
        self.sequence = sequence
        self.connection = connection
        self.detached = nil
    }

    init(eventLoop: EventLoop, detached: @escaping @Sendable (HTTPExchangeOutcome, HTTPHeaders) -> Void) {
        self.eventLoop = eventLoop
        self.sequence = 0
        self.connection = nil
        self.detached = detached
    }

    /// Sends `response` (hops to the connection's loop when called elsewhere).
    public func complete(_ response: HTTPResponse) {
        finish(.response(response))
    }

    /// Answers with the response for `error` (see `HTTPError.response(for:)`).
    public func fail(_ error: any Error) {
        finish(.response(HTTPError.response(for: error)))
    }

    /// Switches the connection to WebSocket: validates the handshake, sends 101 and hands a
    /// `WebSocketConnection` to `upgrade.onUpgrade` on the loop. An invalid handshake gets its error status.
    public func upgrade(_ upgrade: WebSocketUpgrade) {
        finish(.upgrade(upgrade))
    }

    /// True once the client went away before a response was sent.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return state == .cancelled
    }

    /// Registers `handler` to run on `eventLoop` if the client goes away before completion (at once if it
    /// already has).
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        switch state {
        case .waiting:
            cancelHandlers.append(handler)
            lock.unlock()
        case .cancelled:
            lock.unlock()
            eventLoop.execute(handler)
        case .completed:
            lock.unlock()
        }
    }

    private func finish(_ outcome: HTTPExchangeOutcome) {
        lock.lock()
        guard state == .waiting else {
            lock.unlock()
            return
        }
        state = .completed
        cancelHandlers = []
        lock.unlock()
        if let detached {
            eventLoop.execute { [self] in detached(outcome, self.extraHeaders) }
            return
        }
        if eventLoop.inEventLoop {
            connection?.complete(sequence: sequence, with: outcome)
        } else {
            eventLoop.execute { [self] in connection?.complete(sequence: sequence, with: outcome) }
        }
    }

    /// Called on the loop when the connection closed before completion.
    func cancel() {
        lock.lock()
        guard state == .waiting else {
            lock.unlock()
            return
        }
        state = .cancelled
        let handlers = cancelHandlers
        cancelHandlers = []
        lock.unlock()
        for handler in handlers { handler() }
    }
}

/// What a handler answered: a response, or an upgrade.
enum HTTPExchangeOutcome: Sendable {
    case response(HTTPResponse)
    case upgrade(WebSocketUpgrade)
}
