import SurveyModel

/// `surveymonkey-csv`: SurveyMonkey's "all individual responses" export (research/formats.md §3).
///
/// Two header rows: row 1 has each question's text in the first column it spans, row 2 a
/// sub-label per column (`Response`, `Open-Ended Response`, an option, a matrix row). A column is
/// named by its question alone when its sub-label is empty, `Response` or `Open-Ended Response`,
/// else `Question [Sub-label]` (as Google Forms names grid rows). Dates are US-style.
///
/// Older exports write the metadata names without spaces (`RespondentID`, `CollectorID`,
/// `StartDate` …) and may carry no collector column at all (as in FiveThirtyEight's published
/// SurveyMonkey data): such a file is recognised by a respondent id heading first and a
/// second row that is empty under it and says `Response` or `Open-Ended Response` further on.
struct SurveyMonkeyCSVFormat: ExportCSVFormat {
    let id = "surveymonkey-csv"

    static let metadata: Set<String> = [
        "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
        "Last Name", "RespondentID", "CollectorID", "StartDate", "EndDate", "LastName", "FirstName",
    ]
    static let respondentHeadings: Set<String> = ["Respondent ID", "RespondentID"]
    /// Sub-labels that mean "the question's only column".
    static let plainSubLabels: Set<String> = ["", "Response", "Open-Ended Response"]

    func detect(_ scan: HeaderScan) -> Bool {
        let fields = scan.fields(0)
        let header = Set(fields)
        if header.contains("Respondent ID") && header.contains("Collector ID") { return true }
        guard let first = fields.first, Self.respondentHeadings.contains(first), scan.rows.count >= 2 else { return false }
        let subLabels = scan.fields(1)
        return subLabels.first == "" && subLabels.dropFirst().contains { $0 == "Response" || $0 == "Open-Ended Response" }
    }

    func layout(_ scan: HeaderScan, path: String) throws(SurveyError) -> ExportLayout {
        guard scan.rows.count >= 2 else {
            throw missingHeaderRows(scan, expected: 2, what: "question text, answer options", path: path)
        }
        let questions = scan.fields(0)
        let subLabels = scan.fields(1)
        var names: [String] = []
        var labels: [String?] = []
        var current = ""
        for (i, question) in questions.enumerated() {
            if !question.isEmpty { current = question }
            let sub = i < subLabels.count ? subLabels[i] : ""
            names.append(Self.plainSubLabels.contains(sub) ? current : "\(current) [\(sub)]")
            labels.append(current.isEmpty ? nil : current)
        }
        var layout = ExportLayout(header: names, rowRoles: ["question text (over every column a question spans)", "answer option or matrix row of each column"])
        layout.headerRows = 2
        layout.labels = labels
        layout.structure.monthFirstDates = true
        layout.hints.respondent = questions.first { Self.respondentHeadings.contains($0) } ?? "Respondent ID"
        layout.hints.timestamps = ["End Date", "Start Date", "EndDate", "StartDate"]
        layout.hints.metadata = Self.metadata
        layout.hints.metadataPrefixes = ["Custom Data"]
        return layout
    }
}

/// `googleforms-csv`: a Google Forms responses download (research/formats.md §4).
///
/// One header row, `Timestamp` first; grid questions as `Question [Row]`; answers are labels.
/// Repeated question titles are kept apart by position (`Title (1)`, `Title (2)`). There is no
/// response id: `@record`, the response's position in the file, serves as one.
struct GoogleFormsCSVFormat: ExportCSVFormat {
    let id = "googleforms-csv"

    func detect(_ scan: HeaderScan) -> Bool {
        let header = scan.fields(0)
        return header.count >= 2 && header[0] == "Timestamp"
    }

    func layout(_ scan: HeaderScan, path: String) throws(SurveyError) -> ExportLayout {
        var layout = ExportLayout(header: scan.fields(0), rowRoles: ["question titles (grid rows as Question [Row])"])
        layout.notes.append("Google Forms writes no response id: @record (the response's position in the file) serves as one")
        layout.hints.respondent = ColumnBinding.recordColumn
        layout.hints.timestamps = ["Timestamp"]
        layout.hints.metadata = ["Timestamp", "Email Address", "Email address", "Score"]
        return layout
    }
}

/// `msforms-csv`: a Microsoft Forms export saved as CSV (research/formats.md §5).
///
/// One header row: `ID`, `Start time`, `Completion time`, `Email`, `Name` (and in newer exports
/// `Last modified time`), then one column per question; quizzes add `Points - …` and
/// `Feedback - …` columns.
struct MicrosoftFormsCSVFormat: ExportCSVFormat {
    let id = "msforms-csv"

    static let metadata: Set<String> = [
        "ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Total points", "Quiz feedback",
    ]

    func detect(_ scan: HeaderScan) -> Bool {
        let header = Set(scan.fields(0))
        return ["ID", "Start time", "Completion time"].allSatisfy(header.contains)
    }

    func layout(_ scan: HeaderScan, path: String) throws(SurveyError) -> ExportLayout {
        var layout = ExportLayout(header: scan.fields(0))
        layout.hints.respondent = "ID"
        layout.hints.timestamps = ["Completion time", "Start time"]
        layout.hints.metadata = Self.metadata
        layout.hints.metadataPrefixes = ["Points - ", "Feedback - "]
        return layout
    }
}
