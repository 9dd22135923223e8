import Foundation
import SurveyModel

/// The scale a column's values suggest, for `inspect` and instrument drafts.
public struct DraftScale: Hashable, Sendable {
    /// Lowest code.
    public var lower: Int
    /// Highest code.
    public var upper: Int
    /// Labels per code (the data's spelling when the data holds labels).
    public var labels: [Int: String] = [:]
    /// Whether the data holds labels rather than codes.
    public var labelsInData = false
    /// Non-substantive codes seen in the data.
    public var missing: [Scale.MissingCode] = []
    /// Favourable codes, for known answer scales only.
    public var favourable: [Int] = []
    /// Unfavourable codes, for known answer scales only.
    public var unfavourable: [Int] = []
    /// Likert or NPS.
    public var kind: Scale.Kind = .likert
    /// The scale id a draft gives it (`agree5`, `codes-1-5` …).
    public var name: String
    /// Whether the codes are only an alphabetical order of unordered answers.
    public var isNominal = false
    /// Codes whose label was seen in the data (the others have a family's usual spelling).
    var observed: Set<Int> = []
    /// What the user should check about this scale, printed beside it in the draft.
    var note: String?
    /// Whether the labels are LimeSurvey answer codes put in order by their number.
    var answerCodes = false

    /// Whether two columns' scales can be one: the same codes, and no code spelt two ways in the
    /// data.
    func canMerge(with other: DraftScale) -> Bool {
        guard lower == other.lower, upper == other.upper, kind == other.kind, labelsInData == other.labelsInData,
            isNominal == other.isNominal, favourable == other.favourable, unfavourable == other.unfavourable
        else { return false }
        if isNominal || !labelsInData { return labels == other.labels && (isNominal || name == other.name) }
        guard name == other.name else { return false }
        return observed.intersection(other.observed).allSatisfy { labels[$0] == other.labels[$0] }
    }

    /// Takes over the other scale's observed labels and missing codes.
    mutating func merge(_ other: DraftScale) {
        for code in other.observed.subtracting(observed) { labels[code] = other.labels[code] }
        observed.formUnion(other.observed)
        for code in other.missing where !missing.contains(code) { missing.append(code) }
    }

    /// Integer codes L…U; negative codes seen become missing codes (Qualtrics recodes such as
    /// −1 "No basis for evaluation", −99 "seen but not answered").
    static func codes(_ lower: Int, _ upper: Int, missing negatives: [Int]) -> DraftScale {
        let name = "codes-\(lower < 0 ? "m\(-lower)" : "\(lower)")-\(upper)"
        return DraftScale(lower: lower, upper: upper, missing: negatives.map(missingCode), name: name)
    }

    /// A 0–10 recommendation scale.
    static func nps(missing negatives: [Int]) -> DraftScale {
        DraftScale(lower: 0, upper: 10, missing: negatives.map(missingCode), kind: .nps, name: "recommend")
    }

