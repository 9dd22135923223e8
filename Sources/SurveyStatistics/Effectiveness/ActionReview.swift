/// Whether an improvement action worked: its linked measure at the opening wave against the
/// latest wave, the change with its significance, and a verdict (ISO 21001 10.2: review the
/// effectiveness of any corrective action taken).
///
/// Produced by ``ActionEffectiveness``. Every difference is latest minus opening wave.
public struct ActionReview: Codable, Hashable, Sendable {
    /// The verdict on an action.
    public enum Verdict: String, Codable, Hashable, Sendable, CaseIterable {
        /// A significant change in the intended direction that reaches the expected change.
        case effective
        /// No significant change yet, or a significant one short of the expected change.
        case notYetEffective = "not-yet-effective"
        /// A significant change against the intended direction.
        case worse
        /// The measure cannot be compared: no later wave, suppressed, absent or untestable.
        case insufficientData = "insufficient-data"
    }

    /// Why the verdict is what it is, for the report to phrase.
    public enum Basis: String, Codable, Hashable, Sendable {
        /// Opened in the latest wave: there is no later measurement yet.
        case noLaterWave = "no-later-wave"
        /// The opening wave is not among the report's waves.
        case openingWaveNotInData = "opening-wave-not-in-data"
        /// The group has no cell in the opening or latest wave.
        case noCell = "no-cell"
        /// The cell, item or dimension is suppressed in the opening or latest wave.
        case suppressed
        /// The measure has no value in one of the waves.
        case noValue = "no-value"
        /// Values exist but no test applies (no variation, n < 2).
        case noTest = "no-test"
        /// The change is not significant.
        case notSignificant = "not-significant"
        /// Significant improvement, smaller than the expected change.
        case shortOfExpected = "short-of-expected"
        /// Significant improvement, reaching the expected change (or none was given).
        case improved
        /// Significant change against the intended direction.
        case declined
    }

    /// The action's id.
    public var action: String
    /// Instrument id of the linked measure.
    public var instrument: String
    /// Group id (or `all`) compared.
    public var group: String
    /// The wave the action was opened in (the baseline).
    public var from: String
    /// The latest wave of the report.
    public var to: String?
    /// The measure at the opening wave.
    public var before: Double?
    /// The measure at the latest wave.
    public var after: Double?
    /// after − before.
    public var change: Double?
    /// `welch` or `z`, when a test applied.
    public var test: String?
    /// t or z, latest minus opening wave.
    public var testStatistic: Double?
    /// Two-sided p.
    public var p: Double?
    /// Benjamini–Hochberg q over every action reviewed together.
    public var q: Double?
    /// The threshold on q (the instrument's `significance`).
    public var significance: Double
    /// The verdict.
    public var verdict: Verdict
    /// Why.
    public var basis: Basis
    /// What is missing or suppressed, for ``Basis/suppressed`` and ``Basis/noCell``: a wave
    /// label and, when known, a suppression reason.
    public var detail: String?

    /// Creates a review with no comparison yet.
    public init(action: String, instrument: String, group: String, from: String, to: String?, significance: Double) {
        self.action = action
        self.instrument = instrument
        self.group = group
        self.from = from
        self.to = to
        self.significance = significance
        self.verdict = .insufficientData
        self.basis = .noValue
    }
}
