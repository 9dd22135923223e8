/// A kind of response that survey tools mark and that the readers leave out unless
/// `columns.include` names it (SPEC §3): Qualtrics `Status`/`Finished`, LimeSurvey `submitdate`.
public enum ExcludedResponse: String, Hashable, Sendable, CaseIterable {
    /// Not finished or not submitted (Qualtrics `Finished` 0, LimeSurvey empty `submitdate`).
    case unfinished
    /// A survey preview (Qualtrics `Status` 1).
    case preview
    /// A survey test, generated or typed in by the author (Qualtrics `Status` 2).
    case test
    /// Flagged as spam (Qualtrics `Status` 8).
    case spam
}

/// `columns.overrides`: the mapping for inputs of one format or one file pattern, when several
/// exports (learners from Qualtrics, staff from LimeSurvey) feed one instrument.
///
/// An override applies to an input when every selector it has matches: `format` is the input's
/// format id, `files` a glob (`*`, `?`) matched against the file name, or against the whole path
/// when the pattern holds a `/`. Matching overrides apply in file order over the defaults; each
/// key an override gives replaces the default (item and segment entries one by one).
public struct ColumnOverride: Hashable, Sendable {
    /// Format id selector (`qualtrics-csv` …).
    public var format: String?
    /// File-name glob selector (`staff-*.csv`).
    public var files: String?
    /// Respondent id column.
    public var respondent: String?
    /// Group column.
    public var group: String?
    /// Wave column (clears an inherited `wave-from`).
    public var wave: String?
    /// Derive the wave from a date (clears an inherited `wave`).
    public var waveFrom: WaveFrom?
    /// Weight column; the instrument decides whether there is one.
    public var weight: String?
    /// Duration column; the instrument decides whether there is one.
    public var duration: String?
    /// Segment name (as declared in `columns.segments`) → this input's column; `nil` means the
    /// input has no such column and the segment is missing for its responses.
    public var segments: [String: String?]
    /// Free-text columns of these inputs.
    public var comments: [String]?
    /// Item id → this input's column.
    public var items: [String: String]
    /// Kinds of response to keep for these inputs.
    public var include: Set<ExcludedResponse>?
    /// Every response of these inputs belongs to this group (`--group` still wins).
    public var fixedGroup: String?
    /// Every response of these inputs belongs to this wave (`--wave` still wins).
    public var fixedWave: String?

    /// Creates an override; give at least one selector.
    public init(
        format: String? = nil, files: String? = nil, respondent: String? = nil, group: String? = nil,
        wave: String? = nil, waveFrom: WaveFrom? = nil, weight: String? = nil, duration: String? = nil,
        segments: [String: String?] = [:], comments: [String]? = nil, items: [String: String] = [:],
        include: Set<ExcludedResponse>? = nil, fixedGroup: String? = nil, fixedWave: String? = nil
    ) {
        self.format = format
        self.files = files
        self.respondent = respondent
        self.group = group
        self.wave = wave
        self.waveFrom = waveFrom
        self.weight = weight
        self.duration = duration
        self.segments = segments
        self.comments = comments
        self.items = items
        self.include = include
        self.fixedGroup = fixedGroup
        self.fixedWave = fixedWave
    }

    /// Whether the override applies to an input of this format at this path.
    public func matches(format: String, path: String) -> Bool {
        if let wanted = self.format, wanted != format { return false }
        if let pattern = files {
            let subject = pattern.contains("/") ? path : String(path.split(separator: "/").last ?? "")
            if !Glob.matches(Array(pattern.utf8)[...], Array(subject.utf8)[...]) { return false }
        }
        return self.format != nil || files != nil
    }
}

/// `*` (any run of bytes) and `?` (one byte) glob matching, for ``ColumnOverride/files``.
enum Glob {
    static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star: (p: Int, t: Int)? = nil
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = (p, t)
                p += 1
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let s = star {
                p = s.p + 1
                t = s.t + 1
                star = (s.p, s.t + 1)
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
