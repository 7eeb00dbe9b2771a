import Foundation

// bench-model: the model layer against the raw SQLite C API, same statements, same pragmas, fresh temp files.
// Run: swift run -c release bench-model [--quick] [--only create|findOne|createEach|find|sqlite]

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let only = arguments.firstIndex(of: "--only").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
do {
    try await ModelBenchRunner.runAll(quick: quick, only: only)
} catch {
    FileHandle.standardError.write(Data("bench-model: \(error)\n".utf8))
    exit(1)
}
