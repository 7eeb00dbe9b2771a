import Foundation
public import HalyardServer

/// An HTTP/1.1 + WebSocket server: one listener per event loop on a shared port, a router, graceful shutdown.
///
/// Immutable after `start` (the per-loop connection registries are owned by their loops; the shutdown state
/// is protected by its own lock).
///
///     var routes = RouterBuilder()
///     routes.get("/__health") { _ in .text("ok") }
///     let server = try await HTTPServer.start(router: try routes.build())
///     print("listening on \(server.localAddress)")        // "listening on 127.0.0.1:53124"
///     try await server.installSignalHandlers()              // SIGTERM/SIGINT → graceful shutdown
///     await server.waitUntilShutdown()
public final class HTTPServer: Sendable {
    /// The settings the server started with.
    public let configuration: HTTPServerConfiguration
    /// The routing table every connection uses.
    public let router: Router
    /// The loops serving connections.
    public let group: EventLoopGroup
    private let ownsGroup: Bool
    private let tcp: TCPServer
    private let registries: [LoopBound<ConnectionRegistry>]
    private let lifecycle = ServerLifecycle()

    /// The bound address; carries the real port when configured with port 0.
    public var localAddress: SocketAddress { tcp.localAddress }

    private init(
        configuration: HTTPServerConfiguration, router: Router, group: EventLoopGroup, ownsGroup: Bool,
        tcp: TCPServer, registries: [LoopBound<ConnectionRegistry>]
    ) {
        self.configuration = configuration
        self.router = router
        self.group = group
        self.ownsGroup = ownsGroup
        self.tcp = tcp
        self.registries = registries
    }

    /// Binds and starts serving.
    /// - Parameter group: the loops to use; by default a new group with one loop per core, stopped at shutdown.
    /// - Throws: `UVError` (`E_IO`) when binding fails (`EADDRINUSE`, `EADDRNOTAVAIL`, ...).
    public static func start(
        configuration: HTTPServerConfiguration = .init(), router: Router, group: EventLoopGroup? = nil
    ) async throws -> HTTPServer {
        let ownsGroup = group == nil
        let group = try group ?? EventLoopGroup()
        do {
            var registries: [LoopBound<ConnectionRegistry>] = []
            var byLoop: [ObjectIdentifier: LoopBound<ConnectionRegistry>] = [:]
            for loop in group.loops {
                let registry = try await loop.submit { LoopBound(ConnectionRegistry(), eventLoop: loop) }
                registries.append(registry)
                byLoop[ObjectIdentifier(loop)] = registry
            }
            let context = HTTPConnectionContext(router: router, configuration: configuration)
            let lookup = byLoop
            let tcp = try await TCPServer.bind(
                group: group, host: configuration.host, port: configuration.port, backlog: configuration.backlog
            ) { connection in
                guard let registry = lookup[ObjectIdentifier(connection.eventLoop)] else {
                    connection.close(.immediately)
                    return
                }
                let handler = HTTPConnectionHandler(connection: connection, context: context, registry: registry.value)
                handler.start()
            }
            return HTTPServer(
                configuration: configuration, router: router, group: group, ownsGroup: ownsGroup, tcp: tcp,
                registries: registries)
        } catch {
            if ownsGroup { await Self.stop(group) }
            throw error
        }
    }

