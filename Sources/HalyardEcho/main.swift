// halyard-echo: the transport demo server used by conformance tests and benchmarks.
//   halyard-echo --port P [--host 127.0.0.1] [--loops N]
// Prints "listening on HOST:PORT" once bound; SIGTERM/SIGINT shut it down gracefully.
import Foundation
import HalyardHTTP
import HalyardServer

let options: EchoOptions
do {
    options = try EchoOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(
        Data("halyard-echo: \(error.message)\nusage: halyard-echo --port P [--host H] [--loops N]\n".utf8))
    exit(2)
}

var routes = RouterBuilder()
EchoRoutes.add(to: &routes)

do {
    let group = try options.loops.map { try EventLoopGroup(count: $0) }
    let server = try await HTTPServer.start(
        configuration: HTTPServerConfiguration(host: options.host, port: options.port), router: try routes.build(),
        group: group)
    try await server.installSignalHandlers()
    FileHandle.standardOutput.write(Data("listening on \(server.localAddress)\n".utf8))
    await server.waitUntilShutdown()
    if let group { group.shutdownGracefully() }
} catch {
    FileHandle.standardError.write(Data("halyard-echo: \(error)\n".utf8))
    exit(1)
}
