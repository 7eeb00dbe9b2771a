import Foundation
import HalyardSQLite

// How delivery stays bounded and gap-free.
//
// `publish` runs on the SQLite writer thread right after each COMMIT (commit order). Each subscriber has a
// bounded buffer. A subscriber whose buffer is full is switched to "lagging": its buffer is dropped and, when it
// next asks for an event, it reads the change log from its last delivered `seq` (through a reader connection)
// until it has caught up with the last published `seq`, then goes live again. Writers never wait for
// subscribers, and memory per subscriber never exceeds the buffer limit. A subscriber may start lagging on
// purpose (`after: seq`) to replay history and then continue live without a gap. `lastSeen` guards against
// delivering an event twice when a log read ran ahead of the publish for the same commit.

/// Fans committed change events out to subscribers. Protected by `lock` (all subscriber state too).
final class ChangeHub: @unchecked Sendable {  // safe: every mutable field is guarded by `lock`
    let lock = NSLock()
    let database: SQLiteDatabase
    let bufferLimit: Int
    let catchUpBatch = 256
    private var lastPublished: Int64
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0

    /// Per-subscriber state, protected by the hub's `lock`.
    final class Subscriber {
        var buffer: [ChangeEvent] = []
        var head = 0
        var lagging: Bool
        var lastDelivered: Int64
        var lastSeen: Int64
        var waiter: UnsafeContinuation<ChangeEvent?, Never>?
        var finished = false
        init(after: Int64, lagging: Bool) {
            self.lastDelivered = after
            self.lastSeen = after
            self.lagging = lagging
        }
    }

    init(database: SQLiteDatabase, lastPublished: Int64, bufferLimit: Int) {
        self.database = database
        self.lastPublished = lastPublished
        self.bufferLimit = max(1, bufferLimit)
    }

    /// The last published `seq`.
    var lastPublishedSeq: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return lastPublished
    }

    /// Called after COMMIT, in commit order.
    func publish(_ events: [ChangeEvent]) {
        guard let last = events.last else { return }
        var wakeups: [(UnsafeContinuation<ChangeEvent?, Never>, ChangeEvent)] = []
        lock.lock()
        var expected = lastPublished + 1
        var consecutive = true
        for event in events {
            if event.seq != expected { consecutive = false }
            expected = event.seq + 1
        }
        lastPublished = max(lastPublished, last.seq)
        if !consecutive {
            // Out of order or with a gap (a write that joined a transaction publishes with it; another process
            // wrote to the file): live delivery could skip or reorder, so everyone catches up from the log,
            // which holds every committed change in order.
            for subscriber in subscribers.values where !subscriber.finished && !subscriber.lagging {
                subscriber.lagging = true
                subscriber.buffer = []
                subscriber.head = 0
                subscriber.lastSeen = subscriber.lastDelivered
                if let waiter = subscriber.waiter {
                    subscriber.waiter = nil
                    wakeups.append((waiter, Self.retryMarker))
                }
            }
            lock.unlock()
            for (waiter, event) in wakeups { waiter.resume(returning: event) }
            return
        }
        for subscriber in subscribers.values where !subscriber.finished && !subscriber.lagging {
            for event in events where event.seq > subscriber.lastSeen {
                subscriber.lastSeen = event.seq
                if let waiter = subscriber.waiter {
                    subscriber.waiter = nil
                    subscriber.lastDelivered = event.seq
                    wakeups.append((waiter, event))
                } else if subscriber.buffer.count - subscriber.head < bufferLimit {
                    subscriber.buffer.append(event)
                } else {
                    subscriber.lagging = true
                    subscriber.buffer = []
                    subscriber.head = 0
                    subscriber.lastSeen = subscriber.lastDelivered
                    break
                }
            }
        }
        lock.unlock()
        for (waiter, event) in wakeups { waiter.resume(returning: event) }
    }

    /// Registers a subscriber: live from now (`after == nil`) or replaying from `after`.
    func subscribe(after: Int64?) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextID += 1
        let start = after ?? lastPublished
        subscribers[nextID] = Subscriber(after: start, lagging: start < lastPublished)
        return nextID
    }

    func unsubscribe(_ id: Int) {
        lock.lock()
        let subscriber = subscribers.removeValue(forKey: id)
        subscriber?.finished = true
        let waiter = subscriber?.waiter
        subscriber?.waiter = nil
        lock.unlock()
        waiter?.resume(returning: nil)
    }

    /// Ends every subscription (their sequences finish).
    func finishAll() {
        lock.lock()
        let all = subscribers
        subscribers = [:]
        var waiters: [UnsafeContinuation<ChangeEvent?, Never>] = []
        for subscriber in all.values {
            subscriber.finished = true
            if let waiter = subscriber.waiter { waiters.append(waiter) }
            subscriber.waiter = nil
        }
        lock.unlock()
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    enum Step {
        case event(ChangeEvent)
        case finished
        case catchUp(after: Int64)
        case wait
    }

    /// What subscriber `id` does next; `.wait` has installed nothing yet (see `wait`).
    func step(_ id: Int) -> Step {
        lock.lock()
        defer { lock.unlock() }
        guard let subscriber = subscribers[id], !subscriber.finished else { return .finished }
        if subscriber.head < subscriber.buffer.count {
            let event = subscriber.buffer[subscriber.head]
            subscriber.head += 1
            if subscriber.head == subscriber.buffer.count {
                subscriber.buffer.removeAll(keepingCapacity: true)
                subscriber.head = 0
            }
            subscriber.lastDelivered = event.seq
            return .event(event)
        }
        if subscriber.lagging {
            if lastPublished <= subscriber.lastDelivered {
                subscriber.lagging = false
                subscriber.lastSeen = max(subscriber.lastSeen, subscriber.lastDelivered)
                return .wait
            }
            return .catchUp(after: subscriber.lastDelivered)
        }
        return .wait
    }

    /// Records events read from the log as delivered.
    func delivered(_ id: Int, through seq: Int64) {
        lock.lock()
        if let subscriber = subscribers[id] {
            subscriber.lastDelivered = max(subscriber.lastDelivered, seq)
            subscriber.lastSeen = max(subscriber.lastSeen, seq)
        }
        lock.unlock()
    }

    /// Suspends until the next live event for `id` (nil when finished). Returns at once if one arrived meanwhile.
    func wait(_ id: Int) async -> ChangeEvent? {
        await withUnsafeContinuation { continuation in
            lock.lock()
            // A second concurrent iterator of the same stream ends instead of stealing the first one's wakeup.
            guard let subscriber = subscribers[id], !subscriber.finished, subscriber.waiter == nil else {
                lock.unlock()
                continuation.resume(returning: nil)
                return
            }
            if subscriber.head < subscriber.buffer.count || subscriber.lagging {
                lock.unlock()
                continuation.resume(returning: Self.retryMarker)
                return
            }
            subscriber.waiter = continuation
            lock.unlock()
        }
    }

    /// Returned by `wait` to mean "look again" (never delivered to callers).
    static let retryMarker = ChangeEvent(seq: -1, model: "", verb: .updated, id: .null)
}
