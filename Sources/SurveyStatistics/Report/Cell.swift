import SurveyModel

/// Why a cell, item or dimension shows no statistics (SPEC §5.8).
public enum SuppressionReason: String, Codable, Hashable, Sendable {
    /// Fewer respondents (or valid answers) than `minimum-n`.
    case lowN = "low-n"
    /// Response rate below `minimum-response-rate`.
    case lowResponseRate = "low-response-rate"
    /// Hidden so that a suppressed neighbour cannot be recovered by subtraction.
    case complementary
    /// Nothing to show.
    case noData = "no-data"
}

/// A segment breakdown: which column, which value.
public struct SegmentRef: Codable, Hashable, Sendable, Comparable {
    /// Segment column.
    public var name: String
    /// Value in that column.
    public var value: String

    /// Creates a segment reference.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Orders by column, then value.
    public static func < (a: SegmentRef, b: SegmentRef) -> Bool { (a.name, a.value) < (b.name, b.value) }
}

/// Statistics for one (wave, group, segment value) combination.
public struct Cell: Codable, Hashable, Sendable {
    /// Wave label.
    public var wave: String
    /// Group id, or `all`.
    public var group: String
    /// `nil` for the whole group.
    public var segment: SegmentRef?
    /// Accepted responses in the cell.
    public var respondents: Int
    /// respondents / population, when the population is known.
    public var responseRate: Double?
    /// Why nothing else is shown, if so.
    public var suppressed: SuppressionReason?
    /// Satisfaction index (SPEC §5.3).
    public var index: IndexValue?
    /// Per-item statistics.
    public var items: [ItemStats] = []
    /// Per-dimension statistics.
    public var dimensions: [DimensionStats] = []
    /// KPI values and status.
    public var kpis: [KPIValue] = []
    /// Key drivers against the outcome item.
    public var drivers: [Driver] = []
    /// Data-quality counts.
    public var quality: Quality?
    /// Kish effective sample size of the cell, when weighted.
    public var nEff: Double?

    enum CodingKeys: String, CodingKey {
        case wave, group, segment, respondents, responseRate, suppressed, index, items, dimensions, kpis, drivers, quality, nEff
    }

    /// Creates an empty cell.
    public init(wave: String, group: String, segment: SegmentRef?, respondents: Int) {
        self.wave = wave
        self.group = group
        self.segment = segment
        self.respondents = respondents
    }

    /// Encodes `segment` and `suppressed` as explicit nulls; a suppressed cell carries nothing else.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(wave, forKey: .wave)
        try c.encode(group, forKey: .group)
        try c.encode(segment, forKey: .segment)
        try c.encode(respondents, forKey: .respondents)
        try c.encodeIfPresent(responseRate, forKey: .responseRate)
        try c.encode(suppressed, forKey: .suppressed)
        guard suppressed == nil else { return }
        try c.encodeIfPresent(index, forKey: .index)
        try c.encode(items, forKey: .items)
        try c.encode(dimensions, forKey: .dimensions)
        try c.encode(kpis, forKey: .kpis)
        try c.encode(drivers, forKey: .drivers)
        try c.encodeIfPresent(quality, forKey: .quality)
        try c.encodeIfPresent(nEff, forKey: .nEff)
    }
}

/// A value on the 0–100 index scale with its interval.
public struct IndexValue: Codable, Hashable, Sendable {
    /// The index.
    public var value: Double
    /// Its confidence interval, when n ≥ 2.
    public var ci: [Double]?
    /// Respondents it is computed over (cell index only).
    public var n: Int?
    /// SD of respondent indices (cell index only), for tests between waves.
    public var sd: Double?
    /// Linearized standard error of the mean (weighted reports only).
    public var se: Double?

    /// Creates an index value.
    public init(value: Double, ci: [Double]?, n: Int? = nil, sd: Double? = nil, se: Double? = nil) {
        self.value = value
        self.ci = ci
        self.n = n
        self.sd = sd
        self.se = se
    }
}

/// A count with its share and Wilson interval.
public struct ShareValue: Codable, Hashable, Sendable {
    /// Count of answers (weighted when weights apply).
    public var count: Double?
    /// count / n.
    public var p: Double
    /// Wilson score interval.
    public var ci: [Double]?
}

/// NPS of an item.
public struct NPSValue: Codable, Hashable, Sendable {
    /// 100·(P − D)/n.
    public var score: Double
    /// Adjusted-Wald interval.
    public var ci: [Double]
    /// Promoters (9–10).
    public var promoters: Int
    /// Passives (7–8).
    public var passives: Int
    /// Detractors (0–6).
    public var detractors: Int
}

/// Per-item statistics in a cell (SPEC §5.1).
public struct ItemStats: Codable, Hashable, Sendable {
    /// Item id.
    public var id: String
    /// Valid answers.
    public var n: Int?
    /// Mean of (recoded) answers.
    public var mean: Double?
    /// Sample SD (n − 1).
    public var sd: Double?
    /// t interval of the mean.
    public var ci: [Double]?
    /// Median.
    public var median: Double?
    /// 0–100 index.
    public var index: IndexValue?
    /// Favourable share.
    public var favourable: ShareValue?
    /// Unfavourable share.
    public var unfavourable: ShareValue?
    /// Count per scale value, zeros included.
    public var distribution: [String: Int]?
    /// Count per missing reason.
    public var missing: [String: Int]?
    /// NPS, for NPS items.
    public var nps: NPSValue?
    /// Kish effective n, when weighted.
    public var nEff: Double?
    /// Linearized standard error of the mean, when weighted.
    public var se: Double?
    /// Why nothing is shown.
    public var suppressed: SuppressionReason?

