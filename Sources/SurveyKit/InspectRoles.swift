import Foundation
import SurveyIngest
import SurveyModel

/// A column of an input with the role `inspect` infers for it from its name and values.
public struct InspectedColumn: Sendable {
    /// What a column seems to hold.
    public enum Role: String, Sendable, Hashable {
        /// The response id.
        case respondent = "respondent id"
        /// Dates and times.
        case timestamp
        /// Duration in seconds.
        case duration
        /// The tool's own bookkeeping (status, IP address, language …).
        case metadata
        /// A rated question: integer codes in a short range, or labels of a known answer scale.
        case item
        /// Few distinct labels (up to six): a breakdown such as campus or gender.
        case segment
        /// A question with a handful of repeated text answers (seven to thirty).
        case category
        /// A multiple-choice option: one value when ticked, empty otherwise.
        case choice
        /// Open answers: text-entry fields, and answers that span lines or are mostly distinct.
        case freeText = "free text"
        /// Numbers outside any rating range (age, slider, coordinates …).
        case number
        /// Nothing in any record.
        case empty
    }

    /// The column's profile.
    public var profile: ColumnProfile
    /// Its role.
    public var role: Role
    /// For items: the scale its values suggest.
    public var scale: DraftScale?

    /// For the respondent id: whether some ids repeat (fewer distinct values than filled fields).
    public var idsRepeat: Bool {
        role == .respondent && !profile.overflow && profile.values.count < profile.filled
    }

    /// Whether an id reads as a number in scientific notation (`1.18437E+10`): a spreadsheet
    /// rounded the ids when it saved the file (the test `analyze` applies, ``SpreadsheetIDs``).
    public var idsLookRounded: Bool {
        profile.values.contains { SpreadsheetIDs.isScientific($0.utf8) }
    }

    /// Infers the role of every column of a profile.
    public static func infer(_ profile: ExportProfile) -> [InspectedColumn] {
        var columns = inferEach(profile)
        if profile.format.hasPrefix("limesurvey") { codedArrays(&columns) }
        shareFamilies(&columns)
        return columns
    }

    private static func inferEach(_ profile: ExportProfile) -> [InspectedColumn] {
        let respondent = profile.hints.respondent ?? guessRespondent(profile)
        return profile.columns.map { column in
            let names = [column.name] + column.aliases
            let role: Role
            var scale: DraftScale?
            if column.filled == 0 {
                role = .empty
            } else if let respondent, names.contains(respondent) {
                role = .respondent
            } else if let duration = profile.hints.duration, names.contains(duration) {
                role = .duration
            } else if column.dates + column.placeholderDates == column.filled {
                role = .timestamp
            } else if names.contains(where: profile.hints.isMetadata) {
                role = .metadata
            } else if isTextEntry(column) {
                role = .freeText
            } else if column.isInteger {
                (role, scale) = numeric(column)
            } else {
                (role, scale) = textual(column)
            }
            return InspectedColumn(profile: column, role: role, scale: scale)
        }
    }

    /// A generic CSV's respondent: the first column named like an id whose values are all filled
    /// and distinct.
    static func guessRespondent(_ profile: ExportProfile) -> String? {
        profile.columns.first { column in
            let name = column.name.lowercased()
            let idLike = name == "id" || name.hasSuffix("id") || name.hasPrefix("id") || name.contains("respondent")
            return idLike && column.blank + column.notShown == 0 && !column.overflow && column.values.count == column.filled
        }?.name
    }

    private static func numeric(_ column: ColumnProfile) -> (Role, DraftScale?) {
        let codes = column.values.compactMap { Int($0) }
        if Set(codes) == [1] { return (.choice, nil) }
        // A count ("# Devices", "Number of children", "How many …") is a number, not a rating.
        let heading = (column.label ?? column.name).lowercased().trimmingCharacters(in: .whitespaces)
        if heading.hasPrefix("#") || heading.hasPrefix("number of") || heading.contains("how many") || heading.hasPrefix("no. of") {
            return (.number, nil)
        }
        let substantive = codes.filter { $0 >= 0 }
        guard let low = substantive.min(), let high = substantive.max() else { return (.number, nil) }
        let lower = low >= 1 && high <= 10 ? 1 : low
        let upper = max(high, lower + 1)
        let negatives = Set(codes.filter { $0 < 0 }).sorted(by: >)
        guard upper - lower <= 10, Scale.codeRange.contains(lower), Scale.codeRange.contains(upper),
            negatives.allSatisfy(Scale.codeRange.contains)
        else { return (.number, nil) }
        let text = (column.label ?? column.name).lowercased()
        if lower >= 0 && upper <= 10 && high >= 7 && (text.contains("recommend") || text.contains("nps")) {
            return (.item, .nps(missing: negatives))
        }
        return (.item, .codes(lower, upper, missing: negatives))
    }

