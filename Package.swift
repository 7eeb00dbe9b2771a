// swift-tools-version:6.0
// Halyard — a realtime model layer for server-side Swift.
// Layers (see DESIGN.md in the shared folder): C shims → SQLite wrapper / codecs → model layer / server →
// HTTP → Engine.IO → Socket.IO → executables. A module imports only the layers below it.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Halyard",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HalyardModel", targets: ["HalyardModel"]),
        .library(name: "HalyardSocketIO", targets: ["HalyardSocketIO"]),
        .executable(name: "halyard-example", targets: ["HalyardExample"]),
        .executable(name: "halyard-echo", targets: ["HalyardEcho"]),
    ],
    targets: [
        // C shims: exactly one Swift layer calls each.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CUV", path: "Sources/CUV", pkgConfig: "libuv",
                       providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // Storage and the model layer.
        .target(name: "HalyardSQLite", dependencies: ["CSQLite"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "HalyardModel", dependencies: ["HalyardSQLite"], exclude: ["README.md"], swiftSettings: strict),

        // Transport: pure codecs, libuv server, HTTP, Engine.IO, Socket.IO.
        .target(name: "HalyardCodecs", dependencies: ["CCrypto"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "HalyardServer", dependencies: ["CUV", "HalyardCodecs"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "HalyardHTTP", dependencies: ["HalyardServer", "HalyardCodecs"], exclude: ["README.md"],
            swiftSettings: strict),
        .target(name: "HalyardEngineIO", dependencies: ["HalyardHTTP", "HalyardServer", "HalyardCodecs"],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "HalyardSocketIO", dependencies: ["HalyardEngineIO", "HalyardServer"], exclude: ["README.md"],
                swiftSettings: strict),

        // The example app: models in Models/, SQL migrations in Migrations/.
        .target(
            name: "Models", dependencies: ["HalyardModel"], path: "Models", exclude: ["README.md"],
            swiftSettings: strict),
        .executableTarget(name: "HalyardExample", dependencies: ["Models", "HalyardModel", "HalyardSQLite"],
                          swiftSettings: strict),
        .executableTarget(name: "HalyardEcho", dependencies: ["HalyardSocketIO"], swiftSettings: strict),

        // Benchmarks (run in release mode; see bench/README.md).
        .executableTarget(name: "bench-model", dependencies: ["HalyardModel", "HalyardSQLite", "CSQLite"],
                          path: "bench/ModelBench", swiftSettings: strict),
        .executableTarget(name: "bench-fanout", dependencies: ["HalyardCodecs", "CUV"],
                          path: "bench/FanoutBench", swiftSettings: strict),

        .testTarget(name: "HalyardSQLiteTests", dependencies: ["HalyardSQLite"], swiftSettings: strict),
        .testTarget(name: "HalyardExampleTests", dependencies: ["HalyardExample"], swiftSettings: strict),
        .testTarget(name: "HalyardModelTests", dependencies: ["HalyardModel", "Models"], swiftSettings: strict),
        .testTarget(name: "HalyardCodecsTests", dependencies: ["HalyardCodecs"], swiftSettings: strict),
        .testTarget(name: "HalyardServerTests", dependencies: ["HalyardHTTP"], swiftSettings: strict),
        .testTarget(
            name: "HalyardSocketIOTests", dependencies: ["HalyardSocketIO", "HalyardEngineIO", "HalyardHTTP", "HalyardServer"],
            swiftSettings: strict),
    ]
)
