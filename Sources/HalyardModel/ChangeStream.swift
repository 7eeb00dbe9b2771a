import HalyardSQLite

/// Committed change events as an `AsyncSequence`, in commit order, without gaps.
///
/// ```swift
/// for try await event in store.changes() {          // live from now
///     print(event.seq, event.model, event.verb)    // 43 user created
/// }
/// for try await event in store.changes(after: 40) { ... }   // replays 41, 42, … from the log, then live
/// ```
/// A slow consumer never blocks writers: past its buffer it reads the change log to catch up.
/// The subscription starts when `changes()` is called (not when iteration starts), so nothing committed in
/// between is missed. Iterate a stream once. It ends when the iterating task is cancelled or the store is shut down.
/// - Throws: `E_CHANGES_PRUNED` when the changes to replay are no longer in the log (the client must refetch);
///   `E_DATABASE` if a catch-up read of the change log fails.
public struct ChangeStream: AsyncSequence, Sendable {
    public typealias Element = ChangeEvent
    let subscription: Subscription

    init(hub: ChangeHub, after: Int64?) {
        subscription = Subscription(hub: hub, id: hub.subscribe(after: after))
    }

    public func makeAsyncIterator() -> Iterator { Iterator(subscription: subscription) }

    /// Ends the hub subscription when the last iterator copy goes away.
    final class Subscription: Sendable {
        let hub: ChangeHub
        let id: Int
        init(hub: ChangeHub, id: Int) {
            self.hub = hub
            self.id = id
        }
        deinit { hub.unsubscribe(id) }
    }

    public struct Iterator: AsyncIteratorProtocol {
        let subscription: Subscription
        var pending: [ChangeEvent] = []
        var pendingIndex = 0

        public mutating func next() async throws -> ChangeEvent? {
            let hub = subscription.hub
            let id = subscription.id
            while true {
                if pendingIndex < pending.count {
                    let event = pending[pendingIndex]
                    pendingIndex += 1
                    hub.delivered(id, through: event.seq)
                    return event
                }
                if Task.isCancelled {
                    hub.unsubscribe(id)
                    return nil
                }
                switch hub.step(id) {
                case .event(let event): return event
                case .finished: return nil
                case .catchUp(let after):
                    let limit = hub.catchUpBatch
                    do {
                        pending = try await hub.database.read { connection in
                            try ChangeLog.read(connection, after: after, limit: limit)
                        }
                    } catch {
                        throw ModelStore.wrap(error, sql: ChangeLog.selectSQL)
                    }
                    pendingIndex = 0
                    // Every seq up to the last published one was committed before this read began, so the log
                    // must hold `after + 1`; a hole (or nothing) means that part was pruned.
                    if pending.first?.seq != after + 1 {
                        hub.unsubscribe(id)
                        let oldest = pending.first.map { String($0.seq) } ?? "none"
                        throw ModelError(
                            code: ModelError.changesPruned,
                            message: "changes after \(after) were pruned from the log (oldest kept: \(oldest)); refetch"
                        )
                    }
                case .wait:
                    let event = await withTaskCancellationHandler {
                        await hub.wait(id)
                    } onCancel: {
                        hub.unsubscribe(id)
                    }
                    guard let event else { return nil }
                    if event.seq >= 0 { return event }
                }
            }
        }
    }
}
