import SurveyModel

/// `qualtrics-csv`: a Qualtrics response export (research/formats.md §2).
///
/// - Three header rows: export tags, question text, and the ImportId row, as JSON
///   (`{"ImportId":"QID1"}`) or in the Python-dict syntax of 2016 exports (`{'ImportId': 'QID2-1'}`).
///   Each column also answers to its ImportId (with `_choiceId` when the JSON has one) when that
///   is unique in the file.
/// - Legacy exports: two header rows, `V1`…`V10` first; those answer to their meanings
///   (`V1` = `ResponseID` … `V10` = `Finished`).
/// - A current export whose ImportId row was deleted (hand-edited in a spreadsheet): two header
///   rows, recognised by Qualtrics' own names in row 1 and question text in row 2
///   (``isWithoutImportIds(_:)``), so that `Status` and `Finished` are still honoured.
/// - Row 2 is question text, localised into the account's language: it is shown as question
///   text and never read as metadata.
/// - `Status` and `Finished` are honoured (``ResponseFilter``): previews, tests, spam and
///   unfinished responses are left out with their kind as the reject reason unless
///   `columns.include` names it.
/// - Negative recodes ("No basis for evaluation" = −1) are answers like any other code: declare
///   them as the scale's missing codes.
struct QualtricsCSVFormat: ExportCSVFormat {
    let id = "qualtrics-csv"

    /// Row 1 of legacy exports.
    static let legacyTags = (1...10).map { "V\($0)" }
    /// What `V1`…`V10` hold.
    static let legacyNames = [
        "ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
        "StartDate", "EndDate", "Finished",
    ]
    /// Qualtrics' own columns (not answers).
    static let metadata: Set<String> = Set(legacyNames + legacyTags + [
        "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
        "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
        "LocationLatitude", "LocationLongitude", "LocationAccuracy", "DistributionChannel", "UserLanguage",
    ])

    /// Names of row 1 that Qualtrics writes before the questions.
    static let signatureNames: Set<String> = [
        "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
    ]
    /// Of those, the timestamps: row 2 holds their labels, a response holds dates.
    static let dateNames: Set<String> = ["StartDate", "EndDate", "RecordedDate"]

    func detect(_ scan: HeaderScan) -> Bool {
        Self.isLegacy(scan.fields(0)) || Self.isImportIdRow(scan.fields(2)) || Self.isWithoutImportIds(scan)
    }

    /// Whether the file is a current export without its ImportId row: row 1 names a response id
    /// (`ResponseId` or `ResponseID`) and at least three other Qualtrics columns, one of them a
    /// timestamp, and row 2 is question text: every timestamp column holds text that is not a
    /// date there (a response would hold a date).
    static func isWithoutImportIds(_ scan: HeaderScan) -> Bool {
        let names = scan.fields(0)
        guard scan.rows.count >= 2, names.contains("ResponseId") || names.contains("ResponseID"),
              Set(names).intersection(signatureNames).count >= 3 else { return false }
        let second = scan.fields(1)
        let dates = names.indices.filter { dateNames.contains(names[$0]) }
        return !dates.isEmpty && dates.allSatisfy { i in
            guard i < second.count, !second[i].isEmpty else { return false }
            let bytes = Array(second[i].utf8)
            return bytes.withUnsafeBufferPointer { ExportDate.read($0, monthFirst: false) } == .unreadable
        }
    }

    static func isLegacy(_ row: [String]) -> Bool { row.count >= 10 && Array(row.prefix(10)) == legacyTags }

    static func isImportIdRow(_ row: [String]) -> Bool {
        row.contains { $0.hasPrefix("{\"ImportId\"") || $0.hasPrefix("{'ImportId'") }
    }

