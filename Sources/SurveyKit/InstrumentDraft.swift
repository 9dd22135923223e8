import Foundation
import SurveyIngest
import SurveyModel

/// An instrument drafted from an input's columns (`surveykpi inspect --draft-instrument`): YAML
/// that `validate` accepts and `analyze` runs on as it is, for the user to refine.
///
/// Items are the columns that look rated (integer codes in a range of at most eleven values,
/// labels of a known answer scale in its natural order, or the answer codes of a LimeSurvey
/// array in code order, with a note to check them against the `.lss`). A file without such
/// columns falls back, in turn, to its categorical answers (flagged as unordered), its
/// segment-like columns, and its multiple-choice ticks, so that every export gets a draft that
/// runs. Segments are columns with up to six distinct labels; comments the free-text columns
/// (text-entry fields, multi-line or mostly distinct answers), which never become segments. A
/// respondent id column whose ids repeat is remarked on, and replaced by `@record` when a
/// spreadsheet rounded the ids. The wave comes from the tool's timestamp when every response
/// has a usable date; marked responses stay excluded unless no response would be left.
public struct InstrumentDraft: Sendable {
    /// One drafted item.
    struct DraftItem {
        var id: String
        var text: String
        var column: String
        var scale: DraftScale
    }

    /// The instrument id, from the file name.
    var id: String
    var title: String
    var source: String
    var items: [DraftItem] = []
    var scales: [DraftScale] = []
    var respondent: String
    var waveFrom: String?
    /// The order the wave-from dates are read in, when only that one gives every date a wave.
    var waveFromOrder: WaveFrom.DateOrder?
    var duration: String?
    var segments: [String] = []
    var comments: [String] = []
    var include: [ExcludedResponse] = []
    /// Remarks printed as YAML comments at the top.
    var remarks: [String] = []

