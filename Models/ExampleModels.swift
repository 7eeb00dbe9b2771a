public import HalyardModel

/// The example app's models and how to register them.
///
/// ```swift
/// var builder = ModelStore.Builder(database: db)
/// ExampleModels.register(in: &builder)
/// let store = try await builder.build()      // E_SCHEMA_MISMATCH if the tables differ from the models
/// ```
public enum ExampleModels {
    /// Every model of the example app, in registration order.
    public static let all: [any Model.Type] = [User.self, Channel.self, Message.self]

    /// Registers every example model with `builder`.
    public static func register(in builder: inout ModelStore.Builder) {
        for model in all { builder.register(model) }
    }
}
