import Foundation
import SurveyIngest
import SurveyModel
import Testing

/// `surveymonkey-csv`, `googleforms-csv` and `msforms-csv`, on synthetic exports written after
/// research/formats.md §3–5 (no real export of these tools is public).
@Suite struct FormatsFormsTests {
    static let agree = "values: { 1: Strongly disagree, 2: Disagree, 3: Neutral, 4: Agree, 5: Strongly agree }\n    missing: { \"Don't know\": Don't know }\n    labels-in-data: true"

    @Test func surveyMonkeyNamesColumnsByQuestionAndSubLabel() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let text = """
            Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,What is your role?,Which services did you use?,,Please rate:,,Comments
            ,,,,,,,,,Response,Library,Canteen,Teaching,Facilities,Open-Ended Response
            11843726501,402118333,09/02/2025 10:01:00 AM,09/02/2025 10:06:41 AM,203.0.113.7,,,,,Student,Library,,Agree,Don't know,"Good, thanks"
            11843726502,402118333,03/10/2026 10:01:00,03/10/2026 10:06:41,203.0.113.8,,,,,Student,,Canteen,Strongly agree,Disagree,

            """
        let path = try fixture.file("monkey.csv", text)
        #expect(try fixture.detected(path) == "surveymonkey-csv")
        let instrument = try ExportFixture.instrument(
            items: ["teaching", "facilities"], scale: Self.agree,
            columns: """
                  respondent: Respondent ID
                  wave-from: { column: End Date, calendar: academic-year, starts: 9 }
                  segments: ["What is your role?"]
                  comments: [Comments]
                  items: { teaching: "Please rate: [Teaching]", facilities: "Please rate: [Facilities]" }
                """)
        let result = try fixture.read(path, instrument)
        #expect(result.summary.rejected == 0)
        #expect(result.codes(item: 0) == [4, 5])
        #expect(result.codes(item: 1) == [Code.missing(0), 2])
        #expect(result.waves == ["2025/26", "2025/26"], "SurveyMonkey writes month-first dates: 03/10/2026 is 10 March")
    }

    /// Older exports (FiveThirtyEight publishes its SurveyMonkey data this way): `RespondentID`
    /// without a space, no collector column, and `Response` under each question. The second row
    /// is a header, never a response.
    @Test func olderSurveyMonkeyLayoutWithoutCollector() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let text = """
            RespondentID,How do you rate the teaching?,How do you rate the facilities?,Gender
            ,Response,Response,Response
            3234982343,Agree,Strongly agree,Male
            3234973379,Disagree,,Female
            3234972383,Strongly agree,Agree,

            """
        let path = try fixture.file("old-monkey.csv", text)
        #expect(try fixture.detected(path) == "surveymonkey-csv")
        let instrument = try ExportFixture.instrument(
            items: ["teaching", "facilities"], scale: Self.agree,
            columns: """
                  respondent: RespondentID
                  segments: [Gender]
                  items: { teaching: "How do you rate the teaching?", facilities: "How do you rate the facilities?" }
                """)
        let result = try fixture.read(path, instrument)
        #expect(result.summary.read == 3 && result.summary.rejected == 0)
        #expect(result.codes(item: 0) == [4, 2, 5])
        // A file whose second row is data is not taken for one.
        let plain = try fixture.file("plain.csv", "RespondentID,Q1,Q2\n1,Response,4\n2,3,4\n")
        #expect(try fixture.detected(plain) == "csv")
    }

    @Test func googleFormsHasLabelsGridsRepeatedTitlesAndNoResponseID() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let text = """
            Timestamp,Email address,How satisfied are you with... [Teaching],How satisfied are you with... [Facilities],Anything else?,Anything else?
            2025/09/14 10:06:41 AM GMT+2,a@example.edu,Agree,strongly DISAGREE,"Line one
            line two",
            2025/09/15 11:00:03 AM GMT+2,,Neutral,,,more
            2025/09/15 11:00:03 AM GMT+2,,Somewhat,Agree,,

            """
        let path = try fixture.file("forms.csv", text)
        #expect(try fixture.detected(path) == "googleforms-csv")
        let instrument = try ExportFixture.instrument(
            items: ["teaching", "facilities"], scale: Self.agree,
            columns: """
                  respondent: "@record"
                  wave-from: { column: Timestamp, calendar: year }
                  comments: ["Anything else? (1)", "Anything else? (2)"]
                  items: { teaching: "How satisfied are you with... [Teaching]", facilities: "How satisfied are you with... [Facilities]" }
                """)
        let result = try fixture.read(path, instrument)
        #expect(result.ids == ["1", "2", "3"])
        #expect(result.codes(item: 0) == [4, 3, Code.invalid])
        #expect(result.codes(item: 1) == [1, Code.blank, 4])
        #expect(result.waves == ["2025", "2025", "2025"])
    }

    @Test func aRepeatedTitleAloneIsAmbiguous() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("forms.csv", "Timestamp,Rate us,Rate us\n2025/09/14 10:06:41,4,5\n")
        let instrument = try ExportFixture.instrument(items: ["rate"], columns: "  respondent: \"@record\"\n  items: { rate: Rate us }")
        #expect(throws: SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 19), "column \"Rate us\" (item rate) appears 2 times in the header; expected it once")) {
            try fixture.read(path, instrument)
        }
        let byPosition = try ExportFixture.instrument(items: ["rate"], columns: "  respondent: \"@record\"\n  items: { rate: Rate us (2) }")
        #expect(try fixture.read(path, byPosition).codes(item: 0) == [5])
    }

    @Test func microsoftFormsSavedBySpreadsheet() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let text = "ID;Start time;Completion time;Email;Name;Last modified time;Teaching;Facilities;Which services do you use?\r\n"
            + "1;14/09/2025 10:01;14/09/2025 10:06;anonymous;;;Agree;Don't know;Library;Canteen;\r\n"
            + "2;9/15/25 10:01:00 AM;9/15/25 10:06:41 AM;anonymous;;;Strongly agree;Agree;\"Library;\"\r\n"
        let path = try fixture.file("msforms.csv", text)
        #expect(try fixture.detected(path) == "msforms-csv")
        let instrument = try ExportFixture.instrument(
            items: ["Teaching", "Facilities"], scale: Self.agree,
            columns: "  respondent: ID\n  wave-from: { column: Completion time, calendar: academic-year }")
        let result = try fixture.read(path, instrument)
        #expect(result.rejectLines == ["2 field-count: expected 9 fields as in the header, found 11"])
        #expect(result.codes(item: 0) == [5] && result.codes(item: 1) == [4])
        #expect(result.waves == ["2025/26"])
    }
}
