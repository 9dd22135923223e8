import SurveyModel

/// Answer scales recognised from their labels, in the data's own spelling.
///
/// A family is one scale at one length (`agree4`, `agree5`, `agree7` …); families of one
/// `group` measure the same thing at different lengths. A column takes the shortest family
/// every one of its labels fits (the first listed on a tie), so a 4-point agree scale with no
/// "Neither" is coded 1–4, not 1, 2, 4, 5; columns of one question then share the longest
/// family any of them needs (see ``InspectedColumn``).
struct LabelFamily {
    let name: String
    /// The family's kind, shared by its lengths (`agree` for `agree4` … `agree7`).
    let group: String
    /// Per code from 1: the spellings that mean it; the first is the canonical one.
    let positions: [[String]]
    let favourable: [Int]
    let unfavourable: [Int]
    /// For an even-length scale whose group has a neutral answer: that answer, which the data
    /// never used (the draft says so, in case the question offered it).
    let absentMiddle: String?

    init(name: String, group: String? = nil, positions: [[String]], favourable: [Int], unfavourable: [Int], absentMiddle: String? = nil) {
        self.name = name
        self.group = group ?? String(name.filter { !$0.isNumber })
        self.positions = positions
        self.favourable = favourable
        self.unfavourable = unfavourable
        self.absentMiddle = absentMiddle
    }

    /// A scale from a negative to a positive pole: the answers below the middle are
    /// unfavourable, those above it favourable.
    static func bipolar(_ name: String, _ positions: [[String]], absentMiddle: String? = nil) -> LabelFamily {
        let n = positions.count
        return LabelFamily(
            name: name, positions: positions, favourable: Array((n / 2 + 1 + n % 2)...n), unfavourable: Array(1...(n / 2)),
            absentMiddle: absentMiddle)
    }

    static let all: [LabelFamily] = english + otherLanguages

