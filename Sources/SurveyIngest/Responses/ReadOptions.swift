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
    /// The most bytes one CSV field may take as written (`--max-field-bytes`); a record with a
    /// larger field is rejected (`field-too-large`), a header with one is an error.
    public var maxFieldBytes: Int = CSVLimits.defaultMaxFieldBytes

    /// Threads that read a large CSV input (and, in SurveyKit, analyse it): 1 reads serially,
    /// 0 means one per core. The result is the same whatever the number.
    public var threads: Int = 0
    /// The size of the pieces a large CSV input is streamed in; a file no larger is read
    /// whole. Small values are for tests.
    public var chunkBytes: Int = 1 << 20

    /// Creates options.
    public init(
        wave: String? = nil, group: String? = nil, format: String? = nil, maxWarnings: Int = 20, structure: String? = nil,
        maxFieldBytes: Int = CSVLimits.defaultMaxFieldBytes
    ) {
        self.wave = wave
        self.group = group
        self.format = format
        self.maxWarnings = maxWarnings
        self.structure = structure
        self.maxFieldBytes = maxFieldBytes
    }

    /// The CSV tokenizer limits these options ask for.
    public var csvLimits: CSVLimits { CSVLimits(maxFieldBytes: max(1, maxFieldBytes)) }
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

extension ReadOptions {
    /// ``threads``, with 0 resolved to the number of online cores.
    public var resolvedThreads: Int { Parallel.threads(threads) }
}

/// Where a reader hands its accepted rows when they are not to be kept: in slices of about
/// ``rows`` rows, in input order, each a table with the input's labels so far.
public struct RowSlices {
    /// Rows per slice (a slice may be larger by one batch of the reader).
    public var rows: Int
    /// Takes one slice.
    public var handle: (ResponseTable) throws(SurveyError) -> Void

    /// Creates a destination.
    public init(rows: Int, handle: @escaping (ResponseTable) throws(SurveyError) -> Void) {
        self.rows = rows
        self.handle = handle
    }
}
