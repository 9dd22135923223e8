import SurveyModel

/// What `surveykpi inspect` learns about a CSV input: its format, encoding, dialect, header
/// layout, and the values of every column.
public struct ExportProfile: Sendable {
    /// The input as the user named it.
    public var path: String
    /// Format id.
    public var format: String
    /// Whether the format was detected (rather than named with `--input-format`).
    public var detected: Bool
    /// Text encoding (`utf-8`, `utf-8-bom`, `windows-1252` …).
    public var encoding: String
    /// The field delimiter.
    public var delimiter: UInt8
    /// Whether the file starts with an Excel `sep=` line.
    public var hadSepLine: Bool
    /// What each header record holds, in order.
    public var headerRows: [String]
    /// How the format reads this file (quoting, exclusions …).
    public var notes: [String]
    /// Data records (after the header rows; LimeSurvey's all-empty record is not one).
    public var records: Int
    /// Records whose field count differs from the header's.
    public var ragged: Int
    /// Records the format leaves out by default, by reason (`test`, `unfinished` …).
    public var excluded: [String: Int]
    /// What the format knows about its tool's own columns.
    public var hints: FormatHints
    /// Every column, in file order.
    public var columns: [ColumnProfile]
    /// Warnings from decoding (a Windows-1252 fallback).
    public var warnings: [String]
}

/// The values one column holds.
public struct ColumnProfile: Sendable {
    /// 1-based position.
    public var position: Int
    /// The name `columns:` binds it by.
    public var name: String
    /// Other names it answers to.
    public var aliases: [String]
    /// Question text from a label row, when the export has one.
    public var label: String?
    /// Distinct non-empty values (trimmed) in first-seen order, at most ``ExportProfiler/distinctLimit``.
    public var values: [String]
    /// How often each of ``values`` occurs.
    public var counts: [String: Int]
    /// Whether there were more distinct values than were kept.
    public var overflow: Bool
    /// Non-empty fields.
    public var filled: Int
    /// Empty fields (LimeSurvey as written: quoted empty fields only).
    public var blank: Int
    /// LimeSurvey as written: unquoted empty fields (questions never shown).
    public var notShown: Int
    /// The longest value, in characters.
    public var longest: Int
    /// Non-empty values that read as dates.
    public var dates: Int
    /// Non-empty values that are the tool's "no date" placeholder.
    public var placeholderDates: Int
    /// Records kept by default whose value gives no academic-year wave (empty, placeholder,
    /// unreadable or ambiguous), and the same over every record.
    public var waveFailures: (kept: Int, all: Int)
    /// The same, with every `a/b/yyyy` date read day-first (`wave-from`'s `dates: day-first`).
    public var dayFirstWaveFailures: (kept: Int, all: Int)
    /// The same, with every `a/b/yyyy` date read month-first (`dates: month-first`).
    public var monthFirstWaveFailures: (kept: Int, all: Int)

    /// Whether every non-empty value is an integer.
    public var isInteger: Bool { !values.isEmpty && !overflow && values.allSatisfy { Int($0) != nil } }
}
