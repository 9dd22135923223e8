import Foundation
import SurveyReport
import SurveyHistory

/// Locale-free text for KPI values and changes, shared by `surveykpi history` and the combined
/// dashboard: proportions (`favourable`, `unfavourable`, `response-rate`) as percentages with
/// one decimal and their changes in percentage points, everything else with one decimal.
enum HistoryText {
    static let proportions: Set<String> = ["favourable", "unfavourable", "response-rate"]

    /// A KPI value, `—` when absent.
    static func value(_ x: Double?, measure: String) -> String {
        guard let x else { return "—" }
        return proportions.contains(measure) ? TextFormatting.fixed(x * 100, 1) + "%" : TextFormatting.fixed(x, 1)
    }

    /// A change with its significance mark: `+2.1 ▲*`, `-4.0 pt ▼*`, `+0.3`.
    static func change(_ trend: HistoryTrend?, measure: String) -> String {
        guard let trend else { return "" }
        var text = delta(trend, measure: measure)
        if trend.significant { text += trend.direction == "up" ? " ▲*" : " ▼*" }
        return text
    }

    /// The change alone: `+2.1`, `-4.0 pt`.
    static func delta(_ trend: HistoryTrend, measure: String) -> String {
        proportions.contains(measure) ? TextFormatting.signed(trend.delta * 100, 1) + " pt" : TextFormatting.signed(trend.delta, 1)
    }

    /// One sentence about a trend's test.
    static func test(_ trend: HistoryTrend, measure: String) -> String {
        var parts = ["\(trend.from) → \(trend.to): \(delta(trend, measure: measure))"]
        if let statistic = trend.testStatistic, let p = trend.p {
            let name = trend.test == "welch" ? "Welch t" : "z"
            parts.append("\(name) = \(TextFormatting.fixed(statistic, 2))" + (trend.df.map { ", df = \(TextFormatting.fixed($0, 1))" } ?? ""))
            parts.append("p \(probability(p))")
            if let q = trend.q { parts.append("q \(probability(q))") }
            parts.append(trend.significant ? "significant (\(trend.direction))" : "not significant")
        } else {
            parts.append("no test (too few answers or no variation)")
        }
        return parts.joined(separator: ", ")
    }

    /// `= 0.021`, or `< 0.001`.
    static func probability(_ p: Double) -> String {
        p < 0.001 ? "< 0.001" : "= " + TextFormatting.fixed(p, 3)
    }
}
