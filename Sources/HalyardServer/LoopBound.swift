/// A `Sendable` box around a loop-owned value: it can travel between threads, but its value may only be
/// touched on its event loop's thread.
///
/// Owned by its event-loop thread (the box checks it on every access).
///
///     let bound = LoopBound(connection, eventLoop: loop)
///     loop.execute { bound.value.send(text: "hi") }
public struct LoopBound<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only reachable through accessors that check `eventLoop.inEventLoop`.
    private let storage: Value
    /// The loop that owns the value.
    public let eventLoop: EventLoop

    /// Wraps `value`; must be called on `eventLoop`'s thread.
    public init(_ value: Value, eventLoop: EventLoop) {
        precondition(eventLoop.inEventLoop, "LoopBound created off its event loop")
        self.storage = value
        self.eventLoop = eventLoop
    }

    /// The value; traps when read off the owning loop's thread (a programming error, not client input).
    public var value: Value {
        precondition(eventLoop.inEventLoop, "LoopBound value read off its event loop")
        return storage
    }

    /// Runs `body` with the value on the owning loop (inline when already there).
    public func execute(_ body: @Sendable @escaping (Value) -> Void) {
        if eventLoop.inEventLoop {
            body(storage)
        } else {
            eventLoop.execute { body(self.value) }
        }
    }
}
