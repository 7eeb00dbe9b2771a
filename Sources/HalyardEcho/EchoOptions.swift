/// Command-line options of halyard-echo: `--port P [--host 127.0.0.1] [--loops N]`.
struct EchoOptions {
    var host = "127.0.0.1"
    var port = 0
    var loops: Int?

    /// Parses `arguments` (without the program name).
    /// - Throws: `EchoUsageError` for an unknown flag or a missing/invalid value.
    init(arguments: [String]) throws(EchoUsageError) {
        var index = 0
        func value() throws(EchoUsageError) -> String {
            index += 1
            guard index < arguments.count else {
                throw EchoUsageError(message: "\(arguments[index - 1]) needs a value")
            }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--port":
                guard let port = Int(try value()), (0...65535).contains(port) else {
                    throw EchoUsageError(message: "--port needs a number 0-65535")
                }
                self.port = port
            case "--host":
                host = try value()
            case "--loops":
                guard let loops = Int(try value()), loops > 0 else {
                    throw EchoUsageError(message: "--loops needs N > 0")
                }
                self.loops = loops
            default:
                throw EchoUsageError(message: "unknown argument \(arguments[index])")
            }
            index += 1
        }
    }
}

/// A bad command line; `code` is `E_USAGE`.
struct EchoUsageError: Error {
    let code = "E_USAGE"
    let message: String
}
