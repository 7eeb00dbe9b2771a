/// The parsed command line of `halyard-example`: a pure value, no I/O.
///
/// ```
/// halyard-example                                   -> .serve(db: "./.data/example.sqlite", migrations: "./Migrations")
/// halyard-example migrate --db /tmp/x.sqlite        -> .migrate(db: "/tmp/x.sqlite", migrations: "./Migrations")
/// halyard-example migrate --bogus                   -> throws "unknown option --bogus"
/// ```
enum ExampleCommandLine: Equatable {
    case migrate(ExampleOptions)
    case serve(ExampleOptions)
    case help

    static let usage = """
        usage: halyard-example [serve|migrate] [--db PATH] [--migrations DIR]
          serve      (default) migrate, check the models against the tables, list the models
          migrate    apply pending migrations and print the applied versions
          --db PATH          SQLite file (default ./.data/example.sqlite; created with its directory)
          --migrations DIR   directory of NNNN_description.sql files (default ./Migrations)
        """

    /// Parses the arguments after the program name.
    /// - Throws: `ExampleUsageError` for an unknown command or option, or an option without its value.
    static func parse(_ arguments: [String]) throws -> ExampleCommandLine {
        var rest = arguments[...]
        var command = "serve"
        if let first = rest.first, !first.hasPrefix("-") {
            command = first
            rest = rest.dropFirst()
        }
        var options = ExampleOptions()
        while let argument = rest.popFirst() {
            switch argument {
            case "-h", "--help": return .help
            case "--db", "--migrations":
                guard let value = rest.popFirst(), !value.isEmpty, !value.hasPrefix("--") else {
                    throw ExampleUsageError("\(argument) needs a value")
                }
                if argument == "--db" { options.databasePath = value } else { options.migrationsDirectory = value }
            default:
                if argument.hasPrefix("--db=") {
                    options.databasePath = String(argument.dropFirst("--db=".count))
                } else if argument.hasPrefix("--migrations=") {
                    options.migrationsDirectory = String(argument.dropFirst("--migrations=".count))
                } else {
                    throw ExampleUsageError("unknown option \(argument)")
                }
            }
        }
        guard !options.databasePath.isEmpty, !options.migrationsDirectory.isEmpty else {
            throw ExampleUsageError("--db and --migrations need a non-empty value")
        }
        switch command {
        case "serve": return .serve(options)
        case "migrate": return .migrate(options)
        case "help": return .help
        default: throw ExampleUsageError("unknown command \(command)")
        }
    }
}

/// Where the example app keeps its data.
struct ExampleOptions: Equatable {
    var databasePath = "./.data/example.sqlite"
    var migrationsDirectory = "./Migrations"
}

/// A bad command line; printed with the usage, exit status 2.
struct ExampleUsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
