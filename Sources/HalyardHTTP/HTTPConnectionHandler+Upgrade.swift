import HalyardCodecs
import HalyardServer

extension HTTPConnectionHandler {
    /// Answers the upgrade request at the head of the pipeline with 101 and hands the TCP connection to a
    /// `WebSocketConnection`; an invalid handshake gets its error status and the connection closes.
    func performUpgrade(_ upgrade: WebSocketUpgrade, exchange: Exchange) {
        guard let request = exchange.request else {
            connection.close()
            return
        }
        let head: HTTPResponseHead
        do {
            head = try WebSocketHandshake.response(to: request.head)
        } catch {
            closing = true
            connection.write(error.response.encoded)
            connection.close()
            return
        }
        var response = head
        for (name, value) in upgrade.headers { response.headers.add(name: name, value: value) }
        connection.write(response.encoded)
        let rest = parser.takeRemainingBytes()
        finish()
        let socket = WebSocketConnection(
            connection: connection, request: request, maxMessageBytes: upgrade.maxMessageBytes,
            pauseAbove: upgrade.pauseReadingAboveBufferedBytes, registry: registry)
        connection.handler = socket
        upgrade.onUpgrade(socket)
        socket.start(initialBytes: rest)
    }
}
