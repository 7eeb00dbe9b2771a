/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Names keep the spelling they were given; lookups ignore ASCII case. Duplicates are kept in order.
///
///     var headers = HTTPHeaders()
///     headers.add(name: "Connection", value: "keep-alive, Upgrade")
///     headers["connection"]                            // "keep-alive, Upgrade"
///     headers.contains(name: "Connection", token: "upgrade")  // true
public struct HTTPHeaders: Sendable, Sequence, Hashable, ExpressibleByDictionaryLiteral {
    /// One header field.
    public typealias Element = (name: String, value: String)

    private var fields: [Field]

    struct Field: Sendable, Hashable {
        var name: String
        var value: String
    }

    /// Creates an empty header list.
    public init() { fields = [] }

    /// Creates a header list from ordered pairs.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The number of fields (duplicates counted).
    public var count: Int { fields.count }

    public var isEmpty: Bool { fields.isEmpty }

    /// The first value for `name`, ignoring case; nil when absent.
    public subscript(name: String) -> String? {
        fields.first { ASCII.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { ASCII.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// Appends a field, keeping existing ones with the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Removes every field named `name`, then appends `name: value`.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// Whether any `name` field holds `token` as an element of its comma-separated list (case-insensitive).
    public func contains(name: String, token: String) -> Bool {
        fields.contains { ASCII.equalsIgnoringCase($0.name, name) && ASCII.listContains($0.value, token: token) }
    }

    public func makeIterator() -> some IteratorProtocol<Element> {
        fields.lazy.map { (name: $0.name, value: $0.value) }.makeIterator()
    }
}
