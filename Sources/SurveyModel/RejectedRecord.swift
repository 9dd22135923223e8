/// A record that could not be accepted, kept verbatim for the rejects file (SPEC §3).
public struct RejectedRecord: Hashable, Sendable {
    /// Why, as a short machine-readable reason (`field-count`, `no-respondent`, `unknown-group`, `duplicate` …).
    public var reason: String
    /// Human detail: what was found and what was expected.
    public var detail: String
    /// The input file.
    public var path: String
    /// 1-based line where the record starts.
    public var line: Int
    /// The record's text as read.
    public var raw: String

    /// Creates a rejected record.
    public init(reason: String, detail: String, path: String, line: Int, raw: String) {
        self.reason = reason
        self.detail = detail
        self.path = path
        self.line = line
        self.raw = raw
    }
}

/// One input's accounting and provenance: `read = accepted + rejected`, always.
public struct InputSummary: Hashable, Sendable {
    /// The path as given.
    public var path: String
    /// Format id (`csv`, `qualtrics-csv` …).
    public var format: String
    /// Lowercase hex SHA-256 of the file bytes.
    public var sha256: String
    /// Detected text encoding.
    public var encoding: String
    /// Records read (excluding header rows and a trailing empty record).
    public var read: Int
    /// Records accepted into the analysis.
    public var accepted: Int
    /// Records rejected (rejects file).
    public var rejected: Int
    /// Answers that were outside their scale.
    public var invalidAnswers: Int

    /// Creates a summary.
    public init(path: String, format: String, sha256: String, encoding: String, read: Int = 0, accepted: Int = 0, rejected: Int = 0, invalidAnswers: Int = 0) {
        self.path = path
        self.format = format
        self.sha256 = sha256
        self.encoding = encoding
        self.read = read
        self.accepted = accepted
        self.rejected = rejected
        self.invalidAnswers = invalidAnswers
    }
}
