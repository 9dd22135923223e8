import Foundation
import SurveyTestSupport
import Testing

/// A bad actions file is an error naming the file, line and column, with exit 65 (66 when it is
/// missing), and nothing is printed on stdout.
@Suite struct ReviewPackActionsFileTests {
    static let valid = """
    actions:
      - id: IA-1
        title: Feedback within ten days
        owner: Head of Teaching
        opened: "2025"
        due: 2026-06-30
        status: in-progress
        kpi: learner-feedback
        expected-change: 0.05
    """

    func run(_ yaml: String) throws -> (ProcessRunner.Result, String) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("actions.yaml", yaml)
        return (try ProcessRunner.run(["--format", "markdown", "--actions", path]), path)
    }

    @Test func validFileIsUsed() throws {
        let (result, _) = try run(Self.valid)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| IA-1 |"))
        #expect(!result.stdout.contains("IA-2024-01"), "--actions replaces the demo's file")
    }

    @Test(arguments: [
        ("    ownr: Head of Teaching", "4:5", #"unknown key "ownr" in action "IA-1"; expected one of: id, title, owner, opened, due, status, instrument, kpi, item, dimension, group, measure, expected-change, notes (did you mean "owner"?)"#),
        ("    kpi: learner-feedbak", "8:10", #"action "IA-1" names unknown KPI "learner-feedbak"; declared KPIs: learner-si, learner-feedback, learner-response, parent-communication, employer-readiness, staff-si, staff-workload, overall, nps (did you mean "learner-feedback"?)"#),
        ("    due: 2026-02-30", "6:10", #"expected a date YYYY-MM-DD for "due", found "2026-02-30""#),
        ("    opened: \"2023\"", "5:13", #"action "IA-1" names unknown wave "2023"; declared waves: 2024, 2025, 2026"#),
        ("    status: done", "7:13", #"expected one of planned, in-progress, completed, cancelled for "status", found "done""#),
    ])
    func badFieldIsLocated(line: String, position: String, message: String) throws {
        var lines = Self.valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let key = line.trimmingCharacters(in: .whitespaces).split(separator: ":")[0]
        let index = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") } ?? lines.firstIndex { $0.contains("owner:") }!
        lines[index] = line
        let (result, path) = try run(lines.joined(separator: "\n"))
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("\(path):\(position): error: \(message)"), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func itemLinkNeedsAGroupTheItemIsAskedOf() throws {
        let yaml = Self.valid.replacingOccurrences(of: "    kpi: learner-feedback\n    expected-change: 0.05", with: "    item: E1\n    group: staff")
        let (result, path) = try run(yaml)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):9:12: error: action \"IA-1\" names a group its measure does not cover \"staff\"; expected one of employer"), "stderr: \(result.stderr)")
    }

    @Test func missingFileIsExit66() throws {
        let result = try ProcessRunner.run(["--format", "html", "--actions", "/nonexistent/actions.yaml"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/actions.yaml: error: cannot read actions file: no such file"))
    }
}
