import Foundation
import SurveyTestSupport
import Testing

/// A Qualtrics export whose ImportId row was deleted by hand is still read as Qualtrics: the
/// same report as the export it came from (previews and unfinished responses left out).
@Suite struct QualtricsWithoutImportIdCLITests {
    static let folder = "Tests/SurveyCLITests/Fixtures/audit/"

    @Test func detectedAsQualtrics() throws {
        let result = try ProcessRunner.run(["inspect", Self.folder + "qualtrics-no-importid.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("format: qualtrics-csv (detected)"))
        #expect(lines.contains("header: 2 rows"))
        #expect(lines.contains("records: 30 (left out by default: 1 preview, 2 unfinished)"))
    }

    @Test func readsAsTheFullExportDoes() throws {
        var reports: [[String: Any]] = []
        for name in ["qualtrics-text.csv", "qualtrics-no-importid.csv"] {
            let result = try ProcessRunner.run(["analyze", "--instrument", Self.folder + "qualtrics-text.yaml", "--format", "json", Self.folder + name])
            #expect(result.status == 0, "\(result.stderr)")
            reports.append(try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]))
        }
        let inputs = try reports.map { try #require(($0["inputs"] as? [[String: Any]])?.first) }
        #expect(inputs.map { $0["format"] as? String } == ["qualtrics-csv", "qualtrics-csv"])
        #expect(inputs.map { $0["rows"] as? [String: Int] } == Array(repeating: ["read": 30, "accepted": 27, "rejected": 3], count: 2))
        let cells = try reports.map { try JSONSerialization.data(withJSONObject: try #require($0["cells"]), options: [.sortedKeys]) }
        #expect(cells[0] == cells[1])
    }
}
