import Foundation
import SurveyHistory

/// Locale-free text for KPI values and changes, shared by `surveykpi history` and the combined
/// dashboard: proportions (`favourable`, `unfavourable`, `response-rate`) as percentages with
/// one decimal and their changes in percentage points, everything else with one decimal.
enum HistoryText {
    static let proportions: Set<String> = ["favourable", "unfavourable", "response-rate"]

    /// A KPI value, `—` when absent.
    static func value(_ x: Double?, measure: String) -> String {
        guard let x else { return "—" }
        return proportions.contains(measure) ? fixed(x * 100, 1) + "%" : fixed(x, 1)
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
        proportions.contains(measure) ? signed(trend.delta * 100, 1) + " pt" : signed(trend.delta, 1)
    }

    /// One sentence about a trend's test.
    static func test(_ trend: HistoryTrend, measure: String) -> String {
        var parts = ["\(trend.from) → \(trend.to): \(delta(trend, measure: measure))"]
        if let statistic = trend.testStatistic, let p = trend.p {
            let name = trend.test == "welch" ? "Welch t" : "z"
            parts.append("\(name) = \(fixed(statistic, 2))" + (trend.df.map { ", df = \(fixed($0, 1))" } ?? ""))
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
        p < 0.001 ? "< 0.001" : "= " + fixed(p, 3)
    }

    /// `1234567` → `1,234,567`.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// Fixed decimals, `-0.0` printed as `0.0`.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// `+2.1`, `-0.4`, `0.0`.
    static func signed(_ x: Double, _ decimals: Int) -> String {
        let s = fixed(x, decimals)
        return s.hasPrefix("-") || s.allSatisfy({ $0 == "0" || $0 == "." }) ? s : "+" + s
    }

    /// Pads or cuts to exactly `width` characters.
    static func pad(_ s: String, _ width: Int) -> String {
        if s.count > width { return String(s.prefix(max(0, width - 1))) + "…" }
        return s + String(repeating: " ", count: width - s.count)
    }

    /// Right-aligns in `width` characters.
    static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
