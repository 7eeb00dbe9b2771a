/// The client side of the opening handshake: builds the upgrade request and checks the server's 101 response.
///
/// A pure value owned by its connection (used by the benchmark client and tests).
///
///     var handshake = WebSocketClientHandshake()
///     write(handshake.request(host: "127.0.0.1:8080", target: "/echo"))
///     if let leftover = try handshake.feed(received) { /* open; leftover are the first frame bytes */ }
public struct WebSocketClientHandshake: Sendable {
    /// The `Sec-WebSocket-Key` sent (16 random bytes, base64).
    public let key: String
    private var buffer: [UInt8] = []
    private static let maxResponseHead = 16384

    public init(key: String? = nil) {
        var generator = SystemRandomNumberGenerator()
        self.key = key ?? Base64.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The GET upgrade request bytes.
    public func request(host: String, target: String, headers extra: HTTPHeaders = [:]) -> [UInt8] {
        var text = "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in extra { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// Feeds response bytes; returns the bytes after the response head once a valid 101 arrived, nil when
    /// more bytes are needed.
    /// - Throws: E_WS_HANDSHAKE when the response is not a 101 with the right `Sec-WebSocket-Accept`.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(WebSocketHandshakeError) -> [UInt8]? {
        buffer.append(contentsOf: bytes)
        let terminator: [UInt8] = [ASCII.cr, ASCII.lf, ASCII.cr, ASCII.lf]
        guard let end = buffer.indices.dropLast(3).first(where: { buffer[$0..<($0 + 4)].elementsEqual(terminator) })
        else {
            if buffer.count > Self.maxResponseHead { throw .invalid("handshake response too large") }
            return nil
        }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 101") else {
            throw .invalid("expected 101 Switching Protocols, got \(lines.first.map(String.init) ?? "nothing")")
        }
        var accepted = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if ASCII.equalsIgnoringCase(line[..<colon], "sec-websocket-accept") {
                accepted =
                    ASCII.trimmed(line[line.index(after: colon)...]) == WebSocketHandshake.acceptValue(forKey: key)
            }
        }
        guard accepted else { throw .invalid("wrong or missing Sec-WebSocket-Accept") }
        let rest = Array(buffer[(end + 4)...])
        buffer = []
        return rest
    }
}
