// halyard-echo: the transport demo server used by conformance tests and benchmarks.
//   halyard-echo --port P [--host 127.0.0.1] [--loops N]
// Prints "listening on HOST:PORT" once bound; SIGTERM/SIGINT shut it down gracefully.
import Foundation
import HalyardHTTP
import HalyardServer
import HalyardSocketIO

let options: EchoOptions
do {
    options = try EchoOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(
        Data("halyard-echo: \(error.message)\nusage: halyard-echo --port P [--host H] [--loops N]\n".utf8))
    exit(2)
}

do {
    var routes = RouterBuilder()
    EchoRoutes.add(to: &routes)
    let group = try EventLoopGroup(count: options.loops ?? ProcessInfo.processInfo.activeProcessorCount)
    let io = try await SocketIOServer.start(configuration: EchoSocketIO.configuration(), loops: group.loops)
    io.engine.addRoutes(to: &routes, path: "/socket.io/")
    let server = try await HTTPServer.start(
        configuration: HTTPServerConfiguration(host: options.host, port: options.port), router: try routes.build(),
        group: group)
    // Engine.IO answers its held polls and closes its sessions as soon as shutdown starts.
    server.onShutdown { await io.shutdown() }
    try await server.installSignalHandlers()
    FileHandle.standardOutput.write(Data("listening on \(server.localAddress)\n".utf8))
    await server.waitUntilShutdown()
    group.shutdownGracefully()
} catch {
    FileHandle.standardError.write(Data("halyard-echo: \(error)\n".utf8))
    exit(1)
}
