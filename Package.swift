// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SurveyKPI",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "surveykpi", targets: ["surveykpi"]),
        .library(name: "SurveyKit", targets: ["SurveyKit"]),
        // The readers alone, for the fuzzing package in Fuzz/ (it need not build GRDB).
        .library(name: "SurveyIngest", targets: ["SurveyIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // Layer 0: the vocabulary every other module speaks. No I/O, no dependencies.
        .target(name: "SurveyModel", swiftSettings: swiftSettings),
        // libxml2's streaming reader, through a shim that avoids the ICU module clash.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Layer 1: files in, model out (instrument YAML, survey exports).
        .target(
            name: "SurveyIngest",
            dependencies: [
                "SurveyModel",
                "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings),
        // Layer 1: numbers from the model; never imports SurveyIngest.
        .target(name: "SurveyStatistics", dependencies: ["SurveyModel"], swiftSettings: swiftSettings),
        // Layer 2: results out (JSON, text dashboard); never imports SurveyIngest.
        .target(name: "SurveyReport", dependencies: ["SurveyModel", "SurveyStatistics"], swiftSettings: swiftSettings),
        // Layer 2: the KPI history, a real SQLite file through GRDB; never imports SurveyIngest.
        .target(
            name: "SurveyHistory",
            dependencies: ["SurveyModel", "SurveyStatistics", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        // Layer 3: the jobs (analyze, validate, generate, run) that wire the layers together.
        .target(
            name: "SurveyKit",
            dependencies: [
                "SurveyModel", "SurveyIngest", "SurveyStatistics", "SurveyReport", "SurveyHistory",
                .product(name: "Logging", package: "swift-log"),
                // The nightly job's configuration file (SPEC §8).
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "surveykpi",
            dependencies: ["SurveyKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .target(name: "SurveyTestSupport", dependencies: ["SurveyModel"]),

        .testTarget(name: "SurveyModelTests", dependencies: ["SurveyModel", "SurveyTestSupport"]),
        .testTarget(
            name: "SurveyIngestTests", dependencies: ["SurveyIngest", "SurveyTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SurveyStatisticsTests", dependencies: ["SurveyStatistics", "SurveyTestSupport"],
            resources: [.copy("Reference")]),
        .testTarget(name: "SurveyReportTests", dependencies: ["SurveyReport", "SurveyTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "SurveyHistoryTests", dependencies: ["SurveyHistory", "SurveyTestSupport"]),
        .testTarget(name: "SurveyKitTests", dependencies: ["SurveyKit", "SurveyTestSupport"], exclude: ["RealData", "Weighting", "Drivers", "Suppression"]),
        .testTarget(name: "SurveyCLITests", dependencies: ["SurveyModel", "SurveyTestSupport"], exclude: ["Fixtures", "Golden"]),
    ]
)

var swiftSettings: [SwiftSetting] {
    [.enableUpcomingFeature("ExistentialAny")]
}
