import Foundation
import SurveyTestSupport
import Testing

/// Paths of the CLI fixtures, relative to the package root (tests run there).
enum Fixture {
    static let root = ProcessRunner.packageRoot.appendingPathComponent("Tests/SurveyCLITests/Fixtures")
    static let instrument = root.appendingPathComponent("mini.yaml").path
    static let good = root.appendingPathComponent("good.csv").path
    static func hostile(_ name: String) -> String { root.appendingPathComponent("hostile/\(name)").path }
    static func instrumentFile(_ name: String) -> String { root.appendingPathComponent("instruments/\(name)").path }
    /// Fixture paths as messages print them: relative to the package root.
    static func relative(_ path: String) -> String {
        path.hasPrefix(ProcessRunner.packageRoot.path + "/") ? String(path.dropFirst(ProcessRunner.packageRoot.path.count + 1)) : path
    }
}

/// Runs `analyze` on the mini instrument with `--output` into a fresh directory.
func analyzeToDirectory(_ inputs: [String], extra: [String] = []) throws -> (ProcessRunner.Result, TemporaryDirectory) {
    let dir = try TemporaryDirectory()
    let out = dir.path("out")
    let result = try ProcessRunner.run(["analyze", "--instrument", Fixture.relative(Fixture.instrument), "--output", out] + extra + inputs.map(Fixture.relative))
    return (result, dir)
}

/// The parsed report.json of an output directory.
func reportJSON(_ dir: TemporaryDirectory) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: dir.path("out/report.json")))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// `read`, `accepted`, `rejected` of the first input.
func rows(_ report: [String: Any]) throws -> (read: Int, accepted: Int, rejected: Int) {
    let inputs = try #require(report["inputs"] as? [[String: Any]])
    let rows = try #require(inputs.first?["rows"] as? [String: Int])
    return (rows["read"]!, rows["accepted"]!, rows["rejected"]!)
}

/// Lines of the rejects file.
func rejectLines(_ dir: TemporaryDirectory) throws -> [String] {
    try String(contentsOfFile: dir.path("out/rejects.csv"), encoding: .utf8).split(separator: "\r\n").map(String.init)
}
