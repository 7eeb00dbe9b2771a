import Foundation

// bench-model: the model layer against the raw SQLite C API, same statements, same pragmas, fresh temp files.
// Run: swift run -c release bench-model [--quick]

let quick = CommandLine.arguments.contains("--quick")
do {
    try await ModelBenchRunner.runAll(quick: quick)
} catch {
    FileHandle.standardError.write(Data("bench-model: \(error)\n".utf8))
    exit(1)
}