    enum CodingKeys: String, CodingKey {
        case id, n, mean, sd, se, ci, median, index, favourable, unfavourable, distribution, missing, nps, nEff, suppressed
    }

    /// Creates item statistics; the rest is filled in by the analysis.
    public init(id: String, n: Int? = nil, mean: Double? = nil) {
        self.id = id
        self.n = n
        self.mean = mean
    }

    /// Suppressed items carry only their id and reason.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(suppressed, forKey: .suppressed)
        guard suppressed == nil else { return }
        try c.encodeIfPresent(n, forKey: .n)
        try c.encodeIfPresent(mean, forKey: .mean)
        try c.encodeIfPresent(sd, forKey: .sd)
        try c.encodeIfPresent(se, forKey: .se)
        try c.encodeIfPresent(ci, forKey: .ci)
        try c.encodeIfPresent(median, forKey: .median)
        try c.encodeIfPresent(index, forKey: .index)
        try c.encodeIfPresent(favourable, forKey: .favourable)
        try c.encodeIfPresent(unfavourable, forKey: .unfavourable)
        try c.encodeIfPresent(distribution, forKey: .distribution)
        try c.encodeIfPresent(missing, forKey: .missing)
        try c.encodeIfPresent(nps, forKey: .nps)
        try c.encodeIfPresent(nEff, forKey: .nEff)
    }
}

/// Cronbach's α of a dimension (SPEC §5.2).
public struct AlphaValue: Codable, Hashable, Sendable {
    /// α.
    public var value: Double
    /// Respondents used.
    public var n: Int
    /// Items.
    public var k: Int
    /// α without each item, by item id.
    public var ifItemDeleted: [String: Double]
}

/// Per-dimension statistics in a cell (SPEC §5.2).
public struct DimensionStats: Codable, Hashable, Sendable {
    /// Dimension id.
    public var id: String
    /// Respondents with a score.
    public var n: Int?
    /// Mean respondent score.
    public var mean: Double?
    /// SD of respondent scores.
    public var sd: Double?
    /// t interval.
    public var ci: [Double]?
    /// 0–100 index.
    public var index: IndexValue?
    /// Mean of the items' favourable shares.
    public var favourable: ShareValue?
    /// Reliability.
    public var alpha: AlphaValue?
    /// Kish effective n, when weighted.
    public var nEff: Double?
    /// Linearized standard error of the mean, when weighted.
    public var se: Double?
    /// Why nothing is shown.
    public var suppressed: SuppressionReason?

    enum CodingKeys: String, CodingKey { case id, n, mean, sd, se, ci, index, favourable, alpha, nEff, suppressed }

    /// Suppressed dimensions carry only their id and reason.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(suppressed, forKey: .suppressed)
        guard suppressed == nil else { return }
        try c.encodeIfPresent(n, forKey: .n)
        try c.encodeIfPresent(mean, forKey: .mean)
        try c.encodeIfPresent(sd, forKey: .sd)
        try c.encodeIfPresent(se, forKey: .se)
        try c.encodeIfPresent(ci, forKey: .ci)
        try c.encodeIfPresent(index, forKey: .index)
        try c.encodeIfPresent(favourable, forKey: .favourable)
        try c.encodeIfPresent(alpha, forKey: .alpha)
        try c.encodeIfPresent(nEff, forKey: .nEff)
    }
}

/// A KPI evaluated in a cell (SPEC §5.7).
public struct KPIValue: Codable, Hashable, Sendable {
    /// Whether the quality objective is met.
    public enum Status: String, Codable, Hashable, Sendable {
        case met
        case atRisk = "at-risk"
        case notMet = "not-met"
        case noData = "no-data"
    }

    /// KPI id.
    public var id: String
    /// Measured value, absent when suppressed or undefined.
    public var value: Double?
    /// Target.
    public var target: Double
    /// At-risk threshold.
    public var threshold: Double?
    /// Status.
    public var status: Status
}

/// A key driver (SPEC §5.6).
public struct Driver: Codable, Hashable, Sendable {
    /// Item or dimension id.
    public var id: String
    /// `item` or `dimension`.
    public var kind: String
    /// Pearson r with the outcome.
    public var r: Double
    /// Respondents with both valid.
    public var n: Int
    /// The driver's 0–100 index.
    public var performance: Double
    /// Quadrant of the importance–performance matrix.
    public var quadrant: String
    /// Johnson's relative weight, when computed.
    public var relativeWeight: Double?
}

/// Data-quality counts for a cell (SPEC §4).
public struct Quality: Codable, Hashable, Sendable {
    /// Zero-spread respondents on a dimension of ≥ 5 items.
    public var straightliners: Int
    /// Duration below 0.3 × median of wave and group.
    public var speeders: Int
    /// Rejected duplicate responses.
    public var duplicates: Int
    /// Answers outside their scale.
    public var invalidAnswers: Int
}
