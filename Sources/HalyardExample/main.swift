import Foundation

// halyard-example: the example app. For now it migrates and reports its models; later it serves HTTP/WebSocket.
// Everything runs in ExampleApp (non-main files) so no closure here is inferred @MainActor.

exit(await ExampleApp.main(Array(CommandLine.arguments.dropFirst())))
