import Foundation
import SurveyIngest
import SurveyModel
import Testing

/// Detection from the first records (SPEC §3 table), `--input-format`, and the error that names
/// the candidates when a file looks like more than one tool's export.
@Suite struct FormatsDetectionTests {
    @Test(arguments: [
        ("\"id\",\"submitdate\",\"lastpage\",\"startlanguage\",\"Q1\"\r\n\"1\",,\"1\",\"en\",\"3\"\r\n", "limesurvey-csv"),
        ("id;token;submitdate;lastpage;startlanguage;Q1\n1;;;1;en;3\n", "limesurvey-csv"),
        ("StartDate,EndDate,ResponseId,Q1\nStart,End,Id,Question\n\"{\"\"ImportId\"\":\"\"startDate\"\"}\",x,y,z\n", "qualtrics-csv"),
        ("ResponseID,Q1\nResponseID,Question\n{'ImportId': 'responseId'},{'ImportId': 'QID1'}\n", "qualtrics-csv"),
        ("V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1\nResponseID,a,b,c,d,e,f,g,h,i,Q\n", "qualtrics-csv"),
        ("Respondent ID,Collector ID,Start Date,Q\n,,,Response\n1,2,3,4\n", "surveymonkey-csv"),
        ("Timestamp,Question\n2025/09/14 10:06:41,Agree\n", "googleforms-csv"),
        ("\u{FEFF}ID,Start time,Completion time,Email,Name,Q\n1,a,b,c,d,e\n", "msforms-csv"),
        ("respondent,group,wave,Q1\nR1,learner,2025,4\n", "csv"),
        ("Timestamp\n2025/09/14\n", "csv"),
        ("StartDate,EndDate,ResponseId,Q1\nStart,End,Id,Question\n", "csv"),
    ])
    func detected(text: String, format: String) throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("export.csv", text)
        #expect(try fixture.detected(path) == format)
    }

    @Test func utf16AndSemicolonsAreDetectedToo() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "sep=;\r\nID;Start time;Completion time;Q\r\n1;a;b;c\r\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = try fixture.dir.write("utf16.csv", bytes: bytes)
        #expect(try fixture.detected(path) == "msforms-csv")
    }

    @Test func aFileLikeTwoToolsNamesBoth() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("both.csv", "id,submitdate,lastpage,startlanguage,Respondent ID,Collector ID\n1,,1,en,2,3\n")
        #expect(throws: SurveyError(.dataError, path: path, "cannot tell the input format: the file looks like each of limesurvey-csv, surveymonkey-csv; name one with --input-format")) {
            try fixture.detected(path)
        }
        let instrument = try ExportFixture.instrument(items: ["Q1"], columns: "  respondent: id\n  items: { Q1: Respondent ID }")
        let result = try fixture.read(path, instrument, format: "limesurvey-csv")
        #expect(result.summary.format == "limesurvey-csv" && result.rejectLines.first?.hasPrefix("2 unfinished:") == true)
    }

    @Test func inputFormatOverridesDetection() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = try fixture.file("plain.csv", "Timestamp,respondent,Q1\n2025-09-14,R1,4\n")
        #expect(try fixture.detected(path) == "googleforms-csv")
        let instrument = try ExportFixture.instrument(items: ["Q1"])
        let result = try fixture.read(path, instrument, format: "csv")
        #expect(result.summary.format == "csv" && result.ids == ["R1"] && result.codes(item: 0) == [4])
        #expect(throws: SurveyError(.usage, path: nil, "unknown input format \"qualtrics\"; expected one of \(InputFormats.ids.joined(separator: ", "))")) {
            try InputFormats.named("qualtrics")
        }
    }

    @Test func everyFormatIsRegisteredBeforeTheFallback() {
        let ids = InputFormats.ids
        for id in ["limesurvey-csv", "qualtrics-csv", "surveymonkey-csv", "googleforms-csv", "msforms-csv"] {
            #expect(ids.firstIndex(of: id).map { $0 < ids.firstIndex(of: "csv")! } == true, "\(id)")
        }
    }
}
