import SurveyModel
import SurveyStatistics

/// Locale-free formatting of the pack's numbers, by what they measure.
enum ReviewPackFormat {
    /// Whether a measure is a share (printed as a percentage, changes in percentage points).
    static func isShare(_ measure: KPI.Measure) -> Bool {
        measure == .favourable || measure == .unfavourable || measure == .responseRate
    }

    /// A value of a measure: `70.1%`, `69.9`, `3.55`, `-6.3`.
    static func value(_ x: Double, _ measure: KPI.Measure) -> String {
        switch measure {
        case .favourable, .unfavourable, .responseRate: TextFormatting.percent(x)
        case .mean: TextFormatting.fixed(x, 2)
        case .nps: TextFormatting.signed(x, 1)
        case .index: TextFormatting.fixed(x, 1)
        }
    }

    /// A change of a measure: `+7.9 pp`, `+3.7`, `-0.12`.
    static func change(_ delta: Double, _ measure: KPI.Measure) -> String {
        switch measure {
        case .favourable, .unfavourable, .responseRate: TextFormatting.signed(delta * 100, 1) + " pp"
        case .mean: TextFormatting.signed(delta, 2)
        case .nps, .index: TextFormatting.signed(delta, 1)
        }
    }

    /// A p or q value: `< 0.001`, `0.034`, `1.000`.
    static func probability(_ p: Double) -> String {
        p < 0.001 ? "< 0.001" : TextFormatting.fixed(p, 3)
    }

    /// A q value in a sentence: `q < 0.001`, `q = 0.034`.
    static func q(_ q: Double) -> String {
        q < 0.001 ? "q < 0.001" : "q = " + TextFormatting.fixed(q, 3)
    }

    /// An interval `58.2–66.4`.
    static func interval(_ ci: [Double]?, decimals: Int = 1, scale: Double = 1) -> String {
        guard let ci, ci.count == 2 else { return "—" }
        let low = TextFormatting.fixed(ci[0] * scale, decimals), high = TextFormatting.fixed(ci[1] * scale, decimals)
        // An en dash between negative numbers reads as a minus sign: say "to" then.
        return low.hasPrefix("-") || high.hasPrefix("-") ? "\(low) to \(high)" : "\(low)–\(high)"
    }

    /// A KPI status as words.
    static func status(_ status: KPIValue.Status) -> String {
        switch status {
        case .met: "met"
        case .atRisk: "at risk"
        case .notMet: "not met"
        case .noData: "no data"
        }
    }

    /// A verdict as words.
    static func verdict(_ verdict: ActionReview.Verdict) -> String {
        switch verdict {
        case .effective: "effective"
        case .notYetEffective: "not yet effective"
        case .worse: "worse"
        case .insufficientData: "insufficient data"
        }
    }

    /// The tone of a verdict.
    static func tone(_ verdict: ActionReview.Verdict) -> PackTone {
        switch verdict {
        case .effective: .met
        case .notYetEffective: .atRisk
        case .worse: .notMet
        case .insufficientData: .noData
        }
    }

    /// A suppression reason in words.
    static func suppression(_ reason: SuppressionReason, minimumN: Int) -> String {
        switch reason {
        case .lowN: "fewer than \(minimumN) respondents or answers"
        case .lowResponseRate: "response rate below the publication rule"
        case .complementary: "hidden so that a suppressed neighbour cannot be worked out"
        case .noData: "no answers"
        }
    }

    /// The significance of a wave-to-wave change: `significant (q = 0.004)`, `not significant
    /// (q = 0.41)`, or `not tested`.
    static func significance(_ trend: Trend?) -> (text: String, tone: PackTone?) {
        guard let trend, let q = trend.q else { return ("not tested", .muted) }
        if trend.significant {
            return ("significant (\(self.q(q)))", trend.delta >= 0 ? .good : .bad)
        }
        return ("not significant (\(self.q(q)))", .muted)
    }

    /// An anchor id from arbitrary text: lowercase letters, digits and `-`.
    static func anchor(_ parts: String...) -> String {
        var out = ""
        for scalar in parts.joined(separator: "-").lowercased().unicodeScalars {
            let isSafe = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isSafe {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }
}
