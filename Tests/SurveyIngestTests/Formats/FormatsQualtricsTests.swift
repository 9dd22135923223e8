import Foundation
import SurveyIngest
import SurveyModel
import Testing

/// `qualtrics-csv`: three header rows (JSON or Python-dict ImportIds), legacy V1…V10, row 2
/// never metadata, Status and Finished honoured, negative recodes as declared missing codes.
@Suite struct FormatsQualtricsTests {
    /// Row 2 is localised and deliberately misleading: it must never be read as metadata.
    static let export = """
        StartDate,EndDate,Status,Progress,Finished,ResponseId,Q1,Q3_1,Q3_2
        Status,Finished,ResponseId,Anfangsdatum,Beendet,Antwort-ID,"Your role, please",Rate - Teaching,Rate - Facilities
        "{""ImportId"":""startDate"",""timeZone"":""Europe/Berlin""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""progress""}","{""ImportId"":""finished""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID3"",""choiceId"":""1""}","{""ImportId"":""QID3"",""choiceId"":""2""}"
        2025-09-02 10:01:00,2025-09-02 10:06:41,0,100,1,R_1,2,4,-1
        2025-09-03 10:01:00,2025-09-03 10:06:41,1,100,1,R_2,2,4,4
        2025-09-04 10:01:00,2025-09-04 10:06:41,2,100,1,R_3,2,4,4
        2025-09-05 10:01:00,2025-09-05 10:06:41,8,100,1,R_4,2,4,4
        2026-03-05 10:01:00,2026-03-05 10:06:41,0,40,0,R_5,2,5,
        2026-03-06 10:01:00,2026-03-06 10:06:41,16,100,True,R_6,1,3,9
        2026-03-07 10:01:00,2026-03-07 10:06:41,IP Address,100,1,R_7,1,2,2
        2026-03-08 10:01:00,2026-03-08 10:06:41,Robot,100,1,R_8,1,2,2

        """

    static func instrument(_ extra: String = "") throws -> Instrument {
        try ExportFixture.instrument(
            items: ["Q3_1", "Q3_2"], columns: "  respondent: ResponseId\n  wave-from: { column: EndDate, calendar: year }" + extra)
    }

    @Test func previewsTestsSpamAndUnfinishedAreLeftOutAndCounted() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("qualtrics.csv", Self.export)
        #expect(try fixture.detected(path) == "qualtrics-csv")
        let result = try fixture.read(path, try Self.instrument())
        #expect((result.summary.read, result.summary.accepted, result.summary.rejected) == (8, 3, 5))
        #expect(result.ids == ["R_1", "R_6", "R_7"])
        #expect(result.waves == ["2025", "2026", "2026"])
        #expect(result.codes(item: 1) == [Code.missing(1), Code.missing(0), 2], "-1 and 9 are the scale's declared missing codes")
        #expect(result.rejectLines == [
            "5 preview: Status \"1\" (Survey Preview) marks a preview response; add preview to columns.include to analyse it",
            "6 test: Status \"2\" (Survey Test) marks a test response; add test to columns.include to analyse it",
            "7 spam: Status \"8\" (Spam) marks a spam response; add spam to columns.include to analyse it",
            "8 unfinished: Finished \"0\": the response was not finished; add unfinished to columns.include to analyse it",
            "11 unknown-status: Status \"Robot\" is not a Qualtrics response type; expected 0 (IP Address), 1 (Survey Preview), 2 (Survey Test), 4 (Imported), 8 (Spam), 16 (Offline), 32 (EX) or a sum of them",
        ])
    }

    @Test func includeKeepsTheNamedKinds() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("qualtrics.csv", Self.export)
        let result = try fixture.read(path, try Self.instrument("\n  include: [test, unfinished]"))
        #expect(result.ids == ["R_1", "R_3", "R_5", "R_6", "R_7"])
    }

    @Test func importIdsAnswerAsColumnNames() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("qualtrics.csv", Self.export)
        let instrument = try ExportFixture.instrument(
            items: ["teaching", "facilities"], columns: "  respondent: _recordId\n  items: { teaching: QID3_1, facilities: QID3_2 }")
        let result = try fixture.read(path, instrument)
        #expect(result.codes(item: 0) == [4, 3, 2])
    }

    static let legacy = "\u{FEFF}V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2,LocationLatitude,\n"
        + "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,Pick one,Say something,LocationLatitude,\n"
        + "R_1,Default,Anonymous,,,1.2.3.4,0,2017-07-18 08:28:09,2017-07-18 08:28:48,1,2,Hello,47.1,\n"
        + "R_2,Default,Anonymous,,,1.2.3.4,1,2017-07-18 08:28:09,2017-07-18 08:28:48,1,3,Hi,47.1,\n"

    @Test func legacyExportsAnswerToTheMeaningOfV1ToV10() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("legacy.csv", Self.legacy)
        #expect(try fixture.detected(path) == "qualtrics-csv")
        let instrument = try ExportFixture.instrument(items: ["Q1"], columns: "  respondent: ResponseID\n  wave-from: { column: StartDate, calendar: academic-year }")
        let result = try fixture.read(path, instrument)
        #expect(result.ids == ["R_1"])
        #expect(result.waves == ["2016/17"])
        #expect(result.rejectLines == ["4 preview: Status \"1\" (Survey Preview) marks a preview response; add preview to columns.include to analyse it"])
    }

    @Test func pythonDictImportIdsAreAThirdHeaderRow() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let text = "ResponseID,Finished,Status,Q2_1\nResponseID,Finished,Status,Rate-Squash\n{'ImportId': 'responseId'},{'ImportId': 'finished'},{'ImportId': 'status'},{'ImportId': 'QID2-1'}\nR_a,1,0,3\n"
        let path = try fixture.file("insights.csv", text)
        let instrument = try ExportFixture.instrument(items: ["squash"], columns: "  respondent: ResponseId\n  items: { squash: QID2-1 }")
        let result = try fixture.read(path, instrument)
        #expect(result.summary.read == 1 && result.codes(item: 0) == [3])
    }

    @Test func aFileEndingInsideItsHeaderIsAnError() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("cut.csv", "V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1\n")
        #expect(throws: SurveyError(.dataError, at: InputLocation(path: path, line: 2, column: 1), "qualtrics-csv export ends after 1 header row; expected 2 (V1…V10 names, question text)")) {
            try fixture.read(path, try ExportFixture.instrument(items: ["Q1"], columns: "  respondent: V1"))
        }
    }
}
