import Foundation

/// The frozen, type-erased schema of one model: attributes, columns, primary key and precomputed SQL pieces.
///
/// Built once by `ModelStore.Builder`; immutable afterwards.
public final class ModelSchema: Sendable {
    /// The model identity (table name).
    public let identity: String
    /// Every attribute, in declaration order.
    public let attributes: [AttributeDefinition]
    /// The attributes that have a column, in declaration order (the order of `selectList`).
    public let storedAttributes: [AttributeDefinition]
    /// The primary key attribute.
    public let primaryKey: AttributeDefinition
    /// `"identity"` — the quoted table name.
    let quotedTable: String
    /// `"id", "name", ...` — every column, quoted, in `storedAttributes` order.
    let selectList: String
    let indexByName: [String: Int]
    let storedIndexByName: [String: Int]
    let attributeByColumn: [String: String]
    let keyPathNames: KeyPathTable
    let regexes: RegexTable
    /// `SELECT <all> FROM "t" WHERE "id" = ?`.
    let findByIDSQL: String
    /// Decodes rows of every stored column.
    let rowDecoder: RowDecoder
    /// Column names of `storedAttributes`, shared by rows built in memory.
    let columnNames: [String]
    /// The primary key's position in `storedAttributes`.
    let primaryKeyIndex: Int
    /// Names of hidden attributes.
    let hiddenNames: [String]
    let insertCache = SQLCache()
    let plainInsertCache = SQLCache()

    init(identity: String, attributes: [AttributeDefinition], keyPaths: [(AnyKeyPath, String)]) throws {
        guard SQLName.isPlainIdentifier(identity), identity.lowercased() == identity else {
            throw ModelError.declaration(
                "identity `\(identity)` must be lower-case letters, digits and underscores", model: identity)
        }
        var indexByName: [String: Int] = [:]
        var attributeByColumn: [String: String] = [:]
        var primaryKey: AttributeDefinition?
        for (index, attribute) in attributes.enumerated() {
            guard SQLName.isPlainIdentifier(attribute.name) else {
                throw ModelError.declaration("attribute name `\(attribute.name)` is not an identifier", model: identity)
            }
            guard indexByName[attribute.name] == nil else {
                throw ModelError.declaration("attribute `\(attribute.name)` is declared twice", model: identity)
            }
            indexByName[attribute.name] = index
            if attribute.isStored {
                guard !attribute.columnName.isEmpty, attributeByColumn[attribute.columnName] == nil else {
                    throw ModelError.declaration(
                        "column `\(attribute.columnName)` is empty or used twice", model: identity)
                }
                attributeByColumn[attribute.columnName] = attribute.name
            }
            if attribute.isPrimaryKey {
                guard primaryKey == nil else {
                    throw ModelError.declaration("more than one primary key", model: identity)
                }
                guard attribute.type == .integer || attribute.type == .string else {
                    throw ModelError.declaration("the primary key must be .integer or .string", model: identity)
                }
                primaryKey = attribute
            }
            if attribute.isAutoCreatedAt || attribute.isAutoUpdatedAt,
                attribute.type != .date && attribute.type != .integer && attribute.type != .number
            {
                throw ModelError.declaration(
                    "timestamp attribute `\(attribute.name)` must be .date, .integer or .number", model: identity)
            }
        }
        guard let primaryKey else {
            throw ModelError.declaration("no primary key: declare `.id(\\.id)`", model: identity)
        }
        self.identity = identity
        self.attributes = attributes
        self.storedAttributes = attributes.filter(\.isStored)
        self.primaryKey = primaryKey
        self.quotedTable = SQLName.quote(identity)
        self.selectList = storedAttributes.map { SQLName.quote($0.columnName) }.joined(separator: ", ")
        self.indexByName = indexByName
        var storedIndex: [String: Int] = [:]
        for (index, attribute) in storedAttributes.enumerated() { storedIndex[attribute.name] = index }
        self.storedIndexByName = storedIndex
        self.attributeByColumn = attributeByColumn
        self.keyPathNames = KeyPathTable(keyPaths)
        var regexes: [String: NSRegularExpression] = [:]
        for attribute in attributes {
            for case .regex(let pattern) in attribute.rules {
                do {
                    regexes[pattern] = try NSRegularExpression(pattern: pattern)
                } catch {
                    throw ModelError.declaration(
                        "attribute `\(attribute.name)`: invalid regex `\(pattern)`", model: identity)
                }
            }
        }
        self.regexes = RegexTable(regexes)
        self.rowDecoder = RowDecoder(storedAttributes)
        self.columnNames = storedAttributes.map(\.columnName)
        self.primaryKeyIndex = storedAttributes.firstIndex { $0.isPrimaryKey } ?? 0
        self.hiddenNames = attributes.filter(\.isHidden).map(\.name)
        self.findByIDSQL =
            "SELECT " + selectList + " FROM " + quotedTable + " WHERE " + primaryKey.quotedColumn + " = ?"
    }

    /// The attribute named `name`, or nil.
    public func attribute(named name: String) -> AttributeDefinition? {
        indexByName[name].map { attributes[$0] }
    }

    /// The attribute a typed key path was declared with, or nil.
    func attributeName(for keyPath: AnyKeyPath) -> String? { keyPathNames.names[keyPath] }

    /// `"column"` for a stored attribute.
    func quotedColumn(_ attribute: AttributeDefinition) -> String { attribute.quotedColumn }

    /// `INSERT INTO "t" ("a", "b") VALUES (?, ?) RETURNING ...` for the stored attributes whose bits are set in
    /// `mask` (bit i = `storedAttributes[i]`); cached per shape.
    func insertSQL(_ attributes: [AttributeDefinition], mask: UInt64?, returning: Bool) -> String {
        let cache = returning ? insertCache : plainInsertCache
        if let mask, let cached = cache.get(mask) { return cached }
        var sql = "INSERT INTO " + quotedTable
        if attributes.isEmpty {
            sql += " DEFAULT VALUES"
        } else {
            sql += " (" + attributes.map(\.quotedColumn).joined(separator: ", ") + ") VALUES (?"
            for _ in 1..<attributes.count { sql += ", ?" }
            sql += ")"
        }
        if returning { sql += " RETURNING " + selectList }
        if let mask { cache.set(mask, sql) }
        return sql
    }

    /// The client form of a record as JSON text, members in declaration order, hidden attributes left out.
    func clientJSONText(_ record: Record) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(UInt8(ascii: "{"))
        var first = true
        for attribute in attributes where !attribute.isHidden {
            guard let value = record[attribute.name] else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONValue.writeString(attribute.name, to: &out)
            out.append(UInt8(ascii: ":"))
            value.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}

/// Key path → attribute name. `@unchecked Sendable`: key paths are immutable values, the table is never mutated.
struct KeyPathTable: @unchecked Sendable {
    let names: [AnyKeyPath: String]
    init(_ pairs: [(AnyKeyPath, String)]) {
        var names: [AnyKeyPath: String] = [:]
        for (keyPath, name) in pairs { names[keyPath] = name }
        self.names = names
    }
}

/// Compiled regex rules by pattern. `@unchecked Sendable`: NSRegularExpression is immutable and thread-safe for
/// matching; the table is never mutated.
struct RegexTable: @unchecked Sendable {
    let patterns: [String: NSRegularExpression]
    init(_ patterns: [String: NSRegularExpression]) { self.patterns = patterns }
}
