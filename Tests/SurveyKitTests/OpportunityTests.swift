import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// Significant declines become opportunities for improvement (ISO 21001 10.3), each with the
/// numbers that put it there. The demo improves from wave to wave, so its waves are declared in
/// reverse order: the same data then declines.
@Suite struct OpportunityTests {
    @Test func significantDeclinesAreRankedOpportunities() throws {
        let demo = ProcessRunner.packageRoot.appendingPathComponent("Surveys/stakeholder-survey.yaml").path
        let text = try String(contentsOfFile: demo, encoding: .utf8)
        #expect(text.contains("waves: [\"2024\", \"2025\", \"2026\"]"))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let reversed = try dir.write("reversed.yaml", text.replacingOccurrences(of: "waves: [\"2024\", \"2025\", \"2026\"]", with: "waves: [\"2026\", \"2025\", \"2024\"]"))
        let inputs = ["2024", "2025", "2026"].map { ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/stakeholder-\($0).csv").path }
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: reversed, inputs: inputs)).report
        #expect(report.waves == ["2026", "2025", "2024"])

        let declines = report.opportunities.filter { $0.why == "significant-decline" }
        #expect(declines.count >= 10)
        for opportunity in declines {
            let trend = try #require(report.trends.first {
                $0.to == "2024" && $0.segment == nil && $0.group == opportunity.group && $0.kind == opportunity.kind && $0.id == opportunity.id
                    && $0.significant && $0.direction == "down" && $0.delta == opportunity.delta
            }, "no significant decline behind \(opportunity.group) \(opportunity.kind) \(opportunity.id)")
            #expect(opportunity.wave == "2024")
            #expect(opportunity.value == trend.after)
            #expect(opportunity.score == 2 + min(1, abs(trend.effectSize ?? 0)))
            #expect(trend.q! < report.settings.significance)
        }
        // Ranked by score, 1, 2, 3 …
        #expect(report.opportunities.map(\.rank) == Array(1...report.opportunities.count))
        #expect(zip(report.opportunities, report.opportunities.dropFirst()).allSatisfy { $0.score >= $1.score })
        // Every significant decline of a whole group in the latest wave is listed while there is room.
        let all = report.trends.filter { $0.to == "2024" && $0.segment == nil && $0.significant && $0.direction == "down" && $0.kind != "kpi" }
        if report.opportunities.count < 50 { #expect(declines.count == all.count) }
    }
}
