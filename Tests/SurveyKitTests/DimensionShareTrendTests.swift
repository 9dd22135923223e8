import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// A KPI on a dimension's favourable share (a mean of item shares, with no count of its own)
/// gets a trend test like every other KPI (SPEC §5.5): z = (p₂ − p₁)/√(SE₁² + SE₂²), each SE the
/// mean of the shown member items' √(p(1 − p)/n). Recomputed here from the published items.
@Suite struct DimensionShareTrendTests {
    static let demo = ProcessRunner.packageRoot.appendingPathComponent("Surveys/stakeholder-survey.yaml").path

    @Test func dimensionShareKPIsCarryTheirTest() throws {
        let instrument = try InstrumentLoader.load(path: Self.demo)
        let inputs = ["2024", "2025", "2026"].map { ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/stakeholder-\($0).csv").path }
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.demo, inputs: inputs)).report
        let kpis = instrument.kpis.filter { $0.dimension != nil && $0.measure == .favourable }
        #expect(!kpis.isEmpty, "the demo must have such a KPI for the test to mean anything")
        var checked = 0
        for kpi in kpis {
            let members = Set(instrument.items.filter { $0.dimension == kpi.dimension }.map(\.id))
            for trend in report.trends where trend.kind == "kpi" && trend.id == kpi.id {
                func cell(_ wave: String) throws -> Cell {
                    try #require(report.cells.first { $0.wave == wave && $0.group == trend.group && $0.segment == trend.segment })
                }
                func se(_ cell: Cell) -> Double {
                    let errors = cell.items.filter { members.contains($0.id) && $0.suppressed == nil }.compactMap { item -> Double? in
                        guard let p = item.favourable?.p, let n = item.n else { return nil }
                        return (p * (1 - p) / Double(n)).squareRoot()
                    }
                    return errors.reduce(0, +) / Double(errors.count)
                }
                let (a, b) = (try cell(trend.from), try cell(trend.to))
                let z = (trend.after - trend.before) / (se(a) * se(a) + se(b) * se(b)).squareRoot()
                #expect(trend.test == "z")
                let statistic = try #require(trend.testStatistic, "\(trend.group) \(kpi.id) \(trend.from)→\(trend.to) has no test")
                #expect(abs(statistic - z) <= 1e-12 * abs(z))
                let p = try #require(trend.p)
                #expect(abs(p - erfc(abs(z) / 2.0.squareRoot())) <= 1e-12)
                checked += 1
            }
        }
        #expect(checked >= 4)
    }
}
