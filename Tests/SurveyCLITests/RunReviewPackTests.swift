import Foundation
import SurveyTestSupport
import Testing

/// `run` with several instruments and the review-pack formats writes one pack over every
/// stakeholder group of every instrument (issue: management review pack, item 5), with the
/// actions file the configuration names.
@Suite struct RunReviewPackTests {
    static let staffInstrument = ProcessRunner.packageRoot.appendingPathComponent("Surveys/staff-climate.yaml").path
    static let actions = ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/actions.yaml").path

    /// Both demo instruments, their data copied into the sandbox, markdown and html.
    func sandbox(actions: String? = RunReviewPackTests.actions) throws -> RunSandbox {
        let sandbox = try RunSandbox.demo()
        for wave in ["2024", "2025", "2026"] {
            try sandbox.copy(ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/staff-climate/staff-climate-\(wave).csv").path, to: "staff/staff-climate-\(wave).csv")
        }
        try sandbox.writeConfig("""
            database: var/history.sqlite
            output: var/reports
            formats: [json, markdown, html]
            \(actions.map { "actions: \($0)" } ?? "")
            instruments:
              - instrument: \(Demo.instrument)
                inputs: ["data/*.csv"]
              - instrument: \(Self.staffInstrument)
                inputs: ["staff/*.csv"]
            """)
        return sandbox
    }

    @Test func oneCombinedPackCoversEveryGroupOfEveryInstrument() throws {
        let sandbox = try sandbox()
        defer { sandbox.dir.remove() }
        let first = try sandbox.run()
        #expect(first.status == 0, "\(first.stderr)")
        let markdown = try String(contentsOfFile: sandbox.output + "/review-pack.md", encoding: .utf8)
        let html = try String(contentsOfFile: sandbox.output + "/review-pack.html", encoding: .utf8)
        // Every group title of both instruments, and every action of the actions file.
        for title in ["Learners", "Parents and guardians", "Employers", "Staff", "Teaching staff", "Support staff"] {
            #expect(markdown.contains(title), "\(title) in the combined Markdown pack")
        }
        for id in ["IA-2024-01", "IA-2024-02", "IA-2024-03"] {
            #expect(markdown.contains(id) && html.contains(id), "action \(id) in the combined packs")
        }
        #expect(markdown.contains("Northbridge College Stakeholder Survey") && markdown.contains("Northbridge College Staff Climate Survey"))
        // Each instrument keeps its own pack, under the name `analyze --output` uses.
        for id in ["stakeholder-survey", "staff-climate"] {
            #expect(FileManager.default.fileExists(atPath: "\(sandbox.output)/\(id)/review-pack.md"))
            #expect(FileManager.default.fileExists(atPath: "\(sandbox.output)/\(id)/review-pack.html"))
        }

        // A changed staff input: the stakeholder survey is not recorded again, but the combined
        // pack is rendered again over both.
        try sandbox.copy(ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/staff-climate/staff-climate-2025.csv").path, to: "staff/staff-climate-2026.csv")
        let second = try sandbox.run()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("stakeholder-survey: read again for the combined review pack only"))
        let again = try String(contentsOfFile: sandbox.output + "/review-pack.md", encoding: .utf8)
        #expect(again != markdown && again.contains("Parents and guardians") && again.contains("Teaching staff"))

        // Nothing changed but the pack is gone: it is written again, like any output not in place.
        try FileManager.default.removeItem(atPath: sandbox.output + "/review-pack.html")
        let third = try sandbox.run()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(FileManager.default.fileExists(atPath: sandbox.output + "/review-pack.html"))
        #expect(try String(contentsOfFile: sandbox.output + "/review-pack.md", encoding: .utf8) == again)
    }

    @Test func aBadActionsFileStopsTheRunBeforeAnythingIsWritten() throws {
        let missing = try sandbox(actions: "no-such-actions.yaml")
        defer { missing.dir.remove() }
        let result = try missing.run()
        #expect(result.status == 66, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing.output + "/review-pack.md"))

        let wrong = try sandbox(actions: "actions.yaml")
        defer { wrong.dir.remove() }
        try wrong.dir.write("actions.yaml", """
            actions:
              - { id: A1, title: Something, owner: Someone, opened: "2024", status: open, kpi: no-such-kpi }
            """)
        let bad = try wrong.run()
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(bad.stderr.contains("actions.yaml:2:"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: wrong.output + "/review-pack.md"))
    }
}
