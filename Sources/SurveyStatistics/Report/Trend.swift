/// A wave-to-wave change of one measure in one group and segment (SPEC §5.5).
public struct Trend: Codable, Hashable, Sendable {
    /// Group id or `all`.
    public var group: String
    /// Segment, `nil` for the whole group.
    public var segment: SegmentRef?
    /// `item`, `dimension`, `index` or `kpi`.
    public var kind: String
    /// Id of the item, dimension or KPI (`index` for the cell index).
    public var id: String
    /// `mean`, `favourable`, `nps`, `index` or `kpi`.
    public var measure: String
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
    /// `welch` or `z`, when a test applies.
    public var test: String?
    /// t or z, later minus earlier.
    public var testStatistic: Double?
    /// Welch degrees of freedom.
    public var df: Double?
    /// Two-sided p.
    public var p: Double?
    /// Benjamini–Hochberg adjusted p over the report.
    public var q: Double?
    /// Hedges' g for means.
    public var effectSize: Double?
    /// q < significance.
    public var significant: Bool
    /// `up`, `down` or `none`.
    public var direction: String

    enum CodingKeys: String, CodingKey {
        case group, segment, kind, id, measure, from, to, before, after, delta, test, testStatistic, df, p, q, effectSize, significant, direction
    }

    /// Encodes `segment` as an explicit null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encode(segment, forKey: .segment)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(measure, forKey: .measure)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(delta, forKey: .delta)
        try c.encodeIfPresent(test, forKey: .test)
        try c.encodeIfPresent(testStatistic, forKey: .testStatistic)
        try c.encodeIfPresent(df, forKey: .df)
        try c.encodeIfPresent(p, forKey: .p)
        try c.encodeIfPresent(q, forKey: .q)
        try c.encodeIfPresent(effectSize, forKey: .effectSize)
        try c.encode(significant, forKey: .significant)
        try c.encode(direction, forKey: .direction)
    }
}

/// A measure's values over every wave, with the OLS slope when there are ≥ 4 waves.
public struct Series: Codable, Hashable, Sendable {
    /// One wave's value.
    public struct Point: Codable, Hashable, Sendable {
        /// Wave label.
        public var wave: String
        /// Value.
        public var value: Double
    }

    /// Group id or `all`.
    public var group: String
    /// Segment, `nil` for the whole group.
    public var segment: SegmentRef?
    /// `index`, `dimension`, `item` or `kpi`.
    public var kind: String
    /// Id.
    public var id: String
    /// Values in wave order (suppressed waves left out).
    public var points: [Point]
    /// OLS slope per wave.
    public var slope: Double?
    /// Its t interval.
    public var slopeCi: [Double]?
    /// Its two-sided p.
    public var p: Double?

    enum CodingKeys: String, CodingKey { case group, segment, kind, id, points, slope, slopeCi, p }

    /// Encodes `segment` as an explicit null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encode(segment, forKey: .segment)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(points, forKey: .points)
        try c.encodeIfPresent(slope, forKey: .slope)
        try c.encodeIfPresent(slopeCi, forKey: .slopeCi)
        try c.encodeIfPresent(p, forKey: .p)
    }
}

/// One entry of the ranked improvement list (ISO 21001 10.3).
public struct Opportunity: Codable, Hashable, Sendable {
    /// 1-based rank.
    public var rank: Int
    /// Group id or `all`.
    public var group: String
    /// Wave it refers to.
    public var wave: String
    /// `item`, `dimension`, `index` or `kpi`.
    public var kind: String
    /// Id.
    public var id: String
    /// `priority-driver`, `significant-decline`, `kpi-not-met` or `kpi-at-risk`.
    public var why: String
    /// The value that put it here.
    public var value: Double?
    /// The target, for KPIs.
    public var target: Double?
    /// The change, for declines.
    public var delta: Double?
    /// Correlation with the outcome, for drivers.
    public var r: Double?
    /// Ranking score (higher first).
    public var score: Double
}
