import SurveyModel

/// The first records of a CSV file, copied out as strings: what detection and layouts look at.
struct HeaderScan: Sendable {
    /// One record.
    struct Row: Sendable {
        /// Fields, trimmed of spaces and tabs.
        var fields: [String]
        /// Whether each field was quoted.
        var quoted: [Bool]
        /// The line where the record starts.
        var line: Int
        /// The byte column where each field starts.
        var columns: [Int]
    }

    /// Up to `limit` records from the start of the file (fewer when the file is shorter, or when
    /// the text scanned ends inside a record, as a detection prefix may).
    var rows: [Row]
    /// The error for the record that ended the scan by breaking the CSV limits, with its index
    /// among the records (a header row over the limits is an error, a data row a reject).
    var oversized: (index: Int, error: SurveyError)?

    private struct Enough: Error {}

    /// Tokenizes just enough of the text to copy out its first records; a record over `limits`
    /// ends the scan.
    init(_ utf8: [UInt8], dialect: CSVDialect, path: String, limit: Int, limits: CSVLimits = .default) {
        var rows: [Row] = []
        var oversized: (index: Int, error: SurveyError)?
        do {
            try CSVTokenizer.records(
                in: utf8, dialect: dialect, path: path, limits: limits,
                oversized: { record in
                    oversized = (rows.count, record.headerError(path: path))
                    throw Enough()
                }
            ) { record in
                rows.append(Row(
                    fields: (0..<record.fieldCount).map { record.string($0).trimmingSpaces },
                    quoted: (0..<record.fieldCount).map { record.isQuoted($0) },
                    line: record.line, columns: record.fieldPositions().map(\.column)))
                if rows.count >= limit { throw Enough() }
            }
        } catch {}
        self.rows = rows
        self.oversized = oversized
    }

    /// The fields of record `i`, or none.
    func fields(_ i: Int) -> [String] { i < rows.count ? rows[i].fields : [] }
}

/// How one export file is laid out, worked out from its first records by its format.
struct ExportLayout: Sendable {
    /// Header records before the first response.
    var headerRows: Int
    /// What each header record holds, for `inspect` (`column names`, `question text` …).
    var rowRoles: [String]
    /// The name each column is bound by: its header, made unique by position (`Q (1)`, `Q (2)`)
    /// where the export repeats a header.
    var names: [String]
    /// Further names per column (`Q1_SQ001` for `Q1[SQ001]`, `ResponseID` for `V1` …).
    var aliases: [[String]]
    /// Question text per column, from a label row, when the export has one.
    var labels: [String?]
    /// How fields are written.
    var structure = ExportStructure()
    /// Which marked responses to leave out.
    var filter = ResponseFilter()
    /// Records whose every field is empty are not responses (LimeSurvey's export of a survey
    /// without responses is the header and one such record).
    var skipsEmptyRecords = false
    /// What the tool's own columns are, for `inspect` and instrument drafts.
    var hints = FormatHints()
    /// Remarks for `inspect` on how the file is read.
    var notes: [String] = []

    /// A one-header-row layout with the header as names (repeats made unique).
    init(header: [String], rowRoles: [String] = ["column names"]) {
        headerRows = 1
        self.rowRoles = rowRoles
        (names, aliases) = ColumnNames.unique(header)
        labels = Array(repeating: nil, count: header.count)
    }
}

/// What a format knows about the columns its tool writes.
public struct FormatHints: Sendable, Hashable {
    /// The response id column, or `@record` when the tool writes none.
    public var respondent: String?
    /// Timestamp columns, best first, for `columns.wave-from`.
    public var timestamps: [String] = []
    /// The duration-in-seconds column.
    public var duration: String?
    /// Columns that describe the response, not the respondent's answers (IP address, status …).
    public var metadata: Set<String> = []
    /// Metadata columns are also recognised by these prefixes (`Points - ` …).
    public var metadataPrefixes: [String] = []
    /// … and by these suffixes (` - Topics` …).
    public var metadataSuffixes: [String] = []

    /// Whether a column is one of the tool's own.
    public func isMetadata(_ name: String) -> Bool {
        metadata.contains(name) || metadataPrefixes.contains { name.hasPrefix($0) } || metadataSuffixes.contains { name.hasSuffix($0) }
    }
    /// Creates empty hints.
    public init() {}
}

/// Column naming rules shared by the export formats.
enum ColumnNames {
    /// Makes repeated headers unique by position: every occurrence of a repeated `Q` is named
    /// `Q (1)`, `Q (2)` … in file order, and keeps `Q` as an alias, so that naming `Q` alone is an
    /// error that lists how often it appears (exports repeat titles: Google Forms questions with
    /// the same text, Qualtrics export tags).
    static func unique(_ header: [String]) -> (names: [String], aliases: [[String]]) {
        var counts: [String: Int] = [:]
        for name in header { counts[name, default: 0] += 1 }
        var seen: [String: Int] = [:]
        var names: [String] = []
        var aliases: [[String]] = []
        let taken = Set(header)
        for name in header {
            guard counts[name, default: 0] > 1 else {
                names.append(name)
                aliases.append([])
                continue
            }
            var k = seen[name, default: 0]
            var candidate: String
            repeat {
                k += 1
                candidate = "\(name) (\(k))"
            } while taken.contains(candidate)
            seen[name] = k
            names.append(candidate)
            aliases.append([name])
        }
        return (names, aliases)
    }

    /// LimeSurvey's other spelling of a question-code heading: `Q1[SQ001]` ↔ `Q1_SQ001`, and for
    /// dual-scale arrays `Q1[SQ001][1]` ↔ `Q1_SQ001_0` (brackets count scales from 1, Expression
    /// Script codes from 0). Nil when the heading has no other spelling.
    static func limeSurveyAlias(_ name: String) -> String? {
        if name.hasSuffix("]"), let open = name.firstIndex(of: "[") {
            let code = name[..<open]
            let parts = name[open...].dropFirst().dropLast().components(separatedBy: "][")
            guard !code.isEmpty, parts.allSatisfy(isCode) else { return nil }
            if parts.count == 2, let scale = Int(parts[1]), scale >= 1 {
                return "\(code)_\(parts[0])_\(scale - 1)"
            }
            return parts.count == 1 ? "\(code)_\(parts[0])" : nil
        }
        let parts = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy(isCode) else { return nil }
        switch parts.count {
        case 2: return "\(parts[0])[\(parts[1])]"
        case 3: return Int(parts[2]).map { "\(parts[0])[\(parts[1])][\($0 + 1)]" }
        default: return nil
        }
    }

    /// A LimeSurvey question or subquestion code: ASCII letters and digits.
    private static func isCode(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
