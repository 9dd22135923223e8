import SurveyStatistics

/// One KPI of one group over every stored wave, with the test of the change between the last
/// two waves that have a value.
public struct KPISeries: Hashable, Sendable, Codable {
    /// The KPI in one wave.
    public struct Point: Hashable, Sendable, Codable {
        /// Wave label.
        public var wave: String
        /// Value, absent when suppressed or undefined.
        public var value: Double?
        /// Target.
        public var target: Double?
        /// At-risk threshold.
        public var threshold: Double?
        /// `met`, `at-risk`, `not-met` or `no-data`.
        public var status: String
        /// Valid answers or respondents behind the value.
        public var n: Double?
    }

    /// Instrument id.
    public var instrument: String
    /// Group id or `all`.
    public var group: String
    /// KPI id.
    public var kpi: String
    /// KPI title.
    public var title: String
    /// `index`, `mean`, `favourable`, `unfavourable`, `nps` or `response-rate`.
    public var measure: String
    /// `higher` or `lower` is better.
    public var direction: String
    /// Values in wave order.
    public var points: [Point]
    /// The change between the last two waves with a value, when there are two.
    public var trend: HistoryTrend?

    /// The latest point.
    public var latest: Point? { points.last }
}

/// The change of a KPI between two waves and its significance test (SPEC §5.5).
///
/// Means are compared with Welch's t test (and Hedges' g), proportions with the pooled
/// two-proportion z test, NPS with the z test on the difference of scores, all from the
/// statistics stored with each value (``Comparison``). `q` is the Benjamini–Hochberg adjusted p
/// over every trend of one query, the query's family; `significant` is q < the instrument's
/// `significance`. `direction` is `up` or `down` when significant, else `none`.
public struct HistoryTrend: Hashable, Sendable, Codable {
    /// Earlier wave.
    public var from: String
    /// Later wave.
    public var to: String
    /// Value in the earlier wave.
    public var before: Double
    /// Value in the later wave.
    public var after: Double
    /// after − before.
    public var delta: Double
    /// `welch` (means) or `z` (proportions and NPS), when a test applies.
    public var test: String?
    /// t or z, later minus earlier.
    public var testStatistic: Double?
    /// Welch degrees of freedom.
    public var df: Double?
    /// Two-sided p.
    public var p: Double?
    /// Benjamini–Hochberg q over the query's trends.
    public var q: Double?
    /// Hedges' g, for means.
    public var effectSize: Double?
    /// q < significance.
    public var significant: Bool
    /// `up`, `down` or `none`.
    public var direction: String

    /// Compares two stored values of one measure; the test is left out when the statistics it
    /// needs are missing or degenerate (zero variance, n < 2).
    static func between(_ a: HistoryResult, _ b: HistoryResult, confidence: Double) -> HistoryTrend? {
        guard let before = a.value, let after = b.value else { return nil }
        var trend = HistoryTrend(from: a.wave, to: b.wave, before: before, after: after, delta: after - before, significant: false, direction: "none")
        guard let kind = b.test, a.test == kind else { return trend }
        let result: TestResult?
        switch kind {
        case "welch":
            guard let sd1 = a.sd, let sd2 = b.sd, let n1 = a.n, let n2 = b.n else { return trend }
            result = Comparison.welch(mean1: before, sd1: sd1, n1: Int(n1), mean2: after, sd2: sd2, n2: Int(n2))
            trend.effectSize = Comparison.hedgesG(mean1: before, sd1: sd1, n1: Int(n1), mean2: after, sd2: sd2, n2: Int(n2))
        case "z":
            guard let c1 = a.count, let t1 = a.total, let c2 = b.count, let t2 = b.total else { return trend }
            result = Comparison.twoProportionZ(count1: c1, n1: t1, count2: c2, n2: t2)
        case "estimate":
            // `sd` holds the estimate's standard error (a dimension's favourable share).
            guard let s1 = a.sd, let s2 = b.sd else { return trend }
            result = Comparison.npsDifference(score1: before, se1: s1, score2: after, se2: s2)
        case "nps":
            guard let s1 = standardError(a, confidence: confidence), let s2 = standardError(b, confidence: confidence) else { return trend }
            result = Comparison.npsDifference(score1: before, se1: s1, score2: after, se2: s2)
        default:
            result = nil
        }
        guard let result else { return trend }
        trend.test = kind == "welch" ? "welch" : "z"
        trend.testStatistic = result.statistic
        trend.df = result.df
        trend.p = result.p
        return trend
    }

    static func standardError(_ r: HistoryResult, confidence: Double) -> Double? {
        guard let p = r.promoters, let m = r.passives, let d = r.detractors else { return nil }
        return NetPromoter.score(promoters: p, passives: m, detractors: d, confidence: confidence)?.adjustedStandardError
    }

    /// Sets `q`, `significant` and `direction` over one family of trends.
    static func adjust(_ trends: inout [HistoryTrend?], significance: [Double]) {
        let p = trends.map { $0?.p ?? .nan }
        let q = Comparison.benjaminiHochberg(p)
        for i in trends.indices where !q[i].isNaN {
            guard var trend = trends[i] else { continue }
            trend.q = q[i]
            trend.significant = q[i] < significance[i]
            trend.direction = !trend.significant || trend.delta == 0 ? "none" : trend.delta > 0 ? "up" : "down"
            trends[i] = trend
        }
    }
}