    private static func textual(_ column: ColumnProfile) -> (Role, DraftScale?) {
        let distinct = column.values.count
        if distinct == 1, let value = column.values.first, value == "Y" || column.name.hasSuffix("[\(value)]") {
            return (.choice, nil)
        }
        if let scale = LabelFamily.scale(for: column.values) { return (.item, scale) }
        if let scale = DraftScale.endLabelled(column.values) { return (.item, scale) }
        // A label never spans lines, and a question asking for comments wants free text however
        // few its answers: as a segment, its answers would be printed in aggregate output.
        let multiline = column.values.contains { $0.contains("\n") || $0.contains("\r") }
        let heading = ([column.name, column.label ?? ""] + column.aliases).map { $0.lowercased() }
        let asksForText = heading.contains { text in freeTextWords.contains { text.contains($0) } }
        guard !column.overflow, column.longest <= 60, distinct <= 30, distinct * 2 <= column.filled, !multiline, !asksForText else {
            return (.freeText, nil)
        }
        return (distinct <= 6 ? .segment : .category, nil)
    }

    /// Words of a question that asks for free text.
    static let freeTextWords = ["comment", "suggestion", "anything else", "please explain", "please describe", "open-ended"]

    /// A text-entry field whatever its values: Qualtrics' `_TEXT` columns (an "Other" box or a
    /// text question; the ImportId `QID5_TEXT` is an alias), LimeSurvey's `[other]` and
    /// `[…comment]` fields, and "Other (please specify)" boxes.
    static func isTextEntry(_ column: ColumnProfile) -> Bool {
        let names = [column.name] + column.aliases
        if names.contains(where: { $0.hasSuffix("_TEXT") }) { return true }
        let lowered = names.map { $0.lowercased() }
        return lowered.contains { $0.hasSuffix("[other]") || $0.hasSuffix("_other") || $0.hasSuffix("comment]") || $0.contains("please specify") }
    }

    /// The question a column belongs to: its name before a `[row]` or the last `_row` (`SAT` for
    /// `SAT[SQ001]`, `SAT_SQ001` and `SAT[SQ001]. Text [Row]`; `Q3` for `Q3_1`), or nil.
    static func questionStem(_ name: String) -> String? {
        if let open = name.firstIndex(of: "["), open > name.startIndex {
            return name[..<open].trimmingCharacters(in: .whitespaces)
        }
        if let cut = name.lastIndex(of: "_"), cut > name.startIndex, name.index(after: cut) < name.endIndex {
            return String(name[..<cut])
        }
        return nil
    }

    /// Column indices per question stem, for questions of two or more columns.
    private static func questions(_ columns: [InspectedColumn]) -> [[Int]] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (index, column) in columns.enumerated() {
            guard let stem = questionStem(column.profile.name) else { continue }
            if members[stem] == nil { order.append(stem) }
            members[stem, default: []].append(index)
        }
        return order.compactMap { members[$0]!.count >= 2 ? members[$0] : nil }
    }

    /// LimeSurvey's default "short" export writes an array's answers as answer codes (`AO01` …):
    /// the columns of an array whose every answer is such a code become items on one scale in
    /// code order, to be checked against the `.lss` (a single list question's codes, such as a
    /// role, stay as they are: nothing says they are ordered).
    private static func codedArrays(_ columns: inout [InspectedColumn]) {
        for question in questions(columns) {
            let coded = question.filter {
                [.segment, .category].contains(columns[$0].role) && DraftScale.answerCodes(columns[$0].profile.values) != nil
            }
            var seen: Set<String> = []
            let union = coded.flatMap { columns[$0].profile.values }.filter { seen.insert($0).inserted }
            guard coded.count >= 2, let scale = DraftScale.answerCodes(union) else { continue }
            for index in coded {
                columns[index].role = .item
                columns[index].scale = scale
            }
        }
    }

    /// The columns of one question take the longest scale of a family any of them needs, when
    /// their labels fit it: a row that nobody answered "Neither" keeps the question's 5 points.
    private static func shareFamilies(_ columns: inout [InspectedColumn]) {
        for question in questions(columns) {
            let families = question.compactMap { columns[$0].scale.flatMap { LabelFamily.named($0.name) } }
            for index in question {
                guard let own = columns[index].scale.flatMap({ LabelFamily.named($0.name) }),
                      let longest = families.filter({ $0.group == own.group }).max(by: { $0.positions.count < $1.positions.count }),
                      longest.positions.count > own.positions.count,
                      let scale = longest.fit(columns[index].profile.values)
                else { continue }
                columns[index].scale = scale
            }
        }
    }
}
