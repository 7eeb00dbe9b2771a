import HalyardModel
import HalyardSQLite
import Models

/// Builds the model store (which checks every model against its table) and prints the models.
///
/// ```
/// models (tables checked):
///   channel
///     id         integer  primary key
///     name       string   required, unique, maxLength 80
///     members    collection of user via channels
/// ```
enum ExampleModelReport {
    /// - Throws: `E_SCHEMA_MISMATCH` naming the model, attribute and column; `E_INVALID_MODEL`.
    static func run(_ db: SQLiteDatabase) async throws {
        var builder = ModelStore.Builder(database: db)
        ExampleModels.register(in: &builder)
        let store = try await builder.build()
        print("models (tables checked):")
        for identity in store.identities {
            let schema = try store.schema(identity)
            print("  \(identity)")
            let width = (schema.attributes.map(\.name.count).max() ?? 0) + 2
            for attribute in schema.attributes {
                let name = attribute.name.padding(toLength: width, withPad: " ", startingAt: 0)
                print("    \(name)\(describe(attribute))")
            }
        }
        store.finishChangeStreams()
    }

    /// `string   required, unique, isEmail` / `model → user` / `collection of user via channels`.
    static func describe(_ attribute: AttributeDefinition) -> String {
        switch attribute.association {
        case .collection(let target, let via):
            return "collection of \(target) via \(via)"
        case .model(let target):
            return "model → \(target)" + flags(attribute).map { ", " + $0 }.joined()
        case .none:
            let type = attribute.type.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            return type + flags(attribute).joined(separator: ", ")
        }
    }

    private static func flags(_ attribute: AttributeDefinition) -> [String] {
        var flags: [String] = []
        if attribute.isPrimaryKey { flags.append(attribute.isAutoIncrement ? "primary key (auto)" : "primary key") }
        if attribute.isRequired { flags.append("required") }
        if attribute.isUnique && !attribute.isPrimaryKey { flags.append("unique") }
        if attribute.isHidden { flags.append("hidden") }
        if attribute.columnName != attribute.name { flags.append("column \(attribute.columnName)") }
        if attribute.isAutoCreatedAt { flags.append("autoCreatedAt") }
        if attribute.isAutoUpdatedAt { flags.append("autoUpdatedAt") }
        for rule in attribute.rules {
            switch rule {
            case .maxLength(let limit), .minLength(let limit): flags.append("\(rule.name) \(limit)")
            case .min(let limit), .max(let limit): flags.append("\(rule.name) \(limit)")
            default: flags.append(rule.name)
            }
        }
        return flags
    }
}
