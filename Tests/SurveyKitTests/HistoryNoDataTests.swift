import Foundation
import SurveyHistory
import SurveyIngest
import SurveyKit
import SurveyStatistics
import SurveyTestSupport
import Testing

/// A group hidden in the latest wave (fewer than minimum-n respondents) has its KPIs stored as
/// `no-data` for that wave (SPEC §5.7), so the history's latest point, the run's summary and its
/// alerts are that wave's, not last wave's values.
@Suite struct HistoryNoDataTests {
    @Test func aGroupHiddenInTheLatestWaveHasNoDataKPIsThere() throws {
        let root = ProcessRunner.packageRoot
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let demo = try String(contentsOfFile: root.appendingPathComponent("Datasets/demo/stakeholder-2026.csv").path, encoding: .utf8)
        var employers = 0
        // Records end with CRLF; comments may hold a bare LF.
        let kept = demo.components(separatedBy: "\r\n").filter { line in
            guard line.contains(",employer,") else { return true }
            employers += 1
            return employers <= 5
        }
        let latest = try dir.write("stakeholder-2026.csv", kept.joined(separator: "\r\n"))
        let inputs = ["2024", "2025"].map { root.appendingPathComponent("Datasets/demo/stakeholder-\($0).csv").path } + [latest]
        let instrumentPath = root.appendingPathComponent("Surveys/stakeholder-survey.yaml").path
        let instrument = try InstrumentLoader.load(path: instrumentPath)
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: instrumentPath, inputs: inputs)).report
        let cell = try #require(report.cells.first { $0.wave == "2026" && $0.group == "employer" && $0.segment == nil })
        #expect(cell.suppressed != nil)
        let rows = HistoryRows.make(report, instrument: instrument).filter { $0.kind == "kpi" && $0.group == "employer" && $0.segment == "" }
        let applicable = Set(instrument.kpis.filter { $0.groups?.contains("employer") ?? true }.map(\.id))
        #expect(!applicable.isEmpty)
        let latestRows = rows.filter { $0.wave == "2026" }
        #expect(Set(latestRows.map(\.ref)) == applicable)
        #expect(latestRows.allSatisfy { $0.status == "no-data" && $0.value == nil })
        // The wave before still has its values.
        #expect(rows.filter { $0.wave == "2025" }.contains { $0.value != nil && $0.status != "no-data" })
    }
}
