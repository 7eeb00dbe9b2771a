import Foundation

// Encodable → JSONValue without a detour through JSON text. Dates become integer milliseconds since 1970
// (Waterline timestamps); everything else maps to its natural JSON kind. Containers are reference boxes that
// are folded into values when encoding ends.

/// Encodes any `Encodable` value into a `JSONValue`.
public struct JSONValueEncoder {
    public init() {}

    /// - Throws: `EncodingError` for non-finite doubles.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoding.box(value, codingPath: [])
    }
}

/// A container under construction. Owned by one encode call.
///
/// Members are mutated in place. Scalar members are stored as values directly; only nested containers are
/// boxes, folded in when encoding ends.
final class EncodingBox {
    enum Slot {
        case value(JSONValue)
        case box(EncodingBox)
        var value: JSONValue {
            switch self {
            case .value(let value): return value
            case .box(let box): return box.value
            }
        }
    }
    let isArray: Bool
    var scalar: JSONValue?
    var members: [String: JSONValue] = [:]
    var nestedMembers: [String: EncodingBox] = [:]
    var elements: [Slot] = []
    init(isArray: Bool, scalar: JSONValue? = nil) {
        self.isArray = isArray
        self.scalar = scalar
    }

    var value: JSONValue {
        if let scalar { return scalar }
        if isArray { return .array(elements.map(\.value)) }
        if nestedMembers.isEmpty { return .object(members) }
        var all = members
        for (key, box) in nestedMembers { all[key] = box.value }
        return .object(all)
    }
}

/// The encoder for one value. Owned by one encode call.
final class JSONValueEncoding: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var root: EncodingBox?

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    static func box<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        if T.self == String.self, let string = value as? String { return .string(string) }
        if T.self == Date.self, let date = value as? Date {
            return .int(date.millisecondsSince1970)
        }
        switch value {
        case let date as Date: return .int(date.millisecondsSince1970)
        case let json as JSONValue: return json
        case let string as String: return .string(string)
        case let int as Int: return .int(Int64(int))
        case let int as Int64: return .int(int)
        case let bool as Bool: return .bool(bool)
        case let double as Double:
            guard double.isFinite else {
                throw EncodingError.invalidValue(
                    double, .init(codingPath: codingPath(), debugDescription: "non-finite number"))
            }
            return .double(double)
        case let url as URL: return .string(url.absoluteString)
        case let data as Data: return .string(data.base64EncodedString())
        default:
            let encoder = JSONValueEncoding(codingPath: codingPath())
            try value.encode(to: encoder)
            return encoder.root?.value ?? .object([:])
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: EncodingBox
        if let root, !root.isArray, root.scalar == nil {
            box = root
        } else {
            box = EncodingBox(isArray: false)
            root = box
        }
        return KeyedEncodingContainer(KeyedBoxContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: EncodingBox
        if let root, root.isArray, root.scalar == nil {
            box = root
        } else {
            box = EncodingBox(isArray: true)
            root = box
        }
        return UnkeyedBoxContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleBoxContainer(encoder: self) }
}

struct KeyedBoxContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: EncodingBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.members[key.stringValue] = .null }
    mutating func encode(_ value: String, forKey key: Key) throws {
        box.members[key.stringValue] = .string(value)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        box.members[key.stringValue] = .int(Int64(value))
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.members[key.stringValue] = .bool(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.members[key.stringValue] = .int(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.members[key.stringValue] = try JSONValueEncoding.box(value, codingPath: codingPath + [key])
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { box.members[key.stringValue] = .string(value) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { box.members[key.stringValue] = .int(Int64(value)) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { box.members[key.stringValue] = .bool(value) }
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.members[key.stringValue] = try JSONValueEncoding.box(value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = EncodingBox(isArray: false)
        box.nestedMembers[key.stringValue] = nested
        return KeyedEncodingContainer(KeyedBoxContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodingBox(isArray: true)
        box.nestedMembers[key.stringValue] = nested
        return UnkeyedBoxContainer(box: nested, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { JSONValueEncoding(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { JSONValueEncoding(codingPath: codingPath + [key]) }
}

struct UnkeyedBoxContainer: UnkeyedEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    var count: Int { box.elements.count }

    mutating func encodeNil() throws { box.elements.append(.value(.null)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = AnyCodingKey(intValue: count) ?? AnyCodingKey("")
        box.elements.append(.value(try JSONValueEncoding.box(value, codingPath: codingPath + [key])))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = EncodingBox(isArray: false)
        box.elements.append(.box(nested))
        return KeyedEncodingContainer(KeyedBoxContainer<NestedKey>(box: nested, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodingBox(isArray: true)
        box.elements.append(.box(nested))
        return UnkeyedBoxContainer(box: nested, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { JSONValueEncoding(codingPath: codingPath) }
}

struct SingleBoxContainer: SingleValueEncodingContainer {
    let encoder: JSONValueEncoding
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.root = EncodingBox(isArray: false, scalar: .null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.root = EncodingBox(isArray: false, scalar: try JSONValueEncoding.box(value, codingPath: codingPath))
    }
}
