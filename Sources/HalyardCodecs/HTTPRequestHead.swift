/// The request line and header fields of one HTTP/1.x request, as parsed.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, case preserved (`GET`).
    public var method: String
    /// The request target as sent (`/socket.io/?EIO=4&transport=websocket`).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Whether the connection may carry another request after this one: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool
    /// HTTP/1.1 with `Expect: 100-continue`: the client waits for `100 Continue` before sending its body.
    public var expectsContinue: Bool
    /// HTTP/1.1 with an `Upgrade` header and `Connection: upgrade`. The parser pauses after this request's end;
    /// call `takeRemainingBytes()` to switch protocols or `declineUpgrade()` to go on with HTTP.
    public var isUpgrade: Bool

    public init(
        method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        let isHTTP11 = version >= .http1_1
        if isHTTP11 {
            keepAlive = !headers.contains(name: "connection", token: "close")
        } else {
            keepAlive = headers.contains(name: "connection", token: "keep-alive")
        }
        expectsContinue =
            isHTTP11
            && headers.values(for: "expect").contains {
                ASCII.equalsIgnoringCase(ASCII.trimmed(Substring($0)), "100-continue")
            }
        isUpgrade = isHTTP11 && headers["upgrade"] != nil && headers.contains(name: "connection", token: "upgrade")
    }

    /// The target's path, without the query string (`/socket.io/`).
    public var path: Substring {
        target.prefix { $0 != "?" && $0 != "#" }
    }

    /// The query string after `?`, without the fragment; empty when absent.
    public var query: Substring {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        return target[target.index(after: mark)...].prefix { $0 != "#" }
    }
}
