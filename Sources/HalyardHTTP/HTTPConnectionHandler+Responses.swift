import HalyardCodecs
import HalyardServer

extension HTTPConnectionHandler {
    /// A writer finished request `sequence`; write whatever is now at the head of the pipeline.
    func complete(sequence: Int, with outcome: HTTPExchangeOutcome) {
        guard !finished, exchanges[sequence] != nil, exchanges[sequence]?.outcome == nil else { return }
        exchanges[sequence]?.outcome = outcome
        flush()
    }

    /// Writes completed responses in request order.
    func flush() {
        while !finished, let exchange = exchanges[nextToSend], let outcome = exchange.outcome {
            exchanges[nextToSend] = nil
            nextToSend += 1
            switch outcome {
            case .response(let response):
                let isUpgradeRequest = exchange.request?.head.isUpgrade ?? false
                let close =
                    !exchange.keepAlive || isUpgradeRequest || (closing && exchanges.isEmpty)
                    || response.headers.contains(name: "connection", token: "close")
                write(response, for: exchange, close: close, extraHeaders: exchange.writer?.extraHeaders ?? [:])
                if close {
                    closing = true
                    connection.close()
                    return
                }
            case .upgrade(let upgrade):
                performUpgrade(upgrade, exchange: exchange)
                return
            }
        }
        if finished { return }
        if continuePending && exchanges.isEmpty {
            continuePending = false
            connection.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        if closing && exchanges.isEmpty {
            connection.close()
            return
        }
        armTimer()
        resumeIfPaused()
    }

    func write(_ response: HTTPResponse, for exchange: Exchange, close: Bool, extraHeaders: HTTPHeaders) {
        var head = HTTPResponseHead(status: response.status, headers: response.headers)
        for (name, value) in extraHeaders where head.headers[name] == nil {
            head.headers.add(name: name, value: value)
        }
        let bodyAllowed = !(100..<200).contains(response.status) && response.status != 204 && response.status != 304
        if bodyAllowed {
            head.headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        } else {
            head.headers.remove(name: "Content-Length")
        }
        head.headers.remove(name: "Transfer-Encoding")
        if head.headers["Date"] == nil { head.headers.add(name: "Date", value: date.current()) }
        if close {
            head.headers.replaceOrAdd(name: "Connection", value: "close")
        } else if exchange.version < .http1_1 {
            head.headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        var bytes: [UInt8] = []
        let sendBody = bodyAllowed && !exchange.isHead
        bytes.reserveCapacity(128 + head.headers.count * 32 + (sendBody ? response.body.count : 0))
        head.encode(into: &bytes)
        if sendBody { bytes.append(contentsOf: response.body) }
        connection.write(bytes)
    }
}