    /// Drafts an instrument from a profile and its inferred columns.
    ///
    /// - Throws: `.dataError` when no column could carry an item.
    public init(profile: ExportProfile, columns: [InspectedColumn]) throws(SurveyError) {
        let file = String(profile.path.split(separator: "/").last ?? Substring(profile.path))
        id = Self.instrumentID(file)
        title = "Draft from \(file)"
        source = "\(file) (\(profile.format), \(profile.records) record\(profile.records == 1 ? "" : "s"))"
        let bindingName: (InspectedColumn) -> String = { column in
            let hinted = [profile.hints.respondent, profile.hints.duration].compactMap { $0 } + profile.hints.timestamps
            return hinted.first { ([column.profile.name] + column.profile.aliases).contains($0) } ?? column.profile.name
        }
        respondent = columns.first { $0.role == .respondent }.map(bindingName) ?? "@record"
        if let ids = columns.first(where: \.idsRepeat) {
            let counts = "\(ids.profile.values.count) distinct in \(ids.profile.filled) filled"
            if ids.idsLookRounded {
                // Ids such as 1.18437E+10 no longer tell responses apart: bound, they would turn
                // different respondents into duplicates, so the draft runs on positions instead.
                respondent = "@record"
                remarks.append("The respondent ids in \(bindingName(ids).quotedForMessage) are not unique (\(counts)) and read like \((ids.profile.values.first ?? "").quotedForMessage): a spreadsheet rounded them when it saved the file. The draft uses @record (each response's position) instead; export again from the survey tool, or format the column as text before saving, to keep the ids.")
            } else {
                remarks.append("The respondent ids in \(bindingName(ids).quotedForMessage) are not unique (\(counts)): analyze keeps one response per id and rejects the others as duplicates. Check the file, or bind respondent to @record if the ids are not meant to be unique.")
            }
        }
        duration = columns.first { $0.role == .duration }.map(bindingName)

        let kept = profile.records - profile.ragged - profile.excluded.values.reduce(0, +)
        if kept == 0 && profile.records > profile.ragged {
            include = ExcludedResponse.allCases.filter { profile.excluded[$0.rawValue] != nil }
            let kinds = include.map(\.rawValue).joined(separator: ", ")
            remarks.append("Every response in this file is marked (\(kinds)); they are included so that the draft runs. Remove \"include\" to leave them out.")
        }
        let timestamps = columns.filter { $0.role == .timestamp }
        let ranked = profile.hints.timestamps.compactMap { hint in timestamps.first { ([$0.profile.name] + $0.profile.aliases).contains(hint) } }
            + timestamps
        let keptOnly = include.isEmpty
        let failures = { (f: (kept: Int, all: Int)) in keptOnly ? f.kept : f.all }
        if let date = ranked.first(where: { failures($0.profile.waveFailures) == 0 }) {
            waveFrom = bindingName(date)
        } else if let date = ranked.first(where: {
            failures($0.profile.dayFirstWaveFailures) == 0 && failures($0.profile.monthFirstWaveFailures) > 0
        }) {
            // Some dates fall in other waves read month-first, and some (13/07/2020) are no
            // month-first dates at all: the file was saved in a day-first locale.
            waveFrom = bindingName(date)
            waveFromOrder = .dayFirst
        } else if let date = ranked.first(where: {
            failures($0.profile.monthFirstWaveFailures) == 0 && failures($0.profile.dayFirstWaveFailures) > 0
        }) {
            waveFrom = bindingName(date)
            waveFromOrder = .monthFirst
        } else if let date = ranked.first(where: { failures($0.profile.dayFirstWaveFailures) == 0 }) {
            // Every date reads both ways, in different waves: nothing in the file says which.
            remarks.append("The dates in \(bindingName(date).quotedForMessage) read as day/month and as month/day, in different waves, and none of them settles which: to take waves from them, add columns.wave-from with dates: day-first or dates: month-first, as the file was written.")
        }

        try chooseItems(columns)
        let coded = items.filter(\.scale.answerCodes)
        if !coded.isEmpty {
            let scaleNames = Set(coded.map(\.scale.name)).sorted().map(\.quotedForMessage).joined(separator: ", ")
            remarks.append("LimeSurvey wrote answer codes, not answer texts: the draft orders them by their number (\(scaleNames)), the order LimeSurvey gives new answer options, and takes a code far beyond the others (such as AO99) as a non-answer. Check both against the survey's .lss, or export with \"Full answers\" to draft from the labels.")
        }
        let itemColumns = Set(items.map(\.column))
        segments = columns.filter { $0.role == .segment && !itemColumns.contains($0.profile.name) }.map(\.profile.name)
        comments = columns.filter { $0.role == .freeText }.map(\.profile.name)
    }

    /// Items from the rated columns, else from the first fallback that has any.
    private mutating func chooseItems(_ columns: [InspectedColumn]) throws(SurveyError) {
        let nonNumeric = { (column: InspectedColumn) in
            column.profile.values.count >= 2 && !column.profile.values.contains { Int($0) != nil || Double($0) != nil }
        }
        var chosen: [(InspectedColumn, DraftScale)] = columns.compactMap { column in column.scale.map { (column, $0) } }
        for fallback: InspectedColumn.Role in [.category, .segment] where chosen.isEmpty {
            chosen = columns.filter { $0.role == fallback && nonNumeric($0) }.map { ($0, DraftScale.nominal($0.profile.values, name: "")) }
            if !chosen.isEmpty {
                remarks.append("No column looks rated: the \(fallback.rawValue) columns are drafted as items whose codes follow the alphabetical order of their answers. Means of such codes mean nothing; keep the counts, or reorder the labels.")
            }
        }
        if chosen.isEmpty {
            chosen = columns.filter { $0.role == .choice && $0.profile.isInteger }.map { ($0, DraftScale.ticked) }
            if !chosen.isEmpty { remarks.append("No column looks rated: the multiple-choice ticks are drafted as items (1 = ticked, empty = no answer).") }
        }
        guard !chosen.isEmpty else {
            throw SurveyError(.dataError, path: nil, "no column looks like answers to a question (see surveykpi inspect); cannot draft an instrument")
        }
        var used: Set<String> = []
        for (column, scale) in chosen {
            let itemID = Self.itemID(column.profile, used: &used)
            var scale = scale
            if scale.isNominal { scale.name = "\(itemID)-answers" }
            items.append(DraftItem(id: itemID, text: Self.itemText(column.profile), column: column.profile.name, scale: scale))
        }
        mergeScales()
    }

