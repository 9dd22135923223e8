import Foundation
import SurveyTestSupport
import Testing

/// `validate` runs the duplicate pass `analyze` runs (SPEC §4), so both give every input the same
/// `read = accepted + rejected` and the same rejects; responses left out by design (previews,
/// tests, spam, unfinished) print as notes and do not fail the check.
@Suite struct ValidateAgreesWithAnalyzeTests {
    static let duplicates = "Tests/SurveyCLITests/Fixtures/audit/duplicates-across-groups.csv"
    static let demo = ["stakeholder-2024.csv", "stakeholder-2025.csv", "stakeholder-2026.csv"].map { "Datasets/demo/" + $0 }

    /// What `validate` says of each input (`read R = accepted A + rejected J`), and its reject
    /// lines as `path:line reason`.
    static func validate(_ inputs: [String]) throws -> (status: Int32, rows: [String: [Int]], rejects: [String], stderr: String) {
        let result = try ProcessRunner.run(["validate", "--instrument", "Surveys/stakeholder-survey.yaml"] + inputs)
        var rows: [String: [Int]] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let range = line.range(of: "; read ") else { continue }
            let path = String(line[..<line.firstIndex(of: ":")!])
            let numbers = line[range.upperBound...].split(whereSeparator: { !$0.isNumber }).prefix(3).compactMap { Int($0) }
            rows[path] = numbers
        }
        let rejects = result.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let open = line.range(of: ": record rejected ("), let close = line[open.upperBound...].firstIndex(of: ")") else { return nil }
            let location = line[..<open.lowerBound].split(separator: ":")
            let reason = line[open.upperBound..<close]
            return "\(location[0]):\(location[1]) \(reason)"
        }
        return (result.status, rows, rejects, result.stderr)
    }

    /// What `analyze` says of each input, and its rejects file as `path:line reason`.
    static func analyze(_ inputs: [String]) throws -> (rows: [String: [Int]], rejects: [String]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try ProcessRunner.run(["analyze", "--instrument", "Surveys/stakeholder-survey.yaml", "--output", dir.path("out")] + inputs)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.path("out/report.json")))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var rows: [String: [Int]] = [:]
        for input in try #require(report["inputs"] as? [[String: Any]]) {
            let counts = try #require(input["rows"] as? [String: Int])
            rows[try #require(input["path"] as? String)] = [counts["read"]!, counts["accepted"]!, counts["rejected"]!]
        }
        let text = try String(contentsOfFile: dir.path("out/rejects.csv"), encoding: .utf8)
        let rejects = SpreadsheetCopy.records(text).dropFirst().map { "\($0[0]):\($0[1]) \($0[2])" }
        return (rows, rejects)
    }

    @Test func duplicatesCountAsInAnalyze() throws {
        let validated = try Self.validate([Self.duplicates])
        #expect(validated.rows[Self.duplicates] == [41, 39, 2])
        #expect(validated.rejects == ["\(Self.duplicates):41 duplicate", "\(Self.duplicates):42 duplicate"])
        #expect(validated.stderr.contains("\(Self.duplicates):41:1: error: record rejected (duplicate): respondent \"R002001\" appears more than once in wave 2026 and group staff; kept the response with the most answers"))
        #expect(validated.status == 65, "a duplicate is a rejected record, which fails the check")
        let analysed = try Self.analyze([Self.duplicates])
        #expect(validated.rows == analysed.rows)
        #expect(validated.rejects == analysed.rejects)
    }

    /// The bundled demo: duplicates within and across its three files, besides broken records.
    @Test func demoCountsAndRejectsAreAnalyzes() throws {
        let validated = try Self.validate(Self.demo)
        let analysed = try Self.analyze(Self.demo)
        #expect(validated.rows["Datasets/demo/stakeholder-2026.csv"] == [1011, 1004, 7])
        #expect(validated.rows == analysed.rows)
        #expect(validated.rejects == analysed.rejects)
        #expect(validated.rejects.contains { $0.hasSuffix(" duplicate") })
    }

    /// LimeSurvey responses never submitted are left out by design: notes, exit 0.
    @Test func unfinishedResponsesAreNotesNotErrors() throws {
        let sample = RealExportsCLITests.path("limesurvey_accent-recognition_results.csv")
        let result = try ProcessRunner.run(["validate", "--instrument", RealExportsCLITests.draft("limesurvey_accent-recognition_results.csv"), sample])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(sample): limesurvey-csv, utf-8; read 65 = accepted 62 + rejected 3; 0 invalid answers"))
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [5, 9, 12].map { "\(sample):\($0):1: note: record rejected (unfinished): empty submitdate: the response was never submitted; add unfinished to columns.include to analyse it" })
    }
}
