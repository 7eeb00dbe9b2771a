import Foundation

/// Serves files under a directory for `GET`/`HEAD` requests below a URL prefix.
///
/// Refuses (404) any path with a `..`, `.`-only or empty-after-decoding segment, a NUL byte or a backslash, so
/// nothing outside `directory` is reachable; a directory serves its `index.html`. Content types come from the
/// file extension.
///
///     router.staticFiles(directory: "/srv/app/Public", at: "/")     // GET /js/app.js → Public/js/app.js
public struct StaticFiles: Sendable {
    /// Absolute directory the files come from.
    public let directory: String
    /// URL prefix, e.g. `/` or `/assets`.
    public let prefix: RoutePattern

    public init(directory: String, at prefix: String = "/") throws(HTTPError) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.prefix = try RoutePattern(prefix.hasSuffix("*") ? prefix : prefix + "/*")
    }

    /// The file path for a request path, or nil when it is outside the prefix or unsafe.
    func filePath(for requestPath: String) -> String? {
        guard let captured = prefix.match(requestPath), let relative = captured["*"] else { return nil }
        let segments = relative.split(separator: "/", omittingEmptySubsequences: true)
        for segment in segments
        where segment == ".." || segment == "." || segment.contains("\0")
            || segment.contains("\\")
        {
            return nil
        }
        var path = directory
        for segment in segments { path += "/" + segment }
        return path
    }

    /// Reads the file for `request` (off the event loop: call from a task).
    func response(for request: HTTPRequest) -> HTTPResponse? {
        guard var path = filePath(for: request.path) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            path += "/index.html"
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { return nil }
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let type = Self.contentType(forExtension: (path as NSString).pathExtension.lowercased())
        return HTTPResponse(status: 200, headers: ["Content-Type": type], body: Array(data))
    }

    /// The MIME type for a file extension (`application/octet-stream` when unknown).
    static func contentType(forExtension ext: String) -> String {
        switch ext {
        case "html", "htm": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json", "map": "application/json; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "ico": "image/x-icon"
        case "webp": "image/webp"
        case "woff": "font/woff"
        case "woff2": "font/woff2"
        case "wasm": "application/wasm"
        default: "application/octet-stream"
        }
    }
}
