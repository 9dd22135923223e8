import Foundation
import SurveyTestSupport
import Testing

/// `surveykpi --format markdown|html` produce the demo's management review pack, and the copies
/// committed under `Datasets/demo/` are exactly what the code produces (re-record with
/// `RECORD_GOLDEN=1` after a deliberate change).
@Suite struct ReviewPackExampleTests {
    static let demo = ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo")

    @Test(arguments: [("markdown", "review-pack.md"), ("html", "review-pack.html")])
    func committedExampleMatchesTheCode(format: String, file: String) throws {
        let result = try ProcessRunner.run(["--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        assertGolden(result.stdout, file: file, directory: Self.demo)
        let again = try ProcessRunner.run(["--format", format])
        #expect(again.stdout == result.stdout, "same inputs, same bytes")
    }

    @Test func demoPackReviewsTheBundledActions() throws {
        let result = try ProcessRunner.run(["--format", "markdown"])
        #expect(result.status == 0)
        for id in ["IA-2024-01", "IA-2024-02", "IA-2024-03", "IA-2025-01", "IA-2025-02", "IA-2026-01"] {
            #expect(result.stdout.contains("| \(id) |"), "action \(id) is in the pack")
        }
        for verdict in ["| effective |", "| not yet effective |", "| worse |", "| insufficient data |"] {
            #expect(result.stdout.contains(verdict), "the demo shows the verdict \(verdict)")
        }
        #expect(result.stdout.contains("Datasets/demo/actions.yaml (actions) |"), "the actions file is in the provenance")
        // The software that computed it: the version `surveykpi --version` prints.
        let version = try ProcessRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout.split(separator: ".").count == 3, "\(version.stdout)")
        #expect(result.stdout.contains("Produced by SurveyKPI \(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) from report schema"))
    }

    @Test func outputDirectoryGetsThePackToo() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try ProcessRunner.run(["--format", "html", "--output", dir.path("out")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("out")).sorted() == ["dashboard.txt", "rejects.csv", "report.json", "review-pack.html"])
        #expect(result.stderr.contains("review-pack.html"))
        let written = try String(contentsOfFile: dir.path("out/review-pack.html"), encoding: .utf8)
        let printed = try ProcessRunner.run(["--format", "html"]).stdout
        #expect(written == printed)
    }

    @Test func analyzeTakesAnActionsFile() throws {
        let result = try ProcessRunner.run([
            "analyze", "--instrument", "Surveys/stakeholder-survey.yaml", "--actions", "Datasets/demo/actions.yaml", "--format", "markdown",
            "Datasets/demo/stakeholder-2025.csv", "Datasets/demo/stakeholder-2026.csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wave 2024 is not among the waves analysed"), "actions opened before the data start say so")
        #expect(result.stdout.hasPrefix("# Management review pack\n"))
    }
}
