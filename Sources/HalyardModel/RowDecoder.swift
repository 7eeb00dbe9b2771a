import Foundation
import HalyardSQLite

// Decodes a model straight from a result row: no intermediate Record dictionary, no JSONValue for scalars.
// Keys are looked up by a cursor first (synthesized Codable asks for keys in declaration order, which is
// usually the schema's column order), then by name. Non-scalar values (json attributes, nested types) fall
// back to JSONValueDecoding.

/// Decodes `M` values from rows whose columns are `columns`.
struct RowDecoder {
    let columns: [AttributeDefinition]
    let indexByName: [String: Int]

    init(_ columns: [AttributeDefinition]) {
        self.columns = columns
        var index: [String: Int] = [:]
        for (position, attribute) in columns.enumerated() { index[attribute.name] = position }
        self.indexByName = index
    }

    func decode<M: Model>(_ type: M.Type, _ row: SQLiteRow) throws -> M {
        do {
            return try M(from: RowDecoding(decoder: self, row: row))
        } catch {
            throw ModelError(
                code: ModelError.database, message: "cannot decode a `\(M.identity)` record: \(error)",
                model: M.identity)
        }
    }
}

/// One row being decoded; `next` is the column expected next. Owned by one decode call.
final class RowDecoding: Decoder {
    let decoder: RowDecoder
    let row: SQLiteRow
    var next = 0

    init(decoder: RowDecoder, row: SQLiteRow) {
        self.decoder = decoder
        self.row = row
    }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(decoding: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row is keyed"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row is keyed"))
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoding: RowDecoding
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { decoding.decoder.columns.compactMap { Key(stringValue: $0.name) } }

    func index(_ key: Key) -> Int? {
        let columns = decoding.decoder.columns
        let guess = decoding.next
        let name = key.stringValue
        if guess < columns.count, columns[guess].name == name {
            decoding.next = guess + 1
            return guess
        }
        guard let found = decoding.decoder.indexByName[name] else { return nil }
        decoding.next = found + 1
        return found
    }

    func value(_ key: Key) throws -> (SQLiteValue, AttributeDefinition) {
        guard let index = index(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: [], debugDescription: "no column `\(key.stringValue)`"))
        }
        return (decoding.row[index], decoding.decoder.columns[index])
    }

    func contains(_ key: Key) -> Bool { decoding.decoder.indexByName[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let index = index(key) else { return true }
        decoding.next = index
        return decoding.row[index].isNull
    }

    func slow<T: Decodable>(_ type: T.Type, _ value: SQLiteValue, _ attribute: AttributeDefinition, _ key: Key) throws
        -> T
    {
        try JSONValueDecoding(ValueConversion.json(value, attribute.type), codingPath: [key]).unbox(type)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, attribute) = try value(key)
        return try slow(type, value, attribute, key)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = index(key) else { return nil }
        let value = decoding.row[index]
        if value.isNull { return nil }
        let attribute = decoding.decoder.columns[index]
        if T.self == Date.self, attribute.type == .date, case .integer(let ms) = value {
            return Date(timeIntervalSince1970: Double(ms) / 1000) as? T
        }
        return try slow(type, value, attribute, key)
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let (value, attribute) = try value(key)
        if case .text(let text) = value { return text }
        return try slow(type, value, attribute, key)
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        let (value, attribute) = try value(key)
        if case .integer(let number) = value, let result = Int(exactly: number) { return result }
        return try slow(type, value, attribute, key)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let index = index(key) else { return nil }
        switch decoding.row[index] {
        case .null: return nil
        case .text(let text): return text
        case let value: return try slow(type, value, decoding.decoder.columns[index], key)
        }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let index = index(key) else { return nil }
        switch decoding.row[index] {
        case .null: return nil
        case .integer(let number): if let result = Int(exactly: number) { return result }
        default: break
        }
        return try slow(type, decoding.row[index], decoding.decoder.columns[index], key)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let index = index(key) else { return nil }
        switch decoding.row[index] {
        case .null: return nil
        case .integer(let number) where decoding.decoder.columns[index].type == .boolean: return number != 0
        case let value: return try slow(type, value, decoding.decoder.columns[index], key)
        }
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let index = index(key) else { return nil }
        switch decoding.row[index] {
        case .null: return nil
        case .real(let number): return number
        case .integer(let number) where decoding.decoder.columns[index].type == .number: return Double(number)
        case let value: return try slow(type, value, decoding.decoder.columns[index], key)
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let (value, attribute) = try value(key)
        return try JSONValueDecoding(ValueConversion.json(value, attribute.type), codingPath: [key])
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let (value, attribute) = try value(key)
        return try JSONValueDecoding(ValueConversion.json(value, attribute.type), codingPath: [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoding }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        let (value, attribute) = try value(key)
        return JSONValueDecoding(ValueConversion.json(value, attribute.type), codingPath: [key])
    }
}
