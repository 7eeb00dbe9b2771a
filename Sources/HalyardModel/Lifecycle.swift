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
    /// The rest of the chain: the next callback, and finally the operation itself.
    public typealias Next<Input, Output> = @Sendable (Input) async throws -> Output
    /// One callback: input, context, and the rest of the chain.
    public typealias Hook<Input, Output> =
        @Sendable (Input, LifecycleContext, @escaping Next<Input, Output>) async throws -> Output
    public typealias CreateNext = Next<Record, Record>
    public typealias Create = Hook<Record, Record>
    public typealias UpdateNext = Next<UpdateRequest, [Record]>
    public typealias Update = Hook<UpdateRequest, [Record]>
    public typealias DestroyNext = Next<Criteria, [Record]>
    public typealias Destroy = Hook<Criteria, [Record]>
}

/// The callbacks of one model, outermost first.
struct LifecycleHooks: Sendable {
    var create: [Lifecycle.Create] = []
    var update: [Lifecycle.Update] = []
    var destroy: [Lifecycle.Destroy] = []

    var isEmpty: Bool { create.isEmpty && update.isEmpty && destroy.isEmpty }

    /// Wraps `terminal` in `hooks`, outermost first: the same middleware chain for create, update and destroy.
    static func chain<Input: Sendable, Output: Sendable>(
        _ hooks: [Lifecycle.Hook<Input, Output>], context: LifecycleContext,
        terminal: @escaping Lifecycle.Next<Input, Output>
    ) -> Lifecycle.Next<Input, Output> {
        var next = terminal
        for hook in hooks.reversed() {
            let inner = next
            next = { input in try await hook(input, context, inner) }
        }
        return next
    }
}
