import Foundation
import SurveyKit
import SurveyTestSupport
import Testing

/// Drafting defects an audit found on realistic exports (`inspect --draft-instrument`): rating
/// scales coded in their natural order, even-point scales without a phantom middle, LimeSurvey
/// answer codes, free text kept out of segments, matrix statements, and respondent ids that
/// repeat. Fixtures: `Tests/SurveyCLITests/Fixtures/drafting/` (see its README).
@Suite struct InstrumentDraftAuditTests {
    static let fixtures = ProcessRunner.packageRoot.appendingPathComponent("Tests/SurveyCLITests/Fixtures/drafting")

    static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func draft(_ name: String) throws -> (result: InspectJob.Result, yaml: String) {
        let result = try InspectJob.run(path: path(name), format: nil)
        return (result, try InspectJob.draft(result))
    }

    /// Validates the draft (with `minimum-n: 1`) and returns each item's analysed mean and
    /// missing counts from `analyze --format json`.
    static func analyse(_ yaml: String, input: String) throws -> [String: (mean: Double, missing: [String: Int])] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try dir.write("draft.yaml", yaml.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let validated = try ProcessRunner.run(["validate", "--instrument", instrument, input])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        let analysed = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(analysed.stdout.utf8)) as? [String: Any]
        let cell = (json?["cells"] as? [[String: Any]])?.first
        var items: [String: (mean: Double, missing: [String: Int])] = [:]
        for item in cell?["items"] as? [[String: Any]] ?? [] {
            guard let id = item["id"] as? String else { continue }
            items[id] = ((item["mean"] as? NSNumber)?.doubleValue ?? .nan, item["missing"] as? [String: Int] ?? [:])
        }
        return items
    }

    /// The mean of a column's labels coded 1… in the given order, from the value counts.
    static func expectedMean(_ result: InspectJob.Result, column: String, order: [String]) -> Double {
        let counts = result.columns.first { $0.profile.name == column }!.profile.counts
        var sum = 0, n = 0
        for (index, label) in order.enumerated() {
            sum += (index + 1) * counts[label, default: 0]
            n += counts[label, default: 0]
        }
        return Double(sum) / Double(n)
    }

    // MARK: 1. common rating scales in their natural order

    @Test(arguments: [
        ("gf_qsat5.csv", "satisfied5", ["Extremely dissatisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied", "Somewhat satisfied", "Extremely satisfied"]),
        ("gf_sat7.csv", "satisfied7", ["Extremely dissatisfied", "Moderately dissatisfied", "Slightly dissatisfied", "Neither satisfied nor dissatisfied", "Slightly satisfied", "Moderately satisfied", "Extremely satisfied"]),
        ("gf_qqual5.csv", "quality5", ["Terrible", "Poor", "Average", "Good", "Excellent"]),
        ("gf_qimp5.csv", "importance5", ["Not at all important", "Slightly important", "Moderately important", "Very important", "Extremely important"]),
        ("gf_agree7.csv", "agree7", ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"]),
    ])
    func commonScalesAreDraftedInTheirNaturalOrder(file: String, scale: String, order: [String]) throws {
        let (result, yaml) = try Self.draft(file)
        let values = order.enumerated().map { "\($0.offset + 1): \"\($0.element)\"" }.joined(separator: ", ")
        #expect(yaml.contains("  \"\(scale)\":\n    values: { \(values) }\n"), "\(yaml)")
        #expect(!yaml.contains("alphabetical"), "\(yaml)")
        let analysed = try Self.analyse(yaml, input: Self.path(file))
        let mean = try #require(analysed["A"]?.mean)
        #expect(abs(mean - Self.expectedMean(result, column: "Rate [A]", order: order)) < 1e-9)
    }

    /// Qualtrics' default satisfaction matrix (`Q3_1` … `Q3_4`) becomes four items on one scale,
    /// with "Not applicable" as no answer, instead of four segments.
    @Test func qualtricsSatisfactionMatrixBecomesItems() throws {
        let (_, yaml) = try Self.draft("qx_text_sat.csv")
        #expect(yaml.contains(#"values: { 1: "Extremely dissatisfied", 2: "Somewhat dissatisfied", 3: "Neither satisfied nor dissatisfied", 4: "Somewhat satisfied", 5: "Extremely satisfied" }"#), "\(yaml)")
        #expect(yaml.contains(#"missing: { "Not applicable": "Not applicable" }"#), "\(yaml)")
        for k in 1...4 { #expect(yaml.contains("{ id: \"Q3_\(k)\", "), "\(yaml)") }
        #expect(yaml.contains(#"segments: ["Q1"]"#), "\(yaml)")
        let analysed = try Self.analyse(yaml, input: Self.path("qx_text_sat.csv"))
        for k in 1...4 {
            let item = try #require(analysed["Q3_\(k)"])
            #expect(item.mean >= 1 && item.mean <= 5 && item.missing["Not applicable", default: 0] > 0, "Q3_\(k)")
        }
    }

    /// A label set whose order is not known stays flagged as unordered: never a silent rating.
    @Test func unknownLabelsStayFlaggedAsUnordered() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var csv = "Timestamp,\"Mood [A]\"\n"
        for (k, label) in ["Meh", "Great", "Awful", "Fine", "Meh", "Great", "Meh", "Fine", "Awful"].enumerated() {
            csv += "2024/05/0\(k + 1) 10:00:00 AM GMT+2,\(label)\n"
        }
        let input = try dir.write("mood.csv", csv)
        let yaml = try InspectJob.draft(InspectJob.run(path: input, format: nil))
        #expect(yaml.contains("# unordered answers, coded in alphabetical order"), "\(yaml)")
        #expect(yaml.contains("Means of such codes mean nothing"), "\(yaml)")
        #expect(!yaml.contains("    favourable:"), "\(yaml)")
    }

    // MARK: 2. even-point scales

    @Test func fourPointAgreeScaleHasNoPhantomMiddle() throws {
        let (result, yaml) = try Self.draft("gf_agree4.csv")
        #expect(yaml.contains(#"values: { 1: "Strongly disagree", 2: "Disagree", 3: "Agree", 4: "Strongly agree" }"#), "\(yaml)")
        #expect(yaml.contains("favourable: [3, 4]\n    unfavourable: [1, 2]"), "\(yaml)")
        #expect(yaml.contains(#"no "Neither agree nor disagree" in the data"#), "\(yaml)")
        let analysed = try Self.analyse(yaml, input: Self.path("gf_agree4.csv"))
        let order = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]
        for (id, column) in [("A", "Rate [A]"), ("B", "Rate [B]"), ("C", "Rate [C]")] {
            let mean = try #require(analysed[id]?.mean)
            #expect(abs(mean - Self.expectedMean(result, column: column, order: order)) < 1e-9, "\(id)")
        }
    }

    /// The rows of one question share a scale: a row nobody answered "Neither" keeps the
    /// question's five points rather than becoming a 4-point item.
    @Test func rowsOfOneQuestionShareTheLongerScale() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let rows = [("Agree", "Neither agree nor disagree"), ("Strongly agree", "Agree"), ("Disagree", "Disagree"), ("Strongly disagree", "Strongly agree")]
        var csv = "Timestamp,\"Rate [A]\",\"Rate [B]\"\n"
        for (k, row) in rows.enumerated() { csv += "2024/05/0\(k + 1) 10:00:00 AM GMT+2,\(row.0),\(row.1)\n" }
        let input = try dir.write("rows.csv", csv)
        let yaml = try InspectJob.draft(InspectJob.run(path: input, format: nil))
        #expect(yaml.contains(#"{ id: "A", text: "Rate [A]", scale: "agree5" }"#), "\(yaml)")
        #expect(yaml.contains(#"{ id: "B", text: "Rate [B]", scale: "agree5" }"#), "\(yaml)")
        #expect(!yaml.contains("agree4"), "\(yaml)")
    }

    // MARK: 3. LimeSurvey answer codes

    @Test(arguments: ["ls_code_short.csv", "ls_emcode_short.csv", "ls_full_short.csv", "ls_codetext_short.csv"])
    func limeSurveyAnswerCodesBecomeOrderedItems(file: String) throws {
        let (result, yaml) = try Self.draft(file)
        #expect(yaml.contains("  \"codes-AO01-AO05\":   # LimeSurvey answer codes, in code order: check the order and that AO99 is no answer against the survey's .lss\n"), "\(yaml)")
        #expect(yaml.contains(#"values: { 1: "AO01", 2: "AO02", 3: "AO03", 4: "AO04", 5: "AO05" }"#), "\(yaml)")
        #expect(yaml.contains(#"missing: { "AO99": "AO99 (check the .lss)" }"#), "\(yaml)")
        #expect(yaml.contains("# LimeSurvey wrote answer codes, not answer texts"), "\(yaml)")
        #expect(yaml.components(separatedBy: #"scale: "codes-AO01-AO05" }"#).count - 1 == 4, "\(yaml)")
        // A single list question's codes (the role: A1, A2, A3) say nothing of an order.
        let role = result.columns[5]
        #expect(role.role == .segment && role.scale == nil)
        let analysed = try Self.analyse(yaml, input: Self.path(file))
        let item = try #require(analysed.values.first { $0.missing["AO99 (check the .lss)"] == 5 })
        #expect(item.mean >= 1 && item.mean <= 5)
    }

    // MARK: 4. free text never a segment

    @Test(arguments: ["qx_text.csv", "qx_text_comments.csv"])
    func qualtricsTextEntryIsAComment(file: String) throws {
        let (result, yaml) = try Self.draft(file)
        let q5 = try #require(result.columns.first { $0.profile.name == "Q5" })
        #expect(q5.role == .freeText)
        #expect(yaml.contains(#"  segments: ["Q1"]"#), "\(yaml)")
        #expect(yaml.contains(#"  comments: ["Q5"]"#), "\(yaml)")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try dir.write("draft.yaml", yaml.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let analysed = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", Self.path(file)])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        #expect(!analysed.stdout.contains("Parking"), "comment text in aggregate output")
    }

    // MARK: 5. SurveyMonkey matrices and open ends

    @Test func surveyMonkeyMatrixKeepsItsStatementsAndOpenEnds() throws {
        let (_, yaml) = try Self.draft("sm_crlf.csv")
        for (id, statement) in [("Teaching_is_good", "Teaching is good"), ("Facilities_rooms_are", "Facilities, rooms are adequate"), ("Staff_are_helpful", "Staff are helpful")] {
            #expect(yaml.contains("{ id: \"\(id)\", text: \"Please rate the following statements: \(statement)\", scale: \"agree5\" }"), "\(yaml)")
        }
        #expect(yaml.contains(#"  segments: ["What is your role?"]"#), "\(yaml)")
        #expect(yaml.contains(#"  comments: ["Which services did you use? [Other (please specify)]", "Comments"]"#), "\(yaml)")
        _ = try Self.analyse(yaml, input: Self.path("sm_crlf.csv"))
    }

    // MARK: 6. respondent ids that repeat

    @Test func roundedRespondentIdsAreCalledOut() throws {
        let (result, yaml) = try Self.draft("sm_excel_semi_cp1252.csv")
        let text = InspectJob.render(result)
        #expect(text.contains("   1  Respondent ID  [respondent id, not unique]\n      values: 1 distinct in 35 filled, e.g. \"1.18437E+10\"\n"), "\(text)")
        #expect(text.contains("warning: the ids repeat and read like numbers rounded by a spreadsheet: digits were lost"), "\(text)")
        #expect(yaml.contains("  respondent: \"@record\""), "\(yaml)")
        #expect(yaml.contains("# The respondent ids in \"Respondent ID\" are not unique (1 distinct in 35 filled)"), "\(yaml)")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try dir.write("draft.yaml", yaml.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let validated = try ProcessRunner.run(["validate", "--instrument", instrument, Self.path("sm_excel_semi_cp1252.csv")])
        #expect(validated.stdout.contains("read 35 = accepted 35 + rejected 0"), "\(validated.stdout)\(validated.stderr)")
    }

    /// Ids that repeat without being rounded keep their binding, with a remark.
    @Test func repeatedRespondentIdsAreRemarked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("dups.csv", """
            ID,Start time,Completion time,Email,Name,How satisfied are you?
            1,5/1/24 10:00:00,5/1/24 10:05:00,anonymous,,4
            2,5/2/24 10:00:00,5/2/24 10:05:00,anonymous,,5
            2,5/3/24 10:00:00,5/3/24 10:05:00,anonymous,,3
            3,5/4/24 10:00:00,5/4/24 10:05:00,anonymous,,2

            """)
        let result = try InspectJob.run(path: input, format: nil)
        let yaml = try InspectJob.draft(result)
        #expect(InspectJob.render(result).contains("[respondent id, not unique]"))
        #expect(yaml.contains("  respondent: \"ID\""), "\(yaml)")
        #expect(yaml.contains("are not unique (3 distinct in 4 filled): analyze keeps one response\n# per id and rejects the others"), "\(yaml)")
    }
}
