// swift-tools-version:6.0
// libFuzzer harnesses for SurveyKPI's readers (issue #9). A separate package, so that the main
// package never builds with sanitizers. Build and run with ./run.sh (see README.md):
//   swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -use-ld=lld --scratch-path ../.build-fuzz
import PackageDescription

let package = Package(
    name: "SurveyKPIFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        // `name:` keeps the identity whatever the checkout folder is called (research/tech2.md §3).
        .package(name: "SurveyKPI", path: "../"),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "SurveyIngest", package: "SurveyKPI")]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzLimeSurveyXML", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzTripleS", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzInstrument", dependencies: ["FuzzSupport"]),
    ]
)