    /// One scale per set of codes and labels that columns share; merged scales unite their
    /// missing codes and the labels seen.
    private mutating func mergeScales() {
        var owner: [Int] = []
        for item in items {
            if let index = scales.firstIndex(where: { $0.canMerge(with: item.scale) }) {
                scales[index].merge(item.scale)
                owner.append(index)
            } else {
                owner.append(scales.count)
                scales.append(item.scale)
            }
        }
        var used: [String: Int] = [:]
        for index in scales.indices {
            let count = used[scales[index].name, default: 0] + 1
            used[scales[index].name] = count
            if count > 1 { scales[index].name += "-\(count)" }
            scales[index].missing.sort { (Int($0.code) ?? 0, $0.code) > (Int($1.code) ?? 0, $1.code) }
        }
        for k in items.indices { items[k].scale = scales[owner[k]] }
    }

    /// The question text, with the row of a matrix named `Question [Row]` whose label is only
    /// the question (SurveyMonkey's second header row holds the statement).
    static func itemText(_ column: ColumnProfile) -> String {
        guard let label = column.label else { return column.name }
        let stem = label + " ["
        guard column.name.hasPrefix(stem), column.name.hasSuffix("]"), column.name.count > stem.count + 1 else { return label }
        let row = column.name.dropFirst(stem.count).dropLast()
        let question = label.trimmingCharacters(in: .whitespaces)
        return question.hasSuffix(":") || question.hasSuffix("?") ? "\(question) \(row)" : "\(question) - \(row)"
    }

    /// A file name as an instrument id: lowercase letters, digits and `-`.
    static func instrumentID(_ file: String) -> String {
        let stem = file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
        var id = ""
        for scalar in stem.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                id.unicodeScalars.append(scalar)
            } else if !id.isEmpty, !id.hasSuffix("-") {
                id += "-"
            }
        }
        while id.hasSuffix("-") { id.removeLast() }
        return id.isEmpty ? "draft" : id
    }

    /// The column name when it is a usable item id, else a cleaned-up form (of the row label of a
    /// `Question [Row]` heading, when it has one), else `Q<position>`.
    static func itemID(_ column: ColumnProfile, used: inout Set<String>) -> String {
        var name = column.name
        var row = false
        if name.hasSuffix("]"), let open = name.range(of: " [", options: .backwards) {
            name = String(name[open.upperBound...].dropLast())
            row = true
        }
        let allowed: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "."
        }
        var cleaned = ""
        for scalar in name.unicodeScalars {
            if allowed(scalar) { cleaned.unicodeScalars.append(scalar) } else if !cleaned.hasSuffix("_") { cleaned += "_" }
        }
        while cleaned.hasSuffix("_") { cleaned.removeLast() }
        let plain = name.unicodeScalars.allSatisfy(allowed)
        if row, !plain, cleaned.count > 24 {
            // A long matrix statement keeps its first words (Facilities_rooms_are), as its
            // neighbours keep theirs, rather than turning into a position.
            let head = cleaned.prefix(25)
            cleaned = head.lastIndex(of: "_").map { String(head[..<$0]) } ?? ""
        }
        let fits = plain ? name.count <= 40 : !cleaned.isEmpty && cleaned.count <= 24
        var id = fits ? cleaned : "Q\(column.position)"
        if id.isEmpty { id = "Q\(column.position)" }
        var candidate = id
        var k = 1
        while used.contains(candidate.lowercased()) {
            k += 1
            candidate = "\(id)_\(k)"
        }
        used.insert(candidate.lowercased())
        return candidate
    }
}