    /// Graceful shutdown: stop accepting, let in-flight requests finish, close WebSockets with 1001, then after
    /// `deadline` (default: `configuration.shutdownDeadline`) close whatever is left. Returns when done; a
    /// second call waits for the first.
    public func shutdown(deadline: Duration? = nil) async {
        guard lifecycle.beginShutdown() else {
            await waitUntilShutdown()
            return
        }
        let deadline = deadline ?? configuration.shutdownDeadline
        await tcp.stopAccepting()
        for hook in lifecycle.takeShutdownHooks() { await hook() }
        for registry in registries {
            _ = try? await registry.eventLoop.submit { registry.value.beginShutdown() }
        }
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: deadline)
        while clock.now < end, await openConnectionCount() > 0 {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for registry in registries {
            _ = try? await registry.eventLoop.submit { registry.value.forceCloseAll() }
        }
        let settle = clock.now.advanced(by: .seconds(1))
        while clock.now < settle, await openConnectionCount() > 0 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        for watcher in lifecycle.takeSignalWatchers() {
            _ = try? await watcher.eventLoop.submit { watcher.value.close() }
        }
        if ownsGroup { await Self.stop(group) }
        lifecycle.finish()
    }

    /// Registers `hook` to run when a shutdown starts: after accepting stopped, before in-flight requests are
    /// waited for. Engine.IO uses it to answer held long-polls and close its sessions, so that shutdown does not
    /// wait for the deadline.
    ///
    ///     server.onShutdown { await io.shutdown() }
    public func onShutdown(_ hook: @escaping @Sendable () async -> Void) {
        lifecycle.addShutdownHook(hook)
    }

    /// Returns once a shutdown (from `shutdown` or a signal) has completed.
    public func waitUntilShutdown() async {
        await lifecycle.waitUntilFinished()
    }

    /// Shuts down gracefully (with `configuration.shutdownDeadline`) on SIGTERM or SIGINT.
    /// - Throws: `UVError` (`E_IO`) naming `uv_signal_start` when a signal cannot be watched.
    public func installSignalHandlers() async throws {
        let loop = group.loops[0]
        for signal in [SIGTERM, SIGINT] {
            let watcher = try await loop.submit {
                let watcher = try SignalWatcher(on: loop, signal: signal) { [self] in
                    Task { await self.shutdown() }
                }
                return LoopBound(watcher, eventLoop: loop)
            }
            lifecycle.addSignalWatcher(watcher)
        }
    }

    /// Number of open connections (HTTP and WebSocket) on every loop.
    public func openConnectionCount() async -> Int {
        var count = 0
        for registry in registries {
            count += (try? await registry.eventLoop.submit { registry.value.connections.count }) ?? 0
        }
        return count
    }

    /// Stops the loops off the cooperative thread pool (stopping blocks until their threads end).
    private static func stop(_ group: EventLoopGroup) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                group.shutdownGracefully()
                continuation.resume()
            }
        }
    }
}

/// What every connection of one server shares.
struct HTTPConnectionContext: Sendable {
    let router: Router
    let configuration: HTTPServerConfiguration
}

/// Shutdown progress of a server; protected by `lock`.
private final class ServerLifecycle: @unchecked Sendable {
    // @unchecked Sendable: every stored property is only accessed under `lock`.
    private let lock = NSLock()
    private var started = false
    private var finished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var watchers: [LoopBound<SignalWatcher>] = []
    private var hooks: [@Sendable () async -> Void] = []

    func addShutdownHook(_ hook: @escaping @Sendable () async -> Void) {
        lock.lock()
        hooks.append(hook)
        lock.unlock()
    }

    func takeShutdownHooks() -> [@Sendable () async -> Void] {
        lock.lock()
        defer { lock.unlock() }
        let taken = hooks
        hooks = []
        return taken
    }

    func beginShutdown() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if started { return false }
        started = true
        return true
    }

    func addSignalWatcher(_ watcher: LoopBound<SignalWatcher>) {
        lock.lock()
        watchers.append(watcher)
        lock.unlock()
    }

    func takeSignalWatchers() -> [LoopBound<SignalWatcher>] {
        lock.lock()
        defer { lock.unlock() }
        let taken = watchers
        watchers = []
        return taken
    }

    func finish() {
        lock.lock()
        finished = true
        let waiting = waiters
        waiters = []
        lock.unlock()
        for waiter in waiting { waiter.resume() }
    }

    func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if finished {
                lock.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }
}
