import SurveyIngest
import SurveyModel
import Testing

/// Detection of a current Qualtrics export whose ImportId row (row 3) is gone.
@Suite struct FormatsQualtricsNoImportIdTests {
    static let header = "StartDate,EndDate,Status,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,Q3_1\n"
    static let labels = "Start Date,End Date,Response Type,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,The teaching is good\n"
    static func response(_ id: String, status: Int = 0, finished: Int = 1, answer: Int = 4) -> String {
        "2025-05-01 10:00:00,2025-05-01 10:10:00,\(status),100,600,\(finished),2025-05-01 10:10:01,\(id),\(answer)\n"
    }

    @Test func questionTextInRowTwoMakesItQualtrics() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("edited.csv", Self.header + Self.labels + Self.response("R_1") + Self.response("R_2", status: 1) + Self.response("R_3", finished: 0))
        #expect(try fixture.detected(path) == "qualtrics-csv")
        let result = try fixture.read(path, try ExportFixture.instrument(items: ["Q3_1"], columns: "  respondent: ResponseId"))
        #expect((result.summary.read, result.summary.accepted, result.summary.rejected) == (3, 1, 2))
        #expect(result.rejects.map(\.reason) == ["preview", "unfinished"])
        #expect(result.rejects.map(\.line) == [4, 5], "two header rows")
    }

    /// German question text in row 2 (Qualtrics localises it) is text all the same.
    @Test func localisedLabelsCount() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let german = "Startdatum,Enddatum,Antworttyp,Fortschritt,Dauer (in Sekunden),Beendet,Aufgezeichnetes Datum,Antwort-ID,Unterricht\n"
        let path = try fixture.file("de.csv", Self.header + german + Self.response("R_1"))
        #expect(try fixture.detected(path) == "qualtrics-csv")
    }

    /// Without a label row (a response right under the names), or with too few Qualtrics
    /// names, a file stays generic CSV.
    @Test func othersStayGeneric() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let noLabels = try fixture.file("nolabels.csv", Self.header + Self.response("R_1") + Self.response("R_2"))
        #expect(try fixture.detected(noLabels) == "csv")
        let few = try fixture.file("few.csv", "respondent,StartDate,Status,Q1\nrespondent,Start Date,Status,Question one\nR1,2025-05-01,0,4\n")
        #expect(try fixture.detected(few) == "csv")
    }
}
