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
        // The same scales as LimeSurvey's, Google Forms' and Microsoft Forms' users write them in
        // German, French, Spanish, Italian, Portuguese and Dutch (one family per language, so
        // a column fits only when all its labels are one language's).
        LabelFamily(name: "agree5-de", positions: [
            ["Stimme überhaupt nicht zu", "Stimme gar nicht zu", "Trifft überhaupt nicht zu", "Trifft gar nicht zu"],
            ["Stimme eher nicht zu", "Stimme nicht zu", "Trifft eher nicht zu", "Trifft nicht zu"],
            ["Weder noch", "Teils/teils", "Teils, teils", "Teils teils", "Neutral", "Unentschieden"],
            ["Stimme eher zu", "Stimme zu", "Trifft eher zu", "Trifft zu"],
            ["Stimme voll und ganz zu", "Stimme voll zu", "Stimme völlig zu", "Trifft voll und ganz zu", "Trifft völlig zu", "Trifft voll zu"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "satisfied5-de", positions: [
            ["Sehr unzufrieden", "Völlig unzufrieden"], ["Unzufrieden", "Eher unzufrieden"],
            ["Weder zufrieden noch unzufrieden", "Teils/teils", "Teils, teils", "Weder noch", "Neutral"],
            ["Zufrieden", "Eher zufrieden"], ["Sehr zufrieden", "Völlig zufrieden"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "agree5-fr", positions: [
            ["Pas du tout d'accord", "Pas du tout d’accord", "Fortement en désaccord", "Tout à fait en désaccord"],
            ["Plutôt pas d'accord", "Plutôt pas d’accord", "Pas d'accord", "Pas d’accord", "En désaccord", "Plutôt en désaccord"],
            ["Ni d'accord ni pas d'accord", "Ni d’accord ni pas d’accord", "Ni d'accord ni en désaccord", "Ni d’accord ni en désaccord", "Neutre"],
            ["Plutôt d'accord", "Plutôt d’accord", "D'accord", "D’accord"],
            ["Tout à fait d'accord", "Tout à fait d’accord", "Fortement d'accord", "Fortement d’accord"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "satisfied5-fr", positions: [
            ["Très insatisfait", "Pas du tout satisfait"], ["Insatisfait", "Plutôt insatisfait", "Peu satisfait"],
            ["Ni satisfait ni insatisfait", "Neutre"], ["Satisfait", "Plutôt satisfait"], ["Très satisfait", "Tout à fait satisfait"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "agree5-es", positions: [
            ["Totalmente en desacuerdo", "Muy en desacuerdo", "Completamente en desacuerdo"], ["En desacuerdo", "Algo en desacuerdo"],
            ["Ni de acuerdo ni en desacuerdo", "Neutral", "Indiferente"],
            ["De acuerdo", "Algo de acuerdo"], ["Totalmente de acuerdo", "Muy de acuerdo", "Completamente de acuerdo"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "satisfied5-es", positions: [
            ["Muy insatisfecho", "Nada satisfecho"], ["Insatisfecho", "Poco satisfecho"],
            ["Ni satisfecho ni insatisfecho", "Neutral", "Indiferente"], ["Satisfecho", "Bastante satisfecho"], ["Muy satisfecho"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "agree5-it", positions: [
            ["Fortemente in disaccordo", "Per niente d'accordo", "Per niente d’accordo", "Completamente in disaccordo", "Totalmente in disaccordo"],
            ["In disaccordo", "Poco d'accordo", "Poco d’accordo"], ["Né d'accordo né in disaccordo", "Né d’accordo né in disaccordo", "Neutrale", "Indifferente"],
            ["D'accordo", "D’accordo", "Abbastanza d'accordo", "Abbastanza d’accordo"],
            ["Fortemente d'accordo", "Fortemente d’accordo", "Completamente d'accordo", "Completamente d’accordo", "Molto d'accordo", "Molto d’accordo", "Totalmente d'accordo", "Totalmente d’accordo"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "agree5-pt", positions: [
            ["Discordo totalmente", "Discordo completamente", "Discordo fortemente"], ["Discordo", "Discordo parcialmente"],
            ["Não concordo nem discordo", "Nem concordo nem discordo", "Neutro", "Indiferente"],
            ["Concordo", "Concordo parcialmente"], ["Concordo totalmente", "Concordo completamente", "Concordo fortemente"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "agree5-nl", positions: [
            ["Helemaal mee oneens", "Helemaal oneens", "Zeer mee oneens"], ["Mee oneens", "Oneens"],
            ["Neutraal", "Niet mee eens, niet mee oneens", "Noch mee eens, noch mee oneens"],
            ["Mee eens", "Eens"], ["Helemaal mee eens", "Helemaal eens", "Zeer mee eens"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "satisfied5-it", positions: [
            ["Molto insoddisfatto", "Per niente soddisfatto"], ["Insoddisfatto", "Poco soddisfatto"],
            ["Né soddisfatto né insoddisfatto", "Neutrale"], ["Soddisfatto", "Abbastanza soddisfatto"], ["Molto soddisfatto"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "satisfied5-pt", positions: [
            ["Muito insatisfeito"], ["Insatisfeito", "Pouco satisfeito"],
            ["Nem satisfeito nem insatisfeito", "Neutro"], ["Satisfeito"], ["Muito satisfeito"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "satisfied5-nl", positions: [
            ["Zeer ontevreden", "Helemaal ontevreden"], ["Ontevreden"],
            ["Neutraal", "Niet tevreden, niet ontevreden", "Noch tevreden, noch ontevreden"], ["Tevreden"], ["Zeer tevreden", "Helemaal tevreden"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
    ]

    /// Non-substantive answers that become missing codes.
    static let missingLabels = [
        "Don't know", "Do not know", "I don't know", "Not sure", "Not applicable", "N/A", "NA",
        "No basis for evaluation", "No opinion", "Prefer not to say",
        "Keine Angabe", "k. A.", "k.A.", "Weiß nicht", "Weiss nicht", "Nicht zutreffend", "Kann ich nicht beurteilen",
        "Ne sait pas", "Je ne sais pas", "Sans opinion", "Sans avis", "Non concerné", "Non applicable", "Ne se prononce pas",
        "No sabe", "No sé", "No contesta", "NS/NC", "No aplica", "Prefiero no contestar",
        "Non so", "Non applicabile", "Preferisco non rispondere",
        "Não sei", "Não se aplica", "Prefiro não responder",
        "Weet niet", "Niet van toepassing", "Geen mening",
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
