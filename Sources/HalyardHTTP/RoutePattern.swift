/// A parsed route path: literal segments, `:name` parameters, optional `:name?` parameters and a trailing `*`.
///
/// Empty segments are ignored on both sides, so `/socket.io/` and `/socket.io` match the same routes.
///
///     let pattern = try RoutePattern("/user/:id/:tab?")
///     pattern.match("/user/7")          // ["id": "7"]
///     pattern.match("/user/7/posts")    // ["id": "7", "tab": "posts"]
///     try RoutePattern("/files/*").match("/files/a/b.txt")   // ["*": "a/b.txt"]
public struct RoutePattern: Sendable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case optionalParameter(String)
        case wildcard
    }

    let segments: [Segment]
    /// The pattern as written.
    public let description: String

    /// Parses `pattern`.
    /// - Throws: `HTTPError` `E_INVALID_ROUTE` when `*` is not the last segment or a parameter has no name.
    public init(_ pattern: String) throws(HTTPError) {
        description = pattern
        var segments: [Segment] = []
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        for (index, part) in parts.enumerated() {
            if part == "*" {
                guard index == parts.count - 1 else {
                    throw HTTPError(code: "E_INVALID_ROUTE", status: 500, message: "'*' must end route \(pattern)")
                }
                segments.append(.wildcard)
            } else if part.hasPrefix(":") {
                let optional = part.hasSuffix("?")
                let name = String(part.dropFirst().dropLast(optional ? 1 : 0))
                guard !name.isEmpty else {
                    throw HTTPError(code: "E_INVALID_ROUTE", status: 500, message: "unnamed parameter in \(pattern)")
                }
                segments.append(optional ? .optionalParameter(name) : .parameter(name))
            } else {
                segments.append(.literal(String(part)))
            }
        }
        self.segments = segments
    }

    /// The captured parameters when `path` (percent-encoded, no query) matches; nil otherwise.
    public func match(_ path: some StringProtocol) -> [String: String]? {
        match(segments: Self.split(path))
    }

    /// The non-empty segments of a path, split once per request and matched against every route.
    static func split(_ path: some StringProtocol) -> [String] {
        String(path).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Matches already split path segments.
    func match(segments parts: [String]) -> [String: String]? {
        var captured: [String: String] = [:]
        return match(parts[...], segments[...], &captured) ? captured : nil
    }

    private func match(
        _ parts: ArraySlice<String>, _ segments: ArraySlice<Segment>, _ captured: inout [String: String]
    ) -> Bool {
        guard let segment = segments.first else { return parts.isEmpty }
        let restSegments = segments.dropFirst()
        switch segment {
        case .wildcard:
            captured["*"] = parts.map { PercentDecoding.decode($0, plusIsSpace: false) }.joined(separator: "/")
            return true
        case .literal(let literal):
            guard let part = parts.first, part == literal || PercentDecoding.decode(part, plusIsSpace: false) == literal
            else { return false }
            return match(parts.dropFirst(), restSegments, &captured)
        case .parameter(let name):
            guard let part = parts.first else { return false }
            captured[name] = PercentDecoding.decode(part, plusIsSpace: false)
            if match(parts.dropFirst(), restSegments, &captured) { return true }
            captured[name] = nil
            return false
        case .optionalParameter(let name):
            if let part = parts.first {
                captured[name] = PercentDecoding.decode(part, plusIsSpace: false)
                if match(parts.dropFirst(), restSegments, &captured) { return true }
                captured[name] = nil
            }
            return match(parts, restSegments, &captured)
        }
    }
}
