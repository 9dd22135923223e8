import SurveyModel

/// A LimeSurvey survey structure (`.lss`, research/formats.md §1b): questions, subquestions and
/// answer options, enough to map `.lsr` response columns back to question codes and answer codes
/// to scores.
///
/// Both layouts are read: LimeSurvey 4 and later keep texts in `*_l10ns` tables
/// (`answers` has `aid`, `answer_l10ns` the labels); LimeSurvey 3 and older repeat every
/// question, subquestion and answer row once per language, with the text in the row. Texts are
/// taken in the survey's base language.
public struct LimeSurveyStructure: Sendable {
    /// Which table layout the file uses.
    public enum Layout: String, Sendable {
        /// LimeSurvey 4 and later: `question_l10ns`, `answer_l10ns` ….
        case localizationTables = "l10ns"
        /// LimeSurvey 3 and older: one row per language in `questions`, `answers` ….
        case rowPerLanguage = "row-per-language"
    }

    /// A question or subquestion.
    public struct Question: Hashable, Sendable {
        /// Database id.
        public var qid: Int
        /// 0 for a question, the parent's qid for a subquestion.
        public var parentQID: Int
        /// Question group id.
        public var gid: Int
        /// LimeSurvey question type (`F`, `L`, `M`, `:` …).
        public var type: String
        /// The code (`title`): what CSV headings and instruments use.
        public var title: String
        /// For subquestions: 0 = rows (Y axis), 1 = columns (X axis) of `:`/`;` arrays.
        public var scaleID: Int
    }

    /// One answer option of a list or array question.
    public struct AnswerOption: Hashable, Sendable {
        /// The code stored in responses (`AO01`, `A1`, `1` …).
        public var code: String
        /// `assessment_value`, when given.
        public var assessmentValue: Int?
        /// 0, or 1 for the second scale of a dual-scale array.
        public var scaleID: Int
        /// The label in the base language.
        public var label: String?
    }

    /// The survey id (`sid`).
    public var surveyID: Int?
    /// `DBVersion`.
    public var dbVersion: Int?
    /// The base language.
    public var baseLanguage: String?
    /// The table layout.
    public var layout: Layout
    /// Whether survey-level assessments are on (`surveys.assessments = Y`).
    public var assessmentsEnabled: Bool
    /// Questions (not subquestions) by qid.
    public var questions: [Int: Question]
    /// Subquestions by parent qid, in file order.
    public var subquestions: [Int: [Question]]
    /// Answer options by qid, in sort order.
    public var answers: [Int: [AnswerOption]]

    /// Reads a `.lss` file.
    ///
    /// - Throws: `.noInput` when unreadable; `.dataError` when not a LimeSurvey survey structure.
    public static func load(path: String) throws(SurveyError) -> LimeSurveyStructure {
        let document = try LimeSurveyDocument.read(
            path: path,
            tables: ["surveys", "questions", "subquestions", "answers", "answer_l10ns", "question_l10ns"],
            expecting: ("Survey", "a LimeSurvey survey structure (.lss)"))
        return LimeSurveyStructure(document)
    }

    init(_ document: LimeSurveyDocument) {
        let tables = document.tables
        let survey = tables["surveys"]?.rows.first
        surveyID = survey?["sid"].flatMap { Int($0) }
        dbVersion = document.dbVersion
        baseLanguage = survey?["language"].flatMap { $0.isEmpty ? nil : $0 } ?? document.languages.first
        assessmentsEnabled = survey?["assessments"] == "Y"
        let questionFields = tables["questions"]?.fields ?? []
        let perLanguage = questionFields.contains("language") || (tables["question_l10ns"] == nil && tables["answer_l10ns"] == nil)
        layout = perLanguage ? .rowPerLanguage : .localizationTables
        let base = baseLanguage

        func rows(_ table: String) -> [[String: String]] {
            let all = tables[table]?.rows ?? []
            guard perLanguage, let base else { return all }
            // One row per language: keep the base language's (or a row without language).
            return all.filter { ($0["language"] ?? base) == base }
        }
        func question(_ row: [String: String]) -> Question? {
            guard let qid = row["qid"].flatMap({ Int($0) }), let title = row["title"] else { return nil }
            return Question(
                qid: qid, parentQID: row["parent_qid"].flatMap { Int($0) } ?? 0, gid: row["gid"].flatMap { Int($0) } ?? 0,
                type: row["type"] ?? "", title: title, scaleID: row["scale_id"].flatMap { Int($0) } ?? 0)
        }

        var questions: [Int: Question] = [:]
        var subquestions: [Int: [Question]] = [:]
        var seen: Set<Int> = []
        // Before LimeSurvey 2 subquestions may sit in `questions` with a parent_qid.
        for row in rows("questions") + rows("subquestions") {
            guard let q = question(row), seen.insert(q.qid).inserted else { continue }
            if q.parentQID == 0 {
                questions[q.qid] = q
            } else {
                subquestions[q.parentQID, default: []].append(q)
            }
        }
        self.questions = questions
        self.subquestions = subquestions

        var labels: [Int: String] = [:]
        if !perLanguage {
            for row in tables["answer_l10ns"]?.rows ?? [] where base == nil || row["language"] == base {
                if let aid = row["aid"].flatMap({ Int($0) }), labels[aid] == nil { labels[aid] = row["answer"] }
            }
        }
        var answers: [Int: [(order: Int, option: AnswerOption)]] = [:]
        var seenCodes: Set<String> = []
        for row in rows("answers") {
            guard let qid = row["qid"].flatMap({ Int($0) }), let code = row["code"] else { continue }
            let scale = row["scale_id"].flatMap { Int($0) } ?? 0
            guard seenCodes.insert("\(qid)\u{1F}\(scale)\u{1F}\(code)").inserted else { continue }
            let label = perLanguage ? row["answer"] : row["aid"].flatMap { Int($0) }.flatMap { labels[$0] }
            let option = AnswerOption(
                code: code, assessmentValue: row["assessment_value"].flatMap { Int($0.trimmingXMLSpace) }, scaleID: scale, label: label)
            answers[qid, default: []].append((row["sortorder"].flatMap { Int($0) } ?? 0, option))
        }
        self.answers = answers.mapValues { list in list.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.option) }
    }

    /// The answer options of a question on one scale.
    public func options(qid: Int, scale: Int) -> [AnswerOption] {
        (answers[qid] ?? []).filter { $0.scaleID == scale }
    }

    /// Whether the options carry assessment values worth using as scores: at least one is
    /// non-zero (LimeSurvey stores 0 for every option when assessments are not set up).
    public func hasAssessmentValues(qid: Int, scale: Int) -> Bool {
        options(qid: qid, scale: scale).contains { ($0.assessmentValue ?? 0) != 0 }
    }
}
