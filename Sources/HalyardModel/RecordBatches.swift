/// A large scan delivered in batches, read by primary-key ranges (keyset pagination): each batch is one short
/// read, so writers are never held up and memory stays at one batch.
///
/// ```swift
/// for try await batch in store.stream("user", Criteria(json: ["age": [">": 21]]), batchSize: 500) {
///     // SELECT ... WHERE ("age" > ? AND "id" > ?) ORDER BY "id" ASC LIMIT ?
/// }
/// ```
/// Records come in primary-key order; `sort` and `skip` are refused (`E_INVALID_CRITERIA`); `limit` caps the total.
public struct RecordBatches: AsyncSequence, Sendable {
    public typealias Element = [Record]
    let store: ModelStore
    let identity: String
    let criteria: Criteria
    let batchSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, identity: identity, criteria: criteria, batchSize: Swift.max(1, batchSize))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let store: ModelStore
        let identity: String
        let criteria: Criteria
        let batchSize: Int
        var lastKey: JSONValue?
        var delivered = 0
        var done = false

        init(store: ModelStore, identity: String, criteria: Criteria, batchSize: Int) {
            self.store = store
            self.identity = identity
            self.criteria = criteria
            self.batchSize = batchSize
        }

        public mutating func next() async throws -> [Record]? {
            if done { return nil }
            guard criteria.sort.isEmpty, criteria.skip == 0 else {
                done = true
                throw ModelError.criteria("stream reads in primary-key order; sort and skip are not supported")
            }
            let schema = try store.schema(identity)
            let pk = schema.primaryKey.name
            var batch = criteria
            if let lastKey { batch.condition = batch.condition.and(.compare(.name(pk), .greaterThan, lastKey)) }
            batch.sort = [SortTerm(.name(pk))]
            var size = batchSize
            if let limit = criteria.limit { size = Swift.min(size, limit - delivered) }
            if size <= 0 {
                done = true
                return nil
            }
            batch.limit = size
            let records = try await store.find(identity, batch)
            delivered += records.count
            if records.count < size { done = true }
            guard let last = records.last else { return nil }
            lastKey = last[pk]
            return records
        }
    }
}

/// `RecordBatches` decoded as model values.
public struct ModelBatches<M: Model>: AsyncSequence, Sendable {
    public typealias Element = [M]
    let records: RecordBatches

    public func makeAsyncIterator() -> Iterator { Iterator(inner: records.makeAsyncIterator()) }

    public struct Iterator: AsyncIteratorProtocol {
        var inner: RecordBatches.Iterator
        public mutating func next() async throws -> [M]? {
            guard let batch = try await inner.next() else { return nil }
            return try batch.map { try ModelStore.decode($0, as: M.self) }
        }
    }
}

extension ModelStore {
    /// Scans matching records in batches of `batchSize` (see `RecordBatches`).
    public func stream(_ identity: String, _ criteria: Criteria = Criteria(), batchSize: Int = 500) -> RecordBatches {
        RecordBatches(store: self, identity: identity, criteria: criteria, batchSize: batchSize)
    }

    /// Scans matching records in batches, decoded as `M`.
    public func stream<M: Model>(_ query: Query<M>, batchSize: Int = 500) -> ModelBatches<M> {
        ModelBatches(records: stream(M.identity, query.criteria, batchSize: batchSize))
    }
}
