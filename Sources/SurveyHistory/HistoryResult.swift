import GRDB

/// One stored measure of one cell: the history's unit, keyed by instrument, wave, group, segment
/// and measure (`kind` + `ref` + `measure`).
///
/// Besides the value, a row keeps what a wave-to-wave test needs, so `surveykpi history` can test
/// the change between any two stored waves without the responses:
/// - means (`test` = `welch`): `value` = mean, `n`, `sd` (n − 1; with weights the SD whose
///   sd/√n is the linearized SE);
/// - proportions (`z`): `value` = p, `count` successes out of `total`;
/// - NPS (`nps`): `value` = score and the `promoters`, `passives`, `detractors` counts.
///
/// KPI rows (`kind` = `kpi`) copy the statistics of the measure they are computed from and add
/// `target`, `threshold` and `status`. Every number is finite or `nil` (SQLite would store NaN
/// as NULL anyway).
public struct HistoryResult: Hashable, Sendable {
    /// Instrument id.
    public var instrument: String
    /// Wave label.
    public var wave: String
    /// Group id or `all`.
    public var group: String
    /// `""` for the whole group, else `name=value` of the segment.
    public var segment: String
    /// `cell`, `index`, `item`, `dimension` or `kpi`.
    public var kind: String
    /// Id of the item, dimension or KPI; `""` for cell measures, `index` for the cell index.
    public var ref: String
    /// `respondents`, `response-rate`, `index`, `mean`, `favourable`, `unfavourable`, `nps`; for
    /// KPIs the KPI's measure.
    public var measure: String
    /// The value, absent when suppressed or undefined.
    public var value: Double?
    /// Valid answers (means) or respondents.
    public var n: Double?
    /// Standard deviation with the n − 1 denominator, on the value's scale; for the test
    /// `estimate`, the value's standard error.
    public var sd: Double?
    /// Successes of a proportion.
    public var count: Double?
    /// Denominator of a proportion.
    public var total: Double?
    /// NPS promoters (9–10).
    public var promoters: Int?
    /// NPS passives (7–8).
    public var passives: Int?
    /// NPS detractors (0–6).
    public var detractors: Int?
    /// KPI target.
    public var target: Double?
    /// KPI at-risk threshold.
    public var threshold: Double?
    /// KPI status (`met`, `at-risk`, `not-met`, `no-data`).
    public var status: String?
    /// Suppression reason, when suppressed.
    public var suppressed: String?
    /// Which test compares two waves of this measure: `welch`, `z`, `nps` or `estimate` (a z
    /// test on two estimates with their standard errors).
    public var test: String?

    /// Creates a result with its key; statistics are filled in afterwards.
    public init(instrument: String, wave: String, group: String, segment: String, kind: String, ref: String, measure: String, value: Double? = nil) {
        self.instrument = instrument
        self.wave = wave
        self.group = group
        self.segment = segment
        self.kind = kind
        self.ref = ref
        self.measure = measure
        self.value = value.flatMap(Self.finite)
    }

    /// The value when finite, else `nil`.
    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
}

extension HistoryResult: FetchableRecord, PersistableRecord {
    /// `result`.
    public static let databaseTableName = "result"

    /// Reads a row of the `result` table.
    public init(row: Row) {
        instrument = row["instrument"]
        wave = row["wave"]
        group = row["grp"]
        segment = row["segment"]
        kind = row["kind"]
        ref = row["ref"]
        measure = row["measure"]
        value = row["value"]
        n = row["n"]
        sd = row["sd"]
        count = row["count"]
        total = row["total"]
        promoters = row["promoters"]
        passives = row["passives"]
        detractors = row["detractors"]
        target = row["target"]
        threshold = row["threshold"]
        status = row["status"]
        suppressed = row["suppressed"]
        test = row["test"]
    }

    /// Writes the columns of the `result` table.
    public func encode(to container: inout PersistenceContainer) {
        container["instrument"] = instrument
        container["wave"] = wave
        container["grp"] = group
        container["segment"] = segment
        container["kind"] = kind
        container["ref"] = ref
        container["measure"] = measure
        container["value"] = value
        container["n"] = n
        container["sd"] = sd
        container["count"] = count
        container["total"] = total
        container["promoters"] = promoters
        container["passives"] = passives
        container["detractors"] = detractors
        container["target"] = target
        container["threshold"] = threshold
        container["status"] = status
        container["suppressed"] = suppressed
        container["test"] = test
    }
}
