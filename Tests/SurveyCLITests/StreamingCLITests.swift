import Foundation
import SurveyTestSupport
import Testing

/// `analyze --stream` from the command line: the same outputs as in memory, a clear error
/// when the duplicate check has nowhere to spill, and a usage error for a bad mode.
@Suite struct StreamingCLITests {
    /// Demo exports (duplicates, invalid answers, segments, key drivers) as the binary sees them.
    @Test func streamedRunWritesTheSameFiles() throws {
        let demo = ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo")
        let inputs = ["stakeholder-2024.csv", "stakeholder-2025.csv", "stakeholder-2026.csv"].map { demo.appendingPathComponent($0).path }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var outputs: [[String]] = []
        for mode in ["off", "on"] {
            let result = try ProcessRunner.run(
                ["analyze", "--instrument", "Surveys/stakeholder-survey.yaml", "--stream", mode, "--output", dir.path(mode)] + inputs)
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try ["report.json", "dashboard.txt", "rejects.csv"].map { try String(contentsOfFile: dir.path("\(mode)/\($0)"), encoding: .utf8) })
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[1][2].contains(",duplicate,"))
    }

    @Test func unwritableTemporaryDirectoryIsACleanError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try ProcessRunner.run(
            ["analyze", "--instrument", Fixture.relative(Fixture.instrument), "--stream", "on", "--output", dir.path("out"), Fixture.relative(Fixture.good)],
            environment: ["TMPDIR": dir.path("missing")])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("temporary file for the duplicate check"))
        #expect(result.stderr.contains("TMPDIR"))
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("out")), "no partial output")
    }

    @Test func unknownModeIsAUsageError() throws {
        let result = try ProcessRunner.run(["analyze", "--instrument", Fixture.relative(Fixture.instrument), "--stream", "sometimes", Fixture.relative(Fixture.good)])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--stream"))
    }
}
