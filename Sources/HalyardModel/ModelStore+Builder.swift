import HalyardSQLite

extension ModelStore {
    /// Collects models and lifecycle callbacks, then `build()`s the frozen store.
    ///
    /// ```swift
    /// var builder = ModelStore.Builder(database: db)
    /// builder.register(User.self)
    /// builder.register(Channel.self)
    /// builder.beforeCreate(User.self) { values, _ in values["name"] = .string("x") }
    /// let store = try await builder.build()
    /// ```
    public struct Builder: Sendable {
        public let database: SQLiteDatabase
        /// Compare model schemas with the tables at `build()` (PRAGMA table_info). Default true.
        public var checksSchema = true
        /// Create the change-log table at `build()` if missing. Default true.
        public var createsChangeLog = true
        /// Events buffered per change subscriber before it falls back to reading the change log.
        public var changeBufferLimit = 1024
        var schemas: [String: ModelSchema] = [:]
        var order: [String] = []
        var errors: [ModelError] = []
        var hooks: [String: LifecycleHooks] = [:]

        public init(database: SQLiteDatabase) { self.database = database }

        /// Registers a model type. Declaration errors are reported by `build()`.
        public mutating func register<M: Model>(_ type: M.Type) {
            do {
                let attributes = M.attributes
                let schema = try ModelSchema(
                    identity: M.identity, attributes: attributes.map(\.definition),
                    keyPaths: attributes.compactMap { attribute in
                        attribute.keyPath.map { ($0 as AnyKeyPath, attribute.definition.name) }
                    })
                if schemas[schema.identity] != nil {
                    errors.append(.declaration("identity registered twice", model: schema.identity))
                }
                schemas[schema.identity] = schema
                order.append(schema.identity)
            } catch let error as ModelError {
                errors.append(error)
            } catch {
                errors.append(.declaration("\(error)", model: M.identity))
            }
        }

        /// Adds a create callback around the INSERT (outermost first).
        public mutating func onCreate<M: Model>(_ type: M.Type, _ hook: @escaping Lifecycle.Create) {
            hooks[M.identity, default: LifecycleHooks()].create.append(hook)
        }

        /// Adds an update callback around the UPDATE.
        public mutating func onUpdate<M: Model>(_ type: M.Type, _ hook: @escaping Lifecycle.Update) {
            hooks[M.identity, default: LifecycleHooks()].update.append(hook)
        }

        /// Adds a destroy callback around the DELETE.
        public mutating func onDestroy<M: Model>(_ type: M.Type, _ hook: @escaping Lifecycle.Destroy) {
            hooks[M.identity, default: LifecycleHooks()].destroy.append(hook)
        }

        /// Runs before each create; may change the values or throw to refuse.
        public mutating func beforeCreate<M: Model>(
            _ type: M.Type, _ hook: @escaping @Sendable (inout Record, LifecycleContext) async throws -> Void
        ) {
            onCreate(type) { values, context, next in
                var values = values
                try await hook(&values, context)
                return try await next(values)
            }
        }

        /// Runs after each create with the created record (inside the create's transaction).
        public mutating func afterCreate<M: Model>(
            _ type: M.Type, _ hook: @escaping @Sendable (Record, LifecycleContext) async throws -> Void
        ) {
            onCreate(type) { values, context, next in
                let created = try await next(values)
                try await hook(created, context)
                return created
            }
        }

        /// Runs before each update with the values to set; may change them or throw to refuse.
        public mutating func beforeUpdate<M: Model>(
            _ type: M.Type, _ hook: @escaping @Sendable (inout Record, LifecycleContext) async throws -> Void
        ) {
            onUpdate(type) { request, context, next in
                var request = request
                try await hook(&request.values, context)
                return try await next(request)
            }
        }

        /// Runs after an update once per updated record.
        public mutating func afterUpdate<M: Model>(
            _ type: M.Type, _ hook: @escaping @Sendable (Record, LifecycleContext) async throws -> Void
        ) {
            onUpdate(type) { request, context, next in
                let updated = try await next(request)
                for record in updated { try await hook(record, context) }
                return updated
            }
        }

        /// Runs before a destroy with its criteria; may throw to refuse.
        public mutating func beforeDestroy<M: Model>(
            _ type: M.Type, _ hook: @escaping @Sendable (Criteria, LifecycleContext) async throws -> Void
        ) {
            onDestroy(type) { criteria, context, next in
                try await hook(criteria, context)
                return try await next(criteria)
            }
        }

        /// Runs after a destroy once per destroyed record.
        public mutating func afterDestroy<M: Model>(
            _ type: M.Type, _ hook: @escaping @Sendable (Record, LifecycleContext) async throws -> Void
        ) {
            onDestroy(type) { criteria, context, next in
                let destroyed = try await next(criteria)
                for record in destroyed { try await hook(record, context) }
                return destroyed
            }
        }

        /// Validates the declarations and associations, creates the change log, checks the tables, and returns
        /// the frozen store.
        /// - Throws: `E_INVALID_MODEL` (bad declaration), `E_SCHEMA_MISMATCH` (tables differ), `E_DATABASE`.
        public func build() async throws -> ModelStore {
            if let first = errors.first { throw first }
            let associations = try AssociationResolver.resolve(schemas)
            if createsChangeLog {
                do {
                    try await database.write { connection in try connection.execute(ChangeLog.createSQL) }
                } catch {
                    throw ModelStore.wrap(error, sql: ChangeLog.createSQL)
                }
            }
            let schemas = schemas
            if checksSchema {
                let problems = try await database.read { connection in
                    try SchemaCheck.problems(connection, schemas, associations)
                }
                if !problems.isEmpty { throw SchemaCheck.error(problems) }
            }
            let lastSeq = try await database.read { connection in try ChangeLog.lastSeq(connection) }
            let hub = ChangeHub(database: database, lastPublished: lastSeq, bufferLimit: changeBufferLimit)
            let core = StoreCore(
                database: database, schemas: schemas, associations: associations, hooks: hooks, hub: hub)
            return ModelStore(core: core, lease: nil, collector: nil, origin: nil)
        }
    }
}
