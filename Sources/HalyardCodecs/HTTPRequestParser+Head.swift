// Request line, header fields and body framing (RFC 9112 §3, §5, §6.3).

extension HTTPRequestParser {
    /// Parses the request line if complete; returns false when more bytes are needed.
    mutating func parseRequestLine() throws(HTTPParserError) -> Bool {
        let limit = limits.maxRequestLineLength
        guard let line = try readLine(limit: limit, overflow: .requestLineTooLong(limit)) else { return false }
        if line.isEmpty {
            // RFC 9112 §2.2: ignore empty lines before the request line (a few, not forever).
            emptyLinesSkipped += 1
            if emptyLinesSkipped > 8 { throw .badRequestLine("too many empty lines before the request line") }
            return true
        }
        let bytes = buffer[line]
        guard let firstSpace = bytes.firstIndex(of: ASCII.space) else { throw .badRequestLine("no target") }
        let method = bytes[..<firstSpace]
        guard !method.isEmpty, method.allSatisfy(ASCII.isToken) else { throw .badRequestLine("invalid method") }
        let rest = bytes[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: ASCII.space) else { throw .badRequestLine("no version") }
        let target = rest[..<secondSpace]
        guard !target.isEmpty, target.allSatisfy(ASCII.isTargetByte) else {
            throw .badRequestLine("invalid request target")
        }
        let version = try parseVersion(rest[(secondSpace + 1)...])
        head = HTTPRequestHead(
            method: String(decoding: method, as: UTF8.self), target: String(decoding: target, as: UTF8.self),
            version: version)
        headerBytes = 0
        headerCount = 0
        emptyLinesSkipped = 0
        state = .headers
        return true
    }

    private func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParserError) -> HTTPVersion {
        let text = Array(bytes)
        guard text.count == 8, text[0..<5].elementsEqual("HTTP/".utf8), text[6] == UInt8(ascii: "."),
            let major = Self.digit(text[5]), let minor = Self.digit(text[7])
        else { throw .badRequestLine("invalid HTTP version") }
        guard major == 1 else { throw .versionNotSupported }
        return HTTPVersion(major: major, minor: minor)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    /// Parses the header lines available; returns the head after the empty line, nil when more bytes are needed.
    mutating func parseHeaderLines() throws(HTTPParserError) -> HTTPRequestHead? {
        guard var request = head else { throw .badHeader("header without request line") }
        head = nil  // Uniquely referenced while fields are added.
        defer { head = request }
        let maxHeaderBytes = limits.maxHeaderBytes
        while let line = try readLine(
            limit: max(maxHeaderBytes - headerBytes - 2, 0),
            overflow: .headerTooLarge("header block larger than \(maxHeaderBytes) bytes"))
        {
            headerBytes += line.count + 2
            if line.isEmpty {
                try frame(request)
                request = HTTPRequestHead(
                    method: request.method, target: request.target, version: request.version,
                    headers: request.headers)
                return request
            }
            let (name, value) = try parseField(buffer[line])
            request.headers.add(name: name, value: value)
        }
        return nil
    }

    /// Parses one trailer line of a chunked body; trailers are validated, counted and dropped.
    mutating func parseTrailerLine() throws(HTTPParserError) -> Bool {
        let maxHeaderBytes = limits.maxHeaderBytes
        let budget = maxHeaderBytes - headerBytes
        guard
            let line = try readLine(
                limit: max(budget - 2, 0),
                overflow: .headerTooLarge("trailers larger than \(maxHeaderBytes) bytes"))
        else { return false }
        headerBytes += line.count + 2
        if line.isEmpty {
            state = .end
        } else {
            _ = try parseField(buffer[line])
        }
        return true
    }

    private mutating func parseField(_ bytes: ArraySlice<UInt8>) throws(HTTPParserError) -> (String, String) {
        headerCount += 1
        if headerCount > limits.maxHeaderCount {
            throw .headerTooLarge("more than \(limits.maxHeaderCount) header fields")
        }
        guard let first = bytes.first, !ASCII.isWhitespace(first) else { throw .obsFold }
        guard let colon = bytes.firstIndex(of: ASCII.colon) else { throw .badHeader("header line without colon") }
        let name = bytes[..<colon]
        guard !name.isEmpty, name.allSatisfy(ASCII.isToken) else { throw .badHeader("invalid header name") }
        var value = bytes[(colon + 1)...]
        while let byte = value.first, ASCII.isWhitespace(byte) { value.removeFirst() }
        while let byte = value.last, ASCII.isWhitespace(byte) { value.removeLast() }
        guard value.allSatisfy(ASCII.isFieldValue) else { throw .badHeader("control character in header value") }
        return (String(decoding: name, as: UTF8.self), ASCII.string(value))
    }

    /// Chooses the body framing from Transfer-Encoding / Content-Length and sets the next state.
    private mutating func frame(_ request: HTTPRequestHead) throws(HTTPParserError) {
        let transferEncodings = request.headers.values(for: "transfer-encoding")
        let contentLengths = request.headers.values(for: "content-length")
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty { throw .badFraming("both Content-Length and Transfer-Encoding") }
            if request.version < .http1_1 { throw .badFraming("Transfer-Encoding in an HTTP/1.0 request") }
            let codings = transferEncodings.flatMap(ASCII.listElements)
            guard let last = codings.last else { throw .badFraming("empty Transfer-Encoding") }
            guard ASCII.equalsIgnoringCase(last, "chunked") else {
                if codings.contains(where: { ASCII.equalsIgnoringCase($0, "chunked") }) {
                    throw .badFraming("chunked is not the final transfer coding")
                }
                throw .unsupportedTransferEncoding
            }
            guard codings.count == 1 else { throw .unsupportedTransferEncoding }
            chunkedBodyBytes = 0
            state = .chunkSize
            return
        }
        guard !contentLengths.isEmpty else {
            state = .end
            return
        }
        var length: Int?
        for element in contentLengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let value = try parseContentLength(ASCII.trimmed(element))
            if let length, length != value { throw .badFraming("differing Content-Length values") }
            length = value
        }
        let bodyLength = length ?? 0
        state = bodyLength == 0 ? .end : .fixedBody(remaining: bodyLength)
    }

    private func parseContentLength(_ text: Substring) throws(HTTPParserError) -> Int {
        guard !text.isEmpty else { throw .badFraming("empty Content-Length") }
        var value = 0
        for byte in text.utf8 {
            guard let digit = Self.digit(byte) else { throw .badFraming("invalid Content-Length") }
            value = value * 10 + digit
            if value > limits.maxBodyBytes { throw .bodyTooLarge(limits.maxBodyBytes) }
        }
        return value
    }
}
