/// One column of a LimeSurvey response table, mapped back from its database name to the names
/// an instrument can use for it (research/formats.md §1c).
///
/// Question columns are named `{sid}X{gid}X{qid}{suffix}` (SGQA). The names offered are those of
/// LimeSurvey's CSV export with question-code headings, in both spellings (`Q1[SQ001]` and the
/// Expression Script form `Q1_SQ001`), plus the database name itself:
///
/// | suffix | names |
/// | --- | --- |
/// | none | `Q1` |
/// | subquestion `SQ001` | `Q1[SQ001]`, `Q1_SQ001` |
/// | dual scale `SQ001#0`, `SQ001#1` | `Q1[SQ001][1]`, `Q1_SQ001_0`; `Q1[SQ001][2]`, `Q1_SQ001_1` |
/// | array by column `SQY_SQX` | `Q1[SQY_SQX]`, `Q1_SQY_SQX` |
/// | `other`, `comment`, `SQ001comment`, rank `1` … | `Q1[other]`, `Q1_other` … |
struct LimeSurveyColumn: Hashable {
    /// The column as `<fields>` names it.
    var field: String
    /// The names an instrument may give it, preferred first.
    var names: [String]
    /// The question, for question columns.
    var qid: Int?
    /// Which answer scale its codes come from (1 for the second scale of a dual-scale array).
    var answerScale: Int

    /// The element name `buildXMLFromQuery` writes for a field: `_` before a leading digit, `-`
    /// for `#`.
    static func elementName(forField field: String) -> String {
        var name = String(field.map { $0 == "#" ? "-" : $0 })
        if let first = name.unicodeScalars.first, ("0"..."9").contains(first) { name = "_" + name }
        return name
    }

    /// Maps a field name using a survey structure.
    init(field: String, structure: LimeSurveyStructure) {
        self.field = field
        qid = nil
        answerScale = 0
        names = [field]
        guard let sgqa = Self.splitSGQA(field, structure: structure), let question = structure.questions[sgqa.qid] else { return }
        qid = question.qid
        let code = question.title
        var forms: [(bracket: String, underscore: String)] = []
        let suffix = sgqa.suffix
        if suffix.isEmpty {
            names = [code, field]
            return
        }
        let subs = structure.subquestions[question.qid] ?? []
        let rows = subs.filter { $0.scaleID == 0 }.map(\.title).sorted { $0.count > $1.count }
        if let sq = rows.first(where: { suffix.hasPrefix($0) }) {
            let rest = String(suffix.dropFirst(sq.count))
            switch rest {
            case "":
                forms = [(sq, sq)]
            case "#0", "#1":
                let scale = rest == "#0" ? 0 : 1
                answerScale = scale
                names = ["\(code)[\(sq)][\(scale + 1)]", "\(code)_\(sq)_\(scale)", field]
                return
            default:
                // `SQY_SQX` of an array by column, `SQ001comment`, …: the suffix as written.
                forms = [("\(sq)\(rest)", "\(sq)\(rest)")]
            }
        } else {
            forms = [(suffix, suffix)]
        }
        names = forms.flatMap { ["\(code)[\($0.bracket)]", "\(code)_\($0.underscore)"] } + [field]
    }

    /// `{sid}X{gid}X{qid}{suffix}` split, taking the longest qid that is a question of the
    /// structure (a ranking column's number follows the qid directly).
    static func splitSGQA(_ field: String, structure: LimeSurveyStructure) -> (sid: Int, gid: Int, qid: Int, suffix: String)? {
        let parts = field.split(separator: "X", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let sid = Int(parts[0]), let gid = Int(parts[1]) else { return nil }
        let rest = parts[2]
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        for length in stride(from: digits.count, through: 1, by: -1) {
            guard let qid = Int(digits.prefix(length)) else { continue }
            if structure.questions[qid] != nil {
                return (sid, gid, qid, String(rest.dropFirst(length)))
            }
        }
        return nil
    }

    /// The survey id of an SGQA field name (`123456X7X10…`), nil for other fields.
    static func surveyID(ofField field: String) -> Int? {
        let parts = field.split(separator: "X", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let sid = Int(parts[0]), Int(parts[1]) != nil,
              let first = parts[2].first, first.isASCII, first.isNumber else { return nil }
        return sid
    }
}
