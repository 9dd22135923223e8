import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// A KPI on a dimension's favourable share (a mean of item shares, with no count of its own)
/// gets a trend test like every other KPI (SPEC §5.5): z = (p₂ − p₁)/√(SE₁² + SE₂²), each SE the
/// mean of the member items' √(p(1 − p)/n), and no test where an item is hidden in either wave.
/// Recomputed here from the published items.
@Suite struct DimensionShareTrendTests {
    static let demo = ProcessRunner.packageRoot.appendingPathComponent("Surveys/stakeholder-survey.yaml").path

    /// The demo as it is, and with `minimum-n: 20`, where a segment cell hides an item.
    @Test(arguments: [10, 20])
    func dimensionShareKPIsCarryTheirTest(minimumN: Int) throws {
        let text = try String(contentsOfFile: Self.demo, encoding: .utf8)
        #expect(text.contains("minimum-n: 10\n"))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("demo.yaml", text.replacingOccurrences(of: "minimum-n: 10\n", with: "minimum-n: \(minimumN)\n"))
        let instrument = try InstrumentLoader.load(path: path)
        let inputs = ["2024", "2025", "2026"].map { ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/stakeholder-\($0).csv").path }
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: path, inputs: inputs)).report
        let kpis = instrument.kpis.filter { $0.dimension != nil && $0.measure == .favourable }
        #expect(!kpis.isEmpty, "the demo must have such a KPI for the test to mean anything")
        var checked = 0
        var hiddenItems = 0
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
                // A share over fewer items (one hidden) is not compared with one over all of them.
                if [a, b].contains(where: { c in c.items.contains { members.contains($0.id) && $0.suppressed != nil } }) {
                    #expect(trend.testStatistic == nil && trend.p == nil, "\(trend.group) \(kpi.id): a hidden item, no test")
                    hiddenItems += 1
                    continue
                }
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
        if minimumN == 20 { #expect(hiddenItems >= 1, "a segment cell hides an item, so the rule is exercised") }
    }
}