    /// English scales as Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms and LimeSurvey
    /// offer them (Qualtrics' defaults say "Extremely" and "Somewhat"; 7-point ones "Moderately"
    /// and "Slightly").
    static let english: [LabelFamily] = [
        bipolar("agree4", [
            ["Strongly disagree"], ["Disagree", "Somewhat disagree", "Tend to disagree", "Mostly disagree"],
            ["Agree", "Somewhat agree", "Tend to agree", "Mostly agree"], ["Strongly agree"],
        ], absentMiddle: "Neither agree nor disagree"),
        bipolar("agree5", [
            ["Strongly disagree"], ["Disagree", "Somewhat disagree", "Tend to disagree"],
            ["Neither agree nor disagree", "Neither agree or disagree", "Neutral", "Undecided"],
            ["Agree", "Somewhat agree", "Tend to agree"], ["Strongly agree"],
        ]),
        bipolar("agree6", [
            ["Strongly disagree"], ["Disagree", "Moderately disagree"], ["Somewhat disagree", "Slightly disagree"],
            ["Somewhat agree", "Slightly agree"], ["Agree", "Moderately agree"], ["Strongly agree"],
        ], absentMiddle: "Neither agree nor disagree"),
        bipolar("agree7", [
            ["Strongly disagree"], ["Disagree", "Moderately disagree"], ["Somewhat disagree", "Slightly disagree"],
            ["Neither agree nor disagree", "Neither agree or disagree", "Neutral", "Undecided"],
            ["Somewhat agree", "Slightly agree"], ["Agree", "Moderately agree"], ["Strongly agree"],
        ]),
        bipolar("satisfied4", [
            ["Very dissatisfied", "Extremely dissatisfied"], ["Dissatisfied", "Somewhat dissatisfied"],
            ["Satisfied", "Somewhat satisfied"], ["Very satisfied", "Extremely satisfied"],
        ], absentMiddle: "Neither satisfied nor dissatisfied"),
        bipolar("satisfied5", [
            ["Very dissatisfied", "Extremely dissatisfied", "Completely dissatisfied"], ["Dissatisfied", "Somewhat dissatisfied"],
            ["Neither satisfied nor dissatisfied", "Neither satisfied or dissatisfied", "Neutral"],
            ["Satisfied", "Somewhat satisfied"], ["Very satisfied", "Extremely satisfied", "Completely satisfied"],
        ]),
        bipolar("satisfied7", [
            ["Extremely dissatisfied", "Very dissatisfied", "Completely dissatisfied"], ["Moderately dissatisfied", "Dissatisfied", "Mostly dissatisfied"],
            ["Slightly dissatisfied", "Somewhat dissatisfied"],
            ["Neither satisfied nor dissatisfied", "Neither satisfied or dissatisfied", "Neutral"],
            ["Slightly satisfied", "Somewhat satisfied"], ["Moderately satisfied", "Satisfied", "Mostly satisfied"],
            ["Extremely satisfied", "Very satisfied", "Completely satisfied"],
        ]),
        // Unipolar: from no satisfaction up (Qualtrics' "Not at all satisfied" … "Extremely satisfied").
        LabelFamily(name: "satisfaction5", positions: [
            ["Not at all satisfied"], ["Slightly satisfied"], ["Moderately satisfied"], ["Very satisfied"], ["Extremely satisfied", "Completely satisfied"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "quality4", positions: [["Poor"], ["Fair"], ["Good"], ["Excellent"]], favourable: [3, 4], unfavourable: [1, 2]),
        LabelFamily(name: "quality5", positions: [
            ["Very poor", "Terrible", "Awful"], ["Poor"], ["Fair", "Average", "Acceptable", "Neither good nor poor"], ["Good"],
            ["Very good", "Excellent"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        // SurveyMonkey's quality scale, with "Very good" below "Excellent".
        LabelFamily(name: "quality5-excellent", group: "quality", positions: [
            ["Poor"], ["Fair"], ["Good"], ["Very good"], ["Excellent"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        LabelFamily(name: "importance5", positions: [
            ["Not at all important", "Not important at all"], ["Slightly important", "Of little importance", "Low importance"],
            ["Moderately important", "Fairly important"], ["Very important"], ["Extremely important"],
        ], favourable: [4, 5], unfavourable: [1, 2]),
        bipolar("important5", [
            ["Very unimportant"], ["Unimportant"], ["Neither important nor unimportant", "Neutral"], ["Important"], ["Very important"],
        ]),
        bipolar("likely4", [
            ["Very unlikely", "Extremely unlikely"], ["Unlikely", "Somewhat unlikely"], ["Likely", "Somewhat likely"],
            ["Very likely", "Extremely likely"],
        ], absentMiddle: "Neither likely nor unlikely"),
        bipolar("likely5", [
            ["Very unlikely", "Extremely unlikely"], ["Unlikely", "Somewhat unlikely"],
            ["Neither likely nor unlikely", "Neutral"], ["Likely", "Somewhat likely"], ["Very likely", "Extremely likely"],
        ]),
        bipolar("likely7", [
            ["Extremely unlikely"], ["Moderately unlikely", "Unlikely"], ["Slightly unlikely", "Somewhat unlikely"],
            ["Neither likely nor unlikely", "Neutral"], ["Slightly likely", "Somewhat likely"], ["Moderately likely", "Likely"],
            ["Extremely likely"],
        ]),
        // How often something happens: its direction depends on the question, so no favourable codes.
        LabelFamily(name: "frequency4", positions: [
            ["Never"], ["Rarely", "Sometimes", "Seldom", "Occasionally"], ["Often", "Usually", "Frequently", "Most of the time"], ["Always"],
        ], favourable: [], unfavourable: []),
        LabelFamily(name: "frequency5", positions: [
            ["Never"], ["Rarely", "Seldom"], ["Sometimes", "Occasionally"], ["Often", "Very often", "Frequently", "Usually"], ["Always"],
        ], favourable: [], unfavourable: []),
        // Qualtrics' frequency scale.
        LabelFamily(name: "frequency5-time", group: "frequency", positions: [
            ["Never"], ["Sometimes"], ["About half the time"], ["Most of the time"], ["Always"],
        ], favourable: [], unfavourable: []),
    ]

    /// The same scales as LimeSurvey's, Google Forms' and Microsoft Forms' users write them in
    /// German, French, Spanish, Italian, Portuguese and Dutch (one family per language, so a
    /// column fits only when all its labels are one language's).
    static let otherLanguages: [LabelFamily] = [
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

    /// The family named so, if any.
    static func named(_ name: String) -> LabelFamily? { all.first { $0.name == name } }

    /// The scale of the shortest family every value belongs to (labels of one code spelt one
    /// way only), the first listed on a tie.
    static func scale(for values: [String]) -> DraftScale? {
        var best: DraftScale?
        for family in all {
            guard let scale = family.fit(values) else { continue }
            if best.map({ scale.upper < $0.upper }) ?? true { best = scale }
        }
        return best
    }

    /// The values as this family's answers, or nil when one of them is not one (or two
    /// spellings share a code).
    func fit(_ values: [String]) -> DraftScale? {
        let missing = Set(Self.missingLabels.map { $0.lowercased() })
        var labels: [Int: String] = [:]
        var missingCodes: [Scale.MissingCode] = []
        for value in values {
            let folded = value.lowercased()
            if let code = positions.firstIndex(where: { $0.contains { $0.lowercased() == folded } }).map({ $0 + 1 }) {
                if let other = labels[code], other != value { return nil }
                labels[code] = value
            } else if missing.contains(folded) {
                missingCodes.append(Scale.MissingCode(code: value, reason: value))
            } else {
                return nil
            }
        }
        guard !labels.isEmpty else { return nil }
        let observed = Set(labels.keys)
        for (offset, spellings) in positions.enumerated() where labels[offset + 1] == nil { labels[offset + 1] = spellings[0] }
        var scale = DraftScale(
            lower: 1, upper: positions.count, labels: labels, labelsInData: true,
            missing: missingCodes.sorted { $0.code < $1.code }, favourable: favourable,
            unfavourable: unfavourable, name: name, observed: observed)
        if let absentMiddle {
            scale.note = "\(positions.count) points: no \"\(absentMiddle)\" in the data; if the question offered it, add it as \(positions.count / 2 + 1) and renumber"
        }
        return scale
    }
}
