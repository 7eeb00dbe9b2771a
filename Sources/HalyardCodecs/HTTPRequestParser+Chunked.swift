// Chunked transfer coding (RFC 9112 §7.1): chunk-size [ chunk-ext ] CRLF chunk-data CRLF ... last-chunk trailers.

extension HTTPRequestParser {
    /// Longest chunk-size line accepted, extensions included.
    static let maxChunkLineLength = 4096

    /// Parses a chunk-size line if complete; returns false when more bytes are needed.
    mutating func parseChunkSize() throws(HTTPParserError) -> Bool {
        guard
            let line = try readLine(
                limit: Self.maxChunkLineLength, overflow: .badChunk("chunk size line too long"))
        else { return false }
        let bytes = buffer[line]
        var size = 0
        var digits = 0
        var index = bytes.startIndex
        while index < bytes.endIndex, let digit = Self.hexDigit(bytes[index]) {
            digits += 1
            if digits > 15 { throw .bodyTooLarge(limits.maxBodyBytes) }
            size = size << 4 | digit
            index += 1
        }
        guard digits > 0 else { throw .badChunk("invalid chunk size") }
        while index < bytes.endIndex, ASCII.isWhitespace(bytes[index]) { index += 1 }
        if index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: ";") else { throw .badChunk("invalid chunk size") }
            guard bytes[index...].allSatisfy(ASCII.isFieldValue) else { throw .badChunk("invalid chunk extension") }
        }
        chunkedBodyBytes += size
        if chunkedBodyBytes > limits.maxBodyBytes { throw .bodyTooLarge(limits.maxBodyBytes) }
        if size == 0 {
            headerBytes = 0
            headerCount = 0
            state = .trailers
        } else {
            state = .chunkData(remaining: size)
        }
        return true
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}
