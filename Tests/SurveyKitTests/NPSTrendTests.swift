import Foundation
import SurveyKit
import SurveyStatistics
import SurveyTestSupport
import Testing

/// NPS changes are tested with the SEs of SPEC §5.1 (SPEC §5.5): z = (NPS₂ − NPS₁)/√(SE₁² + SE₂²),
/// SE = 100·√((p′ + d′ − (p′ − d′)²)/n′), n′ = n + 3, p′ = (P + 0.75)/n′, d′ = (D + 0.75)/n′,
/// p = erfc(|z|/√2). Recomputed here from the published counts of every NPS trend of the demo.
@Suite struct NPSTrendTests {
    static func adjustedSE(_ nps: NPSValue) -> Double {
        let n = Double(nps.promoters + nps.passives + nps.detractors) + 3
        let p = (Double(nps.promoters) + 0.75) / n, d = (Double(nps.detractors) + 0.75) / n
        return 100 * ((p + d - (p - d) * (p - d)) / n).squareRoot()
    }

    @Test func npsTrendsUseTheAdjustedStandardErrors() throws {
        let root = ProcessRunner.packageRoot
        let inputs = ["2024", "2025", "2026"].map { root.appendingPathComponent("Datasets/demo/stakeholder-\($0).csv").path }
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: root.appendingPathComponent("Surveys/stakeholder-survey.yaml").path, inputs: inputs)).report
        var checked = 0
        for trend in report.trends where trend.kind == "item" && trend.measure == "nps" {
            func nps(_ wave: String) throws -> NPSValue {
                let cell = try #require(report.cells.first { $0.wave == wave && $0.group == trend.group && $0.segment == trend.segment })
                return try #require(cell.items.first { $0.id == trend.id }?.nps)
            }
            let (a, b) = (try nps(trend.from), try nps(trend.to))
            let z = (b.score - a.score) / (Self.adjustedSE(a) * Self.adjustedSE(a) + Self.adjustedSE(b) * Self.adjustedSE(b)).squareRoot()
            let statistic = try #require(trend.testStatistic)
            #expect(abs(statistic - z) <= 1e-12 * abs(z), "\(trend.group) \(trend.id) \(trend.from)→\(trend.to)")
            #expect(abs(try #require(trend.p) - erfc(abs(z) / 2.0.squareRoot())) <= 1e-12)
            checked += 1
        }
        #expect(checked >= 10, "the demo must have NPS trends for the test to mean anything")
    }
}
