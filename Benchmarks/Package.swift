// swift-tools-version: 6.1
// Micro-benchmarks of SurveyKPI (issue #8): the CSV tokenizer, CSV and XML ingestion, the
// duplicate resolver and the statistics kernels, in wall clock and mallocs.
//
// A package of its own so that ordo-one/benchmark (70 s of build) stays out of every build of
// the main package (research/tech2.md §3). Run from the repository root:
//
//     swift package --package-path Benchmarks benchmark
//
// `name:` makes the path dependency resolve whatever the checkout folder is called.
import PackageDescription

let package = Package(
    name: "SurveyKPIBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "SurveyKPI", path: "../"),
        // The explicit trait list is required: the default traits pull a package that is not
        // mirrored here (research/tech2.md §3).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SurveyBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SurveyKit", package: "SurveyKPI"),
            ],
            path: "Benchmarks/SurveyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
