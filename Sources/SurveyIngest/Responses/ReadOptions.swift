import SurveyModel

/// Command-line settings that shape how inputs are read.
public struct ReadOptions: Sendable {
    /// Wave label for every response (`--wave`), overriding the data.
    public var wave: String?
    /// Group id for every response (`--group`), overriding the data.
    public var group: String?
    /// Format id (`--input-format`), overriding detection.
    public var format: String?
    /// How many invalid-answer warnings to print before only counting.
    public var maxWarnings: Int
    /// The survey structure a response file needs (`--structure`): a LimeSurvey `.lss` for
    /// `limesurvey-xml` responses.
    public var structure: String?

    /// Creates options.
    public init(wave: String? = nil, group: String? = nil, format: String? = nil, maxWarnings: Int = 20, structure: String? = nil) {
        self.wave = wave
        self.group = group
        self.format = format
        self.maxWarnings = maxWarnings
        self.structure = structure
    }
}

/// What reading one input yields.
public struct ReadResult: Sendable {
    /// Accepted responses.
    public var table: ResponseTable
    /// Accounting and provenance.
    public var summary: InputSummary
    /// Records rejected, with reasons, in input order.
    public var rejects: [RejectedRecord]
    /// Warnings (invalid answers, encoding fallback …), capped.
    public var diagnostics: [Diagnostic]
}

/// The label of the single wave formed when an input names no wave at all.
public let unnamedWave = "-"