    func layout(_ scan: HeaderScan, path: String) throws(SurveyError) -> ExportLayout {
        let first = scan.fields(0)
        let legacy = Self.isLegacy(first)
        let importIds = !legacy && Self.isImportIdRow(scan.fields(2))
        guard scan.rows.count >= 2 else {
            throw missingHeaderRows(scan, expected: legacy ? 2 : 3, what: legacy ? "V1…V10 names, question text" : "export tags, question text, ImportId", path: path)
        }
        var layout = ExportLayout(header: first)
        layout.headerRows = importIds ? 3 : 2
        let labels = scan.fields(1)
        layout.labels = first.indices.map { $0 < labels.count && !labels[$0].isEmpty ? labels[$0] : nil }
        if legacy {
            layout.rowRoles = ["column names (V1…V10, then question ids)", "question text"]
            for (i, name) in Self.legacyNames.enumerated() { layout.aliases[i].append(name) }
        } else {
            let syntax = scan.fields(2).contains { $0.hasPrefix("{'") } ? "Python-dict syntax" : "JSON"
            layout.rowRoles = ["column names (export tags)", "question text (localised; never read as metadata)"]
                + (importIds ? ["ImportId (\(syntax))"] : [])
            if importIds {
                addImportIdAliases(&layout, row: scan.fields(2))
            } else {
                layout.notes.append("no ImportId row (row 3): the export was probably edited in a spreadsheet; read with 2 header rows, columns answer to their export tags only")
            }
        }
        let names = Set(first)
        for (i, name) in first.enumerated() {
            for (a, b) in [("ResponseId", "ResponseID"), ("ResponseID", "ResponseId")] where name == a && !names.contains(b) {
                layout.aliases[i].append(b)
            }
        }
        let bound = zip(layout.names, layout.aliases).map { [$0] + $1 }
        layout.filter.status = bound.firstIndex { $0.contains("Status") }
        layout.filter.finished = bound.firstIndex { $0.contains("Finished") }
        layout.notes.append("Status and Finished are honoured: previews, tests, spam and unfinished responses are left out unless columns.include names them")
        layout.hints.respondent = first.contains("ResponseId") ? "ResponseId" : "ResponseID"
        layout.hints.timestamps = ["RecordedDate", "EndDate", "StartDate"]
        layout.hints.duration = "Duration (in seconds)"
        layout.hints.metadata = Self.metadata
        layout.hints.metadataPrefixes = ["Q_Recaptcha", "Q_Relevant", "Q_TotalDuration", "Q_Ballot", "Q_DataPolicy"]
        layout.hints.metadataSuffixes = [" - Topics", " - Parent Topics", " - Sentiment", " - Sentiment Score", " - Sentiment Polarity"]
        return layout
    }

    /// Adds each column's ImportId (plus `_choiceId`) as an alias, where it is unique.
    private func addImportIdAliases(_ layout: inout ExportLayout, row: [String]) {
        let ids = row.map { cell -> String? in
            guard let importId = Self.value(of: "ImportId", in: cell) else { return nil }
            return Self.value(of: "choiceId", in: cell).map { "\(importId)_\($0)" } ?? importId
        }
        var counts: [String: Int] = [:]
        for id in ids.compactMap({ $0 }) { counts[id, default: 0] += 1 }
        let names = Set(layout.names)
        for (i, id) in ids.enumerated() where i < layout.aliases.count {
            guard let id, counts[id] == 1, !names.contains(id) else { continue }
            layout.aliases[i].append(id)
        }
    }

    /// The quoted value after `key` in `{"key":"value"}` or `{'key': 'value'}`.
    static func value(of key: String, in cell: String) -> String? {
        for quote in ["\"", "'"] {
            guard let keyRange = cell.range(of: quote + key + quote) else { continue }
            var rest = cell[keyRange.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { continue }
            rest = rest.dropFirst().drop { $0 == " " }
            guard let open = rest.first, open == "\"" || open == "'" else { continue }
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: open) else { continue }
            return String(rest[..<close])
        }
        return nil
    }
}
