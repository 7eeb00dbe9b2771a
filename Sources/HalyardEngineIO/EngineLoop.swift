import Foundation

/// The event loop a session lives on: a serial executor with timers.
///
/// HalyardServer's `EventLoop` conforms (see `EventLoop+EngineLoop.swift`); ``DispatchEngineLoop`` is a
/// Dispatch-queue implementation for tests and tools.
public protocol EngineLoop: AnyObject, Sendable {
    /// True when called on this loop's thread.
    var inEventLoop: Bool { get }
    /// Runs `job` on the loop, after jobs submitted before it. Safe from any thread.
    func execute(_ job: @escaping @Sendable () -> Void)
    /// Runs `body` on the loop after `milliseconds`; call on the loop.
    func schedule(afterMilliseconds milliseconds: UInt64, _ body: @escaping () -> Void)
}

extension EngineLoop {
    /// Runs `job` inline when already on the loop, else enqueues it.
    public func executeOrInline(_ job: @escaping @Sendable () -> Void) {
        if inEventLoop { job() } else { execute(job) }
    }
}

/// An ``EngineLoop`` on a serial Dispatch queue.
///
/// Protected by its queue: everything it runs is serialised on `queue`.
public final class DispatchEngineLoop: EngineLoop {
    private let queue: DispatchQueue
    private let key = DispatchSpecificKey<ObjectIdentifier>()

    public init(label: String = "halyard.engine-loop") {
        queue = DispatchQueue(label: label)
        queue.setSpecific(key: key, value: ObjectIdentifier(self))
    }

    public var inEventLoop: Bool { DispatchQueue.getSpecific(key: key) == ObjectIdentifier(self) }

    public func execute(_ job: @escaping @Sendable () -> Void) { queue.async(execute: job) }

    public func schedule(afterMilliseconds milliseconds: UInt64, _ body: @escaping () -> Void) {
        let box = UncheckedBox(body)
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(min(milliseconds, 1 << 40)))) { box.value() }
    }
}

/// Carries a loop-owned value into a job that runs on its owning loop.
///
/// `@unchecked Sendable`: the value is only used on its owning loop's thread (it may be created elsewhere before
/// it is published to that loop through `execute`, whose queue lock orders the accesses).
package struct UncheckedBox<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}
