/// One item produced by `HTTPRequestParser.next()`.
///
/// Every request yields `.head`, then zero or more `.body` chunks, then `.end`.
public enum HTTPParserEvent: Sendable, Equatable {
    case head(HTTPRequestHead)
    /// A piece of the (de-chunked) body, in order.
    case body([UInt8])
    case end
}
