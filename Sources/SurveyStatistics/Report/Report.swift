import SurveyModel

/// The complete result of one analysis: the `surveykpi.report.v1` document (SPEC §6.1).
///
/// Every renderer reads this one value. It holds aggregates only: no respondent ids and no
/// free text ever reach it, and a suppressed cell carries nothing but its respondent count.
public struct Report: Codable, Hashable, Sendable {
    /// Schema id of the JSON form.
    public var schema = "surveykpi.report.v1"
    /// Which instrument.
    public var instrument: InstrumentInfo
    /// Every input with its accounting.
    public var inputs: [InputInfo]
    /// The settings that shaped the numbers.
    public var settings: Settings
    /// Waves in report order.
    public var waves: [String]
    /// Cells in order: wave, group (instrument order, then `all`), whole group then segments.
    public var cells: [Cell]
    /// Wave-to-wave changes (filled by trend analysis).
    public var trends: [Trend] = []
    /// Multi-wave series with OLS slopes (filled by trend analysis).
    public var series: [Series] = []
    /// Ranked improvement opportunities.
    public var opportunities: [Opportunity] = []
    /// Analysis warnings (negative α, …), in a stable order.
    public var warnings: [String] = []

    /// Creates a report.
    public init(instrument: InstrumentInfo, inputs: [InputInfo], settings: Settings, waves: [String], cells: [Cell]) {
        self.instrument = instrument
        self.inputs = inputs
        self.settings = settings
        self.waves = waves
        self.cells = cells
    }

    /// Instrument provenance.
    public struct InstrumentInfo: Codable, Hashable, Sendable {
        /// Id.
        public var id: String
        /// Title.
        public var title: String
        /// Version label.
        public var version: String?
        /// SHA-256 of the instrument file.
        public var sha256: String

        /// Creates instrument provenance.
        public init(id: String, title: String, version: String?, sha256: String) {
            self.id = id
            self.title = title
            self.version = version
            self.sha256 = sha256
        }
    }

    /// One input's provenance and accounting.
    public struct InputInfo: Codable, Hashable, Sendable {
        /// Path as given.
        public var path: String
        /// Format id.
        public var format: String
        /// Detected encoding.
        public var encoding: String
        /// SHA-256 of the file bytes.
        public var sha256: String
        /// `read = accepted + rejected`.
        public var rows: Rows
        /// Answers outside their scale, set to missing.
        public var invalidAnswers: Int

        /// Row accounting.
        public struct Rows: Codable, Hashable, Sendable {
            /// Records read.
            public var read: Int
            /// Records accepted.
            public var accepted: Int
            /// Records rejected.
            public var rejected: Int
        }

        /// Creates input info from an ingestion summary.
        public init(_ summary: InputSummary) {
            path = summary.path
            format = summary.format
            encoding = summary.encoding
            sha256 = summary.sha256
            rows = Rows(read: summary.read, accepted: summary.accepted, rejected: summary.rejected)
            invalidAnswers = summary.invalidAnswers
        }
    }

    /// Settings echoed for provenance.
    public struct Settings: Codable, Hashable, Sendable {
        /// Confidence level.
        public var confidence: Double
        /// Primary suppression threshold.
        public var minimumN: Int
        /// Response-rate publication rule (0 = off).
        public var minimumResponseRate: Double
        /// α missing-data rule.
        public var alphaMissing: String
        /// Share of a dimension's items needed for a score.
        public var dimensionMinimumAnswered: Double
        /// Whether weights were applied.
        public var weighted: Bool
        /// Segment columns broken down.
        public var segments: [String]
        /// Flagged respondents excluded (`--exclude`).
        public var excluded: [String]
        /// Significance level on BH q values.
        public var significance: Double

        /// Creates settings.
        public init(confidence: Double, minimumN: Int, minimumResponseRate: Double, alphaMissing: String, dimensionMinimumAnswered: Double, weighted: Bool, segments: [String], excluded: [String], significance: Double) {
            self.confidence = confidence
            self.minimumN = minimumN
            self.minimumResponseRate = minimumResponseRate
            self.alphaMissing = alphaMissing
            self.dimensionMinimumAnswered = dimensionMinimumAnswered
            self.weighted = weighted
            self.segments = segments
            self.excluded = excluded
            self.significance = significance
        }
    }
}
