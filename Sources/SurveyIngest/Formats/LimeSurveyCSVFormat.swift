import SurveyModel

/// `limesurvey-csv`: a LimeSurvey response export (research/formats.md §1a).
///
/// - Headings are question codes (`Q1[SQ001]`, or `Q1_SQ001` with Expression Script codes; each
///   answers to both spellings) or question texts; answers are codes or labels.
/// - While every heading is quoted, as LimeSurvey writes it, an unquoted empty field is a
///   question never shown (`not-shown`) and a quoted one a question shown and left blank
///   (`no-answer`). A file re-saved by another program loses the quoting, and then every empty
///   field is `no-answer`.
/// - A record of nothing but empty fields is not a response: it is what LimeSurvey exports for
///   a survey without responses.
/// - An empty `submitdate` marks a response never submitted (excluded as `unfinished`); the
///   `1980-01-01 00:00:00` of anonymised surveys without date stamps means "submitted, time
///   unknown" and gives no wave with `wave-from`.
struct LimeSurveyCSVFormat: ExportCSVFormat {
    let id = "limesurvey-csv"

    /// The columns every LimeSurvey response export has.
    static let markers = ["id", "submitdate", "lastpage", "startlanguage"]
    /// LimeSurvey's own columns (not answers).
    static let metadata: Set<String> = [
        "id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
        "refurl", "interviewtime", "firstname", "lastname", "email", "emailstatus", "language", "usesleft",
        "validfrom", "validuntil", "tid", "participant_id", "completed", "sent", "remindersent", "remindercount",
    ]
    /// The date LimeSurvey writes when an anonymised survey keeps no date stamps.
    static let placeholderDate = "1980-01-01 00:00:00"

    func detect(_ scan: HeaderScan) -> Bool {
        let header = Set(scan.fields(0))
        return Self.markers.allSatisfy(header.contains)
    }

    func layout(_ scan: HeaderScan, path: String) throws(SurveyError) -> ExportLayout {
        guard let header = scan.rows.first else { throw missingHeaderRows(scan, expected: 1, what: "column names", path: path) }
        var layout = ExportLayout(header: header.fields, rowRoles: ["column names (question codes or texts)"])
        let names = Set(header.fields)
        for (i, name) in header.fields.enumerated() {
            if let alias = ColumnNames.limeSurveyAlias(name), !names.contains(alias) { layout.aliases[i].append(alias) }
        }
        let asWritten = header.quoted.allSatisfy { $0 }
        layout.structure.distinguishNotShown = asWritten
        layout.structure.placeholderDates = [Self.placeholderDate]
        layout.filter.submitted = header.fields.firstIndex(of: "submitdate")
        layout.skipsEmptyRecords = true
        layout.notes.append(
            asWritten
                ? "every heading is quoted, as LimeSurvey writes it: an unquoted empty field counts as not-shown, a quoted one (\"\") as no-answer"
                : "headings are not quoted (the file was saved again by another program): every empty field counts as no-answer")
        layout.notes.append("an empty submitdate marks a response never submitted (left out as unfinished); \(Self.placeholderDate) stands for no date")
        layout.hints.respondent = "id"
        layout.hints.timestamps = ["submitdate", "datestamp", "startdate"]
        layout.hints.duration = "interviewtime"
        layout.hints.metadata = Self.metadata
        layout.hints.metadataPrefixes = ["groupTime", "attribute_"]
        return layout
    }
}
