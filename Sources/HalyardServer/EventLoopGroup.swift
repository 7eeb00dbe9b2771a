import Foundation

/// A fixed set of event loops, handed out round-robin; by default one per core.
///
/// Immutable after init except `nextIndex`, which is protected by `lock`.
///
///     let group = try EventLoopGroup()          // one loop per core
///     let loop = group.next()
public final class EventLoopGroup: @unchecked Sendable {
    // @unchecked Sendable: `loops` is immutable; `nextIndex` is only touched under `lock`.
    /// The loops, in creation order.
    public let loops: [EventLoop]
    private let lock = NSLock()
    private var nextIndex = 0

    /// Starts `count` loops (default: the number of active processor cores).
    /// - Throws: `UVError` (`E_IO`) when a loop cannot start.
    public init(count: Int = ProcessInfo.processInfo.activeProcessorCount) throws(UVError) {
        var loops: [EventLoop] = []
        for index in 0..<Swift.max(count, 1) {
            loops.append(try EventLoop(name: "halyard-io-\(index)"))
        }
        self.loops = loops
    }

    /// The next loop, round-robin.
    public func next() -> EventLoop {
        lock.lock()
        defer { lock.unlock() }
        nextIndex = (nextIndex + 1) % loops.count
        return loops[nextIndex]
    }

    /// Stops every loop and waits for their threads.
    public func shutdownGracefully() {
        for loop in loops { loop.shutdownGracefully() }
    }
}
