/// Command-line options of bench-fanout.
struct BenchOptions {
    var sizes = [1, 100, 1000, 10000]
    var seconds = 4.0
    /// How many 127.0.0.x source addresses the client spreads its sockets over.
    var sources = 4
    var halyard: String?
    var peerPython: String?
    var peerScript: String?
    var logDirectory = "/tmp"

    static let usage = """
        usage: bench-fanout [--sizes 1,100,1000,10000] [--seconds 4] [--sources 4] [--logs DIR]
                            [--halyard PATH/halyard-echo] [--peer-python PYTHON --peer-script server.py]
        Starts each given server on a free loopback port, connects max(sizes) Socket.IO sockets plus a driver,
        measures idle memory per socket, then one broadcast to each room size; prints a table with ratios.
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            func value() throws -> String {
                guard let next = iterator.next() else { throw BenchFailure(description: "\(argument) needs a value") }
                return next
            }
            switch argument {
            case "--sizes": options.sizes = try value().split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            case "--seconds": options.seconds = Double(try value()) ?? options.seconds
            case "--sources": options.sources = max(1, min(200, Int(try value()) ?? options.sources))
            case "--halyard": options.halyard = try value()
            case "--peer-python": options.peerPython = try value()
            case "--peer-script": options.peerScript = try value()
            case "--logs": options.logDirectory = try value()
            case "-h", "--help": throw BenchFailure(description: usage)
            default: throw BenchFailure(description: "unknown option \(argument)\n\(usage)")
            }
        }
        guard !options.sizes.isEmpty, options.sizes.allSatisfy({ $0 <= 18_000 }) else {
            throw BenchFailure(description: "sizes must be 1...18000 (open files are capped at 20,000)")
        }
        return options
    }
}