    /// Unordered text answers, coded 1… in alphabetical order. Non-substantive answers
    /// (`N/A`, which LimeSurvey writes for an unanswered yes/no question, `Don't know` …) become
    /// missing codes, never answers.
    static func nominal(_ values: [String], name: String) -> DraftScale {
        let missingWords = Set(LabelFamily.missingLabels.map { $0.lowercased() })
        var seen: Set<String> = []
        let sorted = values.sorted { $0.lowercased() < $1.lowercased() || ($0.lowercased() == $1.lowercased() && $0 < $1) }
        let distinct = sorted.filter { !missingWords.contains($0.lowercased()) && seen.insert($0.lowercased()).inserted }
        let missing = sorted.filter { missingWords.contains($0.lowercased()) }.map { Scale.MissingCode(code: $0, reason: $0) }
        let labels = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.offset + 1, $0.element) })
        return DraftScale(lower: 1, upper: max(distinct.count, 2), labels: labels, labelsInData: true, missing: missing, name: name, isNominal: true)
    }

    /// A rating whose data holds numbers with words at one or both ends, as LimeSurvey writes
    /// an array of numbers labelled only at its ends: `Keine Kenntnisse - 0`, `1`, `2`, `3`,
    /// `Experte - 4`. Every value is a number, `words - number`, `number - words`, or a
    /// non-substantive answer (a missing code); the numbers span 2 to 10 steps and each is
    /// written one way. Codes not seen are labelled with their number.
    static func endLabelled(_ values: [String]) -> DraftScale? {
        let missingWords = Set(LabelFamily.missingLabels.map { $0.lowercased() })
        var labels: [Int: String] = [:]
        var missing: [Scale.MissingCode] = []
        var worded = false
        for value in values {
            if missingWords.contains(value.lowercased()) {
                missing.append(Scale.MissingCode(code: value, reason: value))
                continue
            }
            let number: Int
            if let plain = Int(value) {
                number = plain
            } else if let parsed = numberWithWords(value) {
                number = parsed
                worded = true
            } else {
                return nil
            }
            if let other = labels[number], other != value { return nil }
            labels[number] = value
        }
        guard worded, let lower = labels.keys.min(), let upper = labels.keys.max(), lower >= 0,
              (2...10).contains(upper - lower), Scale.codeRange.contains(upper) else { return nil }
        let observed = Set(labels.keys)
        for code in lower...upper where labels[code] == nil { labels[code] = String(code) }
        return DraftScale(lower: lower, upper: upper, labels: labels, labelsInData: true, missing: missing.sorted { $0.code < $1.code },
                          name: "rated-\(lower)-\(upper)", observed: observed)
    }

    /// The number of `words - 4` or `0 - words` (a hyphen, en dash or colon between), or nil.
    private static func numberWithWords(_ value: String) -> Int? {
        let separators: Set<Character> = ["-", "–", "—", ":"]
        func trim(_ text: Substring) -> String { text.trimmingCharacters(in: .whitespaces) }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let cut = trimmed.lastIndex(where: { separators.contains($0) }) {
            let head = trim(trimmed[..<cut]), tail = trim(trimmed[trimmed.index(after: cut)...])
            if let number = Int(tail), Int(head) == nil, head.contains(where: { $0.isLetter }) { return number }
        }
        if let cut = trimmed.firstIndex(where: { separators.contains($0) }) {
            let head = trim(trimmed[..<cut]), tail = trim(trimmed[trimmed.index(after: cut)...])
            if let number = Int(head), tail.contains(where: { $0.isLetter }) { return number }
        }
        return nil
    }

    /// LimeSurvey answer codes (`AO01` … `AO05`, or `A1` … `A5` in older surveys), as its
    /// default "short" export writes an array's answers. LimeSurvey numbers new answer options in
    /// the order they are shown, so the code order is the likeliest scale order; a code ten or
    /// more beyond the run (`AO99`) is the usual code of a "Don't know" option and becomes a
    /// missing code. Only the `.lss` says for sure: the scale carries a note to check it.
    /// Nil unless every value is a code with one letter prefix (or a non-answer) and the run
    /// spans 3 to 11 codes.
    static func answerCodes(_ values: [String]) -> DraftScale? {
        let missingWords = Set(LabelFamily.missingLabels.map { $0.lowercased() })
        var prefix: String?
        var numbered: [Int: String] = [:]
        var missing: [Scale.MissingCode] = []
        for value in values {
            if missingWords.contains(value.lowercased()) {
                missing.append(Scale.MissingCode(code: value, reason: value))
                continue
            }
            let letters = String(value.prefix { $0.isASCII && $0.isLetter })
            let digits = value.dropFirst(letters.count)
            guard !letters.isEmpty, !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(digits), prefix == nil || prefix == letters, numbered[number] == nil
            else { return nil }
            prefix = letters
            numbered[number] = value
        }
        let numbers = numbered.keys.sorted()
        guard let prefix, let first = numbers.first else { return nil }
        var run = [first]
        for number in numbers.dropFirst() {
            guard number - run[run.count - 1] < 10 else { break }
            run.append(number)
        }
        let lower = first >= 1 ? 1 : first
        guard let upper = run.last, (2...10).contains(upper - lower) else { return nil }
        for number in numbers.dropFirst(run.count) {
            missing.append(Scale.MissingCode(code: numbered[number]!, reason: "\(numbered[number]!) (check the .lss)"))
        }
        // Codes not seen are spelt as the seen ones are (AO03 beside AO01, A3 beside A1).
        let widths = Set(numbered.values.map { $0.count - prefix.count })
        let spelt = { (code: Int) in
            numbered[code] ?? prefix + (widths.count == 1 ? String(repeating: "0", count: max(0, widths.first! - String(code).count)) : "") + String(code)
        }
        let labels = Dictionary(uniqueKeysWithValues: (lower...upper).map { ($0, spelt($0)) })
        let missingList = missing.map(\.code).joined(separator: ", ")
        return DraftScale(
            lower: lower, upper: upper, labels: labels, labelsInData: true, missing: missing,
            name: "codes-\(spelt(lower))-\(spelt(upper))", observed: Set(run),
            note: "LimeSurvey answer codes, in code order: check the order\(missing.isEmpty ? "" : " and that \(missingList) is no answer") against the survey's .lss",
            answerCodes: true)
    }

    /// A multiple-choice option coded 1 when ticked.
    static let ticked = DraftScale(lower: 0, upper: 1, labels: [0: "Not ticked", 1: "Ticked"], name: "ticked")

    private static func missingCode(_ code: Int) -> Scale.MissingCode {
        Scale.MissingCode(code: String(code), reason: code == -99 ? "seen, not answered (-99)" : "recode \(code)")
    }

    /// `1..5`, `1..3 + missing -1`, `agree5 labels` … for `inspect`.
    public var summary: String {
        var text = labelsInData ? "\(isNominal ? "labels" : name) \(lower)..\(upper)" : "\(kind == .nps ? "nps " : "")\(lower)..\(upper)"
        if !missing.isEmpty { text += ", missing " + missing.map(\.code).joined(separator: ", ") }
        return text
    }
}
