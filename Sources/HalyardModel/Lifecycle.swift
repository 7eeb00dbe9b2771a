/// What a lifecycle callback knows about the operation it wraps.
public struct LifecycleContext: Sendable {
    /// The model identity.
    public let model: String
    /// The caller's origin (socket id), if any.
    public let origin: String?
    /// The store the operation runs on (inside a transaction when the operation is).
    public let store: ModelStore
}

/// The values and criteria of an update.
public struct UpdateRequest: Sendable {
    public var criteria: Criteria
    public var values: Record
}

/// Lifecycle callbacks shaped like middleware: each gets the input, the context and `next`, and may change the
/// input, refuse by throwing, or look at the result.
///
/// ```swift
/// builder.onCreate(User.self) { values, context, next in
///     var values = values
///     values["name"] = .string(values["name"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? "")
///     let created = try await next(values)      // the INSERT (and its change event)
///     return created                            // "after create"
/// }
/// ```
public enum Lifecycle {
    public typealias CreateNext = @Sendable (Record) async throws -> Record
    public typealias Create = @Sendable (Record, LifecycleContext, @escaping CreateNext) async throws -> Record
    public typealias UpdateNext = @Sendable (UpdateRequest) async throws -> [Record]
    public typealias Update = @Sendable (UpdateRequest, LifecycleContext, @escaping UpdateNext) async throws -> [Record]
    public typealias DestroyNext = @Sendable (Criteria) async throws -> [Record]
    public typealias Destroy = @Sendable (Criteria, LifecycleContext, @escaping DestroyNext) async throws -> [Record]
}

/// The callbacks of one model, outermost first.
struct LifecycleHooks: Sendable {
    var create: [Lifecycle.Create] = []
    var update: [Lifecycle.Update] = []
    var destroy: [Lifecycle.Destroy] = []

    var isEmpty: Bool { create.isEmpty && update.isEmpty && destroy.isEmpty }

    /// Wraps `terminal` in `hooks`, outermost first: the same middleware chain for create, update and destroy.
    static func chain<Input: Sendable, Output: Sendable>(
        _ hooks: [@Sendable (Input, LifecycleContext, @escaping @Sendable (Input) async throws -> Output) async throws
            -> Output],
        context: LifecycleContext, terminal: @escaping @Sendable (Input) async throws -> Output
    ) -> @Sendable (Input) async throws -> Output {
        var next = terminal
        for hook in hooks.reversed() {
            let inner = next
            next = { input in try await hook(input, context, inner) }
        }
        return next
    }
}
