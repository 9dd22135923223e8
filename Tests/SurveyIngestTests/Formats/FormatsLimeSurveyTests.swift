import Foundation
import SurveyIngest
import SurveyModel
import Testing

/// `limesurvey-csv`: headings in both spellings, shown-blank versus never shown, the record of a
/// survey without responses, unfinished responses and the 1980 placeholder date.
@Suite struct FormatsLimeSurveyTests {
    /// As LimeSurvey writes it: BOM, every value quoted, NULL unquoted, CRLF, an extra CRLF.
    static let export = "\u{FEFF}\"id\",\"submitdate\",\"lastpage\",\"startlanguage\",\"SAT[SQ001]\",\"SAT[SQ002]\",\"comment\"\r\n"
        + "\"1\",\"2025-10-02 10:14:09\",\"3\",\"en\",\"4\",\"\",\"Great staff,\nbut \"\"new\"\" timetable\"\r\n"
        + "\"2\",,\"1\",\"de\",\"2\",,\r\n"
        + "\"3\",\"1980-01-01 00:00:00\",\"3\",\"en\",\"9\",\"5\",\"\"\r\n"
        + "\"4\",\"2026-03-01 08:00:00\",\"3\",\"en\",,\"7\",\"\"\r\n\r\n"

    static func instrument(columns: String = "  respondent: id") throws -> Instrument {
        try ExportFixture.instrument(items: ["SAT_SQ001", "SAT_SQ002"], columns: columns)
    }

    @Test func quotedEmptyIsNoAnswerAndUnquotedIsNotShown() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("results-survey1.csv", Self.export)
        #expect(try fixture.detected(path) == "limesurvey-csv")
        let result = try fixture.read(path, try Self.instrument())
        #expect(result.summary.format == "limesurvey-csv")
        #expect(result.summary.encoding == "utf-8-bom")
        #expect((result.summary.read, result.summary.accepted, result.summary.rejected) == (4, 3, 1))
        #expect(result.rejectLines == ["4 unfinished: empty submitdate: the response was never submitted; add unfinished to columns.include to analyse it"])
        #expect(result.ids == ["1", "3", "4"])
        #expect(result.codes(item: 0) == [4, Code.missing(0), Code.notShown])
        #expect(result.codes(item: 1) == [Code.blank, 5, Code.invalid])
        #expect(result.summary.invalidAnswers == 1)
    }

    @Test func includeUnfinishedKeepsThem() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("results.csv", Self.export)
        let result = try fixture.read(path, try Self.instrument(columns: "  respondent: id\n  include: [unfinished]"))
        #expect(result.ids == ["1", "2", "3", "4"])
        #expect(result.codes(item: 1)[1] == Code.notShown)
    }

    @Test func resavedFileLosesTheNotShownDistinction() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let resaved = "sep=;\r\nid;submitdate;lastpage;startlanguage;SAT[SQ001];SAT[SQ002]\r\n1;2025-10-02 10:14:09;3;en;4;\r\n"
        let path = try fixture.file("resaved.csv", resaved)
        let result = try fixture.read(path, try Self.instrument())
        #expect(result.summary.format == "limesurvey-csv")
        #expect(result.codes(item: 1) == [Code.blank])
    }

    @Test func expressionScriptHeadingsAnswerToBracketItems() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let text = "id;submitdate;lastpage;startlanguage;SAT_SQ001;SAT_SQ002\n7;2025-10-02 10:14:09;3;en;1;2\n"
        let path = try fixture.file("em.csv", text)
        let bracketItems = try ExportFixture.instrument(
            items: ["A", "B"], columns: "  respondent: id\n  items: { A: \"SAT[SQ001]\", B: \"SAT[SQ002]\" }")
        let result = try fixture.read(path, bracketItems)
        #expect(result.codes(item: 0) == [1] && result.codes(item: 1) == [2])
    }

    @Test func theRecordOfASurveyWithoutResponsesIsNoResponse() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let empty = "\"id\",\"submitdate\",\"lastpage\",\"startlanguage\",\"SAT[SQ001]\",\"SAT[SQ002]\"\r\n\"\",\"\",\"\",\"\",\"\",\"\"\r\n\r\n"
        let path = try fixture.file("empty-survey.csv", empty)
        let result = try fixture.read(path, try Self.instrument())
        #expect((result.summary.read, result.summary.accepted, result.summary.rejected) == (0, 0, 0))
    }

    @Test func wavesFromSubmitdateSkipThePlaceholder() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("results.csv", Self.export)
        let columns = "  respondent: id\n  wave-from: { column: submitdate, calendar: academic-year, starts: 9 }"
        let result = try fixture.read(path, try Self.instrument(columns: columns))
        #expect(result.waves == ["2025/26", "2025/26"])
        #expect(result.rejectLines == [
            "4 unfinished: empty submitdate: the response was never submitted; add unfinished to columns.include to analyse it",
            "5 no-date: submitdate \"1980-01-01 00:00:00\" is the placeholder of a survey without date stamps; no wave can be derived from it",
        ])
    }
}
