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

    /// Unordered text answers, coded 1… in alphabetical order.
    static func nominal(_ values: [String], name: String) -> DraftScale {
        var seen: Set<String> = []
        let distinct = values.sorted { $0.lowercased() < $1.lowercased() || ($0.lowercased() == $1.lowercased() && $0 < $1) }
            .filter { seen.insert($0.lowercased()).inserted }
        let labels = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.offset + 1, $0.element) })
        return DraftScale(lower: 1, upper: max(distinct.count, 2), labels: labels, labelsInData: true, name: name, isNominal: true)
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

/// Answer scales recognised from their labels, in the data's own spelling.
struct LabelFamily {
    let name: String
    /// Per code from 1: the spellings that mean it; the first is the canonical one.
    let positions: [[String]]
    let favourable: [Int]
    let unfavourable: [Int]

    static let all: [LabelFamily] = [
        LabelFamily(name: "agree5", positions: [
            ["Strongly disagree"], ["Disagree", "Somewhat disagree"],
            ["Neither agree nor disagree", "Neither agree or disagree", "Neutral", "Undecided"],
            ["Agree", "Somewhat agree"], ["Strongly agree"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "satisfied5", positions: [
            ["Very dissatisfied"], ["Dissatisfied", "Somewhat dissatisfied"],
            ["Neither satisfied nor dissatisfied", "Neutral"], ["Satisfied", "Somewhat satisfied"], ["Very satisfied"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "quality5", positions: [
            ["Very poor"], ["Poor"], ["Fair", "Average", "Acceptable"], ["Good"], ["Very good", "Excellent"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "likely5", positions: [
            ["Very unlikely", "Extremely unlikely"], ["Unlikely", "Somewhat unlikely"],
            ["Neither likely nor unlikely", "Neutral"], ["Likely", "Somewhat likely"], ["Very likely", "Extremely likely"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "frequency5", positions: [["Never"], ["Rarely"], ["Sometimes"], ["Often"], ["Always"]], favourable: [], unfavourable: []),
    ]

    /// Non-substantive answers that become missing codes.
    static let missingLabels = [
        "Don't know", "Do not know", "I don't know", "Not sure", "Not applicable", "N/A", "NA",
        "No basis for evaluation", "No opinion", "Prefer not to say",
    ]

    /// The scale of a family every value belongs to (labels of one code spelt one way only).
    static func scale(for values: [String]) -> DraftScale? {
        let missing = Set(missingLabels.map { $0.lowercased() })
        for family in all {
            var labels: [Int: String] = [:]
            var missingCodes: [Scale.MissingCode] = []
            var fits = true
            for value in values {
                let folded = value.lowercased()
                if let code = family.positions.firstIndex(where: { $0.contains { $0.lowercased() == folded } }).map({ $0 + 1 }) {
                    if let other = labels[code], other != value { fits = false }
                    labels[code] = value
                } else if missing.contains(folded) {
                    missingCodes.append(Scale.MissingCode(code: value, reason: value))
                } else {
                    fits = false
                }
                if !fits { break }
            }
            guard fits, !labels.isEmpty else { continue }
            let observed = Set(labels.keys)
            for (offset, spellings) in family.positions.enumerated() where labels[offset + 1] == nil { labels[offset + 1] = spellings[0] }
            return DraftScale(
                lower: 1, upper: family.positions.count, labels: labels, labelsInData: true,
                missing: missingCodes.sorted { $0.code < $1.code }, favourable: family.favourable,
                unfavourable: family.unfavourable, name: family.name, observed: observed)
        }
        return nil
    }
}
