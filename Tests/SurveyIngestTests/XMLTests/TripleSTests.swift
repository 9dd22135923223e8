import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// Triple-S metadata and case data (format `triple-s`): the real samples 1, 2 and 4 read with
/// the values they hold, and a synthetic survey in fixed and CSV data, in three encodings.
@Suite struct TripleSTests {
    static func sample(_ n: Int) throws -> String { try XMLFixture.path("triple-s/triples_sss-pkg_sample-\(n).sss") }

    static func cases(_ path: String) throws -> (TripleSMetadata, [TripleSCase]) {
        let metadata = try TripleSMetadata.load(path: path)
        var cases: [TripleSCase] = []
        try TripleSData.forEachCase(metadata: metadata, dataPath: try TripleSData.dataPath(forMetadata: path, record: metadata.record)) { cases.append($0) }
        return (metadata, cases)
    }

    static func value(_ metadata: TripleSMetadata, _ c: TripleSCase, _ name: String) -> TripleSValue? {
        metadata.record.variables.firstIndex { $0.name == name }.map { c.values[$0] }
    }

    // MARK: Real samples

    /// Sample 1: Triple-S 1.2, ISO-8859-1, DOCTYPE with the standard's DTD URL, fixed width.
    @Test func sample1() throws {
        let (metadata, cases) = try Self.cases(try Self.sample(1))
        #expect(metadata.version == "1.2")
        #expect(metadata.surveyName == "SP5201-1")
        #expect(metadata.encoding == "iso-8859-1")
        #expect(metadata.record.variables.map(\.name) == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q99"])
        let q2 = metadata.record.variables[1]
        #expect(q2.values.map(\.label)[2] == "\"Friar Tuck\" Restaurant")
        #expect(metadata.record.variables[4].ranges.map(\.from) == ["1"])
        #expect(metadata.record.variables[6].filter == "Q6")
        #expect(cases.count == 3)
        let first = cases[0]
        #expect(Self.value(metadata, first, "Q1") == .code("2"))
        #expect(Self.value(metadata, first, "Q2") == .selected(["1", "3", "9"]))
        #expect(Self.value(metadata, first, "Q3") == .text("Amusement Park"))
        #expect(Self.value(metadata, first, "Q4") == .selected(["1", "9"]))
        #expect(Self.value(metadata, first, "Q5") == .number(12))
        #expect(Self.value(metadata, first, "Q6") == .logical(true))
        #expect(Self.value(metadata, first, "Q7") == .code("1"))
        #expect(Self.value(metadata, first, "Q99") == .number(1.4))
        #expect(Self.value(metadata, cases[1], "Q3") == .blank)
        #expect(Self.value(metadata, cases[1], "Q5") == .number(999))
        #expect(Self.value(metadata, cases[2], "Q3") == .text("\"Marco's\" Restaurant"))
        #expect(Self.value(metadata, cases[2], "Q4") == .selected(["9", "4"]))
        #expect(Self.value(metadata, cases[2], "Q6") == .logical(false))
        #expect(Self.value(metadata, cases[2], "Q7") == .blank)
    }

    @Test func sample1AsResponses() throws {
        let path = try Self.sample(1)
        let result = try TripleSResponseReader.read(path: path, inputIndex: 0, instrument: try XMLFixture.instrument("triple-s/sample-1.yaml"), options: ReadOptions())
        #expect(result.summary.format == "triple-s" && result.summary.read == 3 && result.summary.accepted == 3)
        #expect(result.summary.encoding == "iso-8859-1")
        let table = result.table
        // VISITS, MILES, AGAIN, WHEN, CASTLE (Q2 code 2), OTHER (Q2 code 9), FAV-FOREST (Q4 code 1)
        #expect(table.answers(of: "1") == [2, 12, 1, 1, 0, 1, 1])
        // 999 "Not stated" is outside Q5's range: the scale's missing reason "Not stated".
        #expect(table.answers(of: "2") == [3, AnswerCode.declaredMissing(0), 1, 3, 1, 0, 0])
        // Q7 is blank and its filter Q6 is false: never shown.
        #expect(table.answers(of: "3") == [2, 58, 0, AnswerCode.notShown, 0, 1, 0])
        #expect(table.weights == [1.4, 0.9, 0.7], "Q99 is the weight")
        #expect(result.diagnostics.isEmpty)
    }

    /// Sample 2: Triple-S 2.0 from MIPro, CSV data with a BOM, a header line (`skip="1"`),
    /// quoted bitstrings.
    @Test func sample2() throws {
        let (metadata, cases) = try Self.cases(try Self.sample(2))
        #expect(metadata.version == "2.0" && metadata.record.format == "csv" && metadata.record.skip == 1)
        #expect(metadata.record.variables.count == 65)
        #expect(metadata.record.variables[14].label == "What is your preferred language for taking surveys?")
        #expect(cases.count == 1)
        let c = cases[0]
        #expect(c.line == 2)
        #expect(Self.value(metadata, c, "MIProRspId") == .text("c530fd2a-17dd-4232-a38d-fb786d85eb3f"))
        #expect(Self.value(metadata, c, "AltIdString") == .blank)
        #expect(Self.value(metadata, c, "AdateF1") == .number(20_150_805))
        #expect(Self.value(metadata, c, "AA01N1") == .code("1"))
        #expect(Self.value(metadata, c, "AA03N1") == .code("102"))
        #expect(Self.value(metadata, c, "AA06N1") == .blank)
        #expect(Self.value(metadata, c, "AA15M1") == .selected(["3", "6", "9", "10"]))
        #expect(Self.value(metadata, c, "AA16M1") == .selected(["1", "2", "3"]))
        #expect(Self.value(metadata, c, "AA18M1") == .selected(["2", "4", "5", "6"]))
        #expect(Self.value(metadata, c, "AA09M1.1") == .text("5\u{A0} Jul\u{A0} 1991"))
        #expect(Self.value(metadata, c, "AA19M1.1") == .text("Pat"))
        #expect(Self.value(metadata, c, "ADurationF1") == .number(97))
    }

    @Test func sample2AsResponses() throws {
        let result = try TripleSResponseReader.read(
            path: try Self.sample(2), inputIndex: 0, instrument: try XMLFixture.instrument("triple-s/sample-2.yaml"), options: ReadOptions())
        let table = result.table
        #expect(table.answers(of: "c530fd2a-17dd-4232-a38d-fb786d85eb3f") == [5, 0, 1, 1])
        #expect(table.segmentValues[0] == ["English"], "a single's label as the segment value")
        #expect(table.durations == [97])
    }

    /// Sample 4: UTF-16LE metadata with a BOM, `<text xml:lang>` labels, and an absolute Windows
    /// path in `href` (the data file is found beside the metadata).
    @Test func sample4() throws {
        let path = try Self.sample(4)
        let (metadata, cases) = try Self.cases(path)
        #expect(metadata.encoding == "utf-16")
        #expect(metadata.record.href == "C:\\Users\\Julia.Schulz\\Documents\\test.asc")
        #expect(try TripleSData.dataPath(forMetadata: path, record: metadata.record).hasSuffix("/triples_sss-pkg_sample-4.asc"))
        #expect(metadata.record.variables.map(\.name) == ["foyer", "weekday", "typtel"])
        #expect(metadata.record.variables[1].values.map(\.label) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        #expect(cases.count == 10)
        #expect(cases.map { Self.value(metadata, $0, "weekday") } == ["1", "2", "3", "4", "6", "5", "4", "3", "4", "7"].map { .code($0) })
        #expect(cases.map { Self.value(metadata, $0, "typtel") } == ["1", "1", "2", "2", "1", "2", "1", "1", "2", "2"].map { .code($0) })
        let result = try TripleSResponseReader.read(path: path, inputIndex: 0, instrument: try XMLFixture.instrument("triple-s/sample-4.yaml"), options: ReadOptions())
        #expect(result.table.answers(of: "10") == [7, 2])
        #expect(result.table.answers(of: "5") == [6, 1])
        #expect((0..<10).map { result.table.respondentID($0) } == (1...10).map(String.init))
    }

    @Test func detection() throws {
        for n in [1, 2, 4] {
            let prefix = try InputFile.prefix(try Self.sample(n), bytes: 65536)
            #expect(TripleSFormat().detect(prefix: prefix, path: "x.sss"), "sample \(n)")
            #expect(!GenericXMLFormat().detect(prefix: prefix, path: "x.sss"), "sample \(n)")
        }
    }

    // MARK: Synthetic survey (research/formats.md §6a)

    static let instrument = """
        instrument: stake24
        title: Stakeholder satisfaction 2024
        groups:
          learner: { title: Students, role: learner, values: ["Student"] }
          parent: { title: Parents, role: beneficiary, values: ["Parent"] }
          staff: { title: Staff, role: staff, values: ["Staff"] }
        scales:
          agree5:
            values: { 1: Strongly disagree, 2: Disagree, 3: Neither, 4: Agree, 5: Strongly agree }
          used:
            values: { 0: "No", 1: "Yes" }
        items:
          - { id: SAT, text: Satisfaction with teaching, scale: agree5 }
          - { id: LIBRARY, text: Uses the library, scale: used }
        columns:
          respondent: RESPID
          group: ROLE
          items: { SAT: SAT_1, LIBRARY: SERV_1 }

        """

    static func metadata(format: String, href: String, encoding: String) -> String {
        let csv = format == "csv"
        func position(_ field: Int, _ start: Int, _ finish: Int) -> String {
            csv ? "<position start=\"\(field)\"/>" : "<position start=\"\(start)\" finish=\"\(finish)\"/>"
        }
        return """
            <?xml version="1.0" encoding="\(encoding)"?>
            <!DOCTYPE sss PUBLIC "-//triple-s//DTD Survey Interchange v2.0//EN" "http://www.triple-s.org/dtd/sss_v20.dtd">
            <sss version="2.0" languages="en" modes="analysis">
              <survey>
                <name>STAKE24</name>
                <title>Stakeholder satisfaction 2024 – très bien</title>
                <record ident="A" format="\(format)" skip="0" href="\(href)">
                  <variable ident="1" type="quantity" use="serial">
                    <name>RESPID</name><label>Respondent</label>\(position(1, 1, 4))
                    <values><range from="1" to="9999"/></values>
                  </variable>
                  <variable ident="2" type="single">
                    <name>ROLE</name><label>Rôle</label>\(position(2, 5, 5))
                    <values><value code="1">Student</value><value code="2">Parent</value><value code="3">Staff</value></values>
                  </variable>
                  <variable ident="3" type="single">
                    <name>SAT_1</name><label>Satisfaction: teaching</label>\(position(3, 6, 7))
                    <values><range from="1" to="5"/><value code="99">Don't know</value></values>
                  </variable>
                  <variable ident="4" type="multiple">
                    <name>SERV</name><label>Services used</label>\(position(4, 8, 10))
                    <values><value code="1">Library</value><value code="2">Canteen</value><value code="3">Transport</value></values>
                  </variable>
                  <variable ident="5" type="date">
                    <name>DONE</name><label>Completed</label>\(position(5, 11, 18))
                  </variable>
                  <variable ident="6" type="character">
                    <name>COMM</name><label>Comments</label>\(position(6, 19, 38))<size>20</size>
                  </variable>
                </record>
              </survey>
            </sss>

            """
    }

    static let fixedData = "00011 411020240502Good teaching       \n00022  000                            \n000339900120240503                    \n"
    static let csvData = "1,1,4,\"110\",20240502,\"Good teaching\"\r\n2,2,,\"000\",,\r\n3,3,99,\"001\",20240503,\r\n"

    @Test(arguments: [
        ("fixed", "UTF-8"), ("fixed", "ISO-8859-1"), ("fixed", "UTF-16"), ("csv", "UTF-8"), ("csv", "UTF-16"),
    ])
    func syntheticSurvey(format: String, encoding: String) throws {
        let dataName = format == "csv" ? "stake24.csv" : "stake24.asc"
        let text = Self.metadata(format: format, href: dataName, encoding: encoding)
        let bytes: [UInt8]
        switch encoding {
        case "UTF-16": bytes = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case "ISO-8859-1": bytes = text.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "-") }
        default: bytes = Array(text.utf8)
        }
        let sss = try XMLFixture.temporary(bytes, name: "stake24.sss")
        let directory = (sss as NSString).deletingLastPathComponent
        let data = (directory as NSString).appendingPathComponent(dataName)
        try (format == "csv" ? Self.csvData : Self.fixedData).write(toFile: data, atomically: true, encoding: .utf8)
        let instrument = try InstrumentLoader.load(path: try XMLFixture.temporary(Self.instrument, name: "stake24.yaml"))

        let metadata = try TripleSMetadata.load(path: sss)
        #expect(metadata.encoding == encoding.lowercased())
        #expect(metadata.record.variables[1].label == "Rôle")
        #expect(metadata.record.format == format)

        let result = try TripleSResponseReader.read(path: sss, inputIndex: 0, instrument: instrument, options: ReadOptions())
        #expect(result.summary.read == 3 && result.summary.accepted == 3 && result.summary.invalidAnswers == 0)
        let table = result.table
        #expect(table.answers(of: "1") == [4, 1])
        #expect(table.answers(of: "2") == [AnswerCode.noAnswer, 0])
        #expect(table.answers(of: "3") == [AnswerCode.noAnswer, 0], "99 Don't know: not stated, not invalid")
        #expect((0..<3).map { instrument.groups[Int(table.groups[$0])].id } == ["learner", "parent", "staff"], "group by code label")
        #expect(result.diagnostics.map(\.description) == [
            "\(data): note: Triple-S code 99 (\"Don't know\") of variable SAT_1 is a not-stated code that scale agree5 does not declare; counted as no-answer (add it to the scale's missing: to report it by name)",
        ])
        let c = try Self.cases(sss).1
        #expect(c.map(\.line) == [1, 2, 3])
        #expect(Self.value(metadata, c[0], "COMM") == .text("Good teaching"))
        #expect(Self.value(metadata, c[0], "DONE") == .text("20240502"))
        #expect(Self.value(metadata, c[1], "SERV") == .selected([]))
        #expect(Self.value(metadata, c[2], "SERV") == .selected(["3"]))
    }

    @Test func invalidValuesAreWarnedAtTheField() throws {
        let sss = try XMLFixture.temporary(Self.metadata(format: "fixed", href: "stake24.asc", encoding: "UTF-8"), name: "stake24.sss")
        let data = ((sss as NSString).deletingLastPathComponent as NSString).appendingPathComponent("stake24.asc")
        try "00011 711020240502\n00029 4110\n".write(toFile: data, atomically: true, encoding: .utf8)
        let instrument = try InstrumentLoader.load(path: try XMLFixture.temporary(Self.instrument, name: "stake24.yaml"))
        let result = try TripleSResponseReader.read(path: sss, inputIndex: 0, instrument: instrument, options: ReadOptions())
        #expect(result.summary.read == 2 && result.summary.accepted == 1 && result.summary.rejected == 1 && result.summary.invalidAnswers == 1)
        #expect(result.diagnostics.map(\.description) == [
            "\(data):1:6: warning: invalid answer \"7\" for item SAT; expected 1..5; counted as missing (invalid)",
        ])
        #expect(result.rejects.map { "\($0.path):\($0.line) \($0.reason): \($0.detail) [\($0.raw)]" } == [
            "\(data):2 unknown-group: group \"9\" is not declared; expected one of learner, parent, staff [00029 4110]",
        ])
        #expect(try TripleSResponseReader.rawRecords(path: sss, lines: [2]) == [2: "00029 4110"])
    }

    @Test func aMissingDataFileNamesWhereItLooked() throws {
        let sss = try XMLFixture.temporary(Self.metadata(format: "fixed", href: "elsewhere/data.asc", encoding: "UTF-8"), name: "stake24.sss")
        let directory = (sss as NSString).deletingLastPathComponent
        let error = XMLFixture.error {
            _ = try TripleSResponseReader.read(path: sss, inputIndex: 0, instrument: try InstrumentLoader.load(path: try XMLFixture.temporary(Self.instrument, name: "i.yaml")), options: ReadOptions())
        }
        #expect(error?.exitCode == 66)
        #expect(error?.description == "\(sss): error: cannot find the case data file (the metadata names \"elsewhere/data.asc\"); looked for \"\(directory)/elsewhere/data.asc\", \"\(directory)/data.asc\", \"\(directory)/stake24.asc\", \"\(directory)/stake24.dat\", \"\(directory)/stake24.txt\", \"\(directory)/stake24.csv\"")
    }

    @Test func entityDeclarationsAreRefusedInMetadata() throws {
        let text = Self.metadata(format: "fixed", href: "stake24.asc", encoding: "UTF-8")
            .replacingOccurrences(of: "\"http://www.triple-s.org/dtd/sss_v20.dtd\">", with: "\"http://www.triple-s.org/dtd/sss_v20.dtd\" [\n<!ENTITY x SYSTEM \"/etc/passwd\">\n]>")
        let sss = try XMLFixture.temporary(text, name: "stake24.sss")
        let error = XMLFixture.error { _ = try TripleSMetadata.load(path: sss) }
        #expect(error?.description == "\(sss):3:1: error: the DOCTYPE declares entity \"x\"; entity declarations are refused in Triple-S metadata (they could read other files or expand without bound)")
    }

    @Test func aVariableOfUnknownTypeIsNamed() throws {
        let text = Self.metadata(format: "fixed", href: "stake24.asc", encoding: "UTF-8").replacingOccurrences(of: "type=\"date\"", with: "type=\"datetime\"")
        let sss = try XMLFixture.temporary(text, name: "stake24.sss")
        let error = XMLFixture.error { _ = try TripleSMetadata.load(path: sss) }
        #expect(error?.description == "\(sss):24:7: error: variable \"5\" has type \"datetime\"; expected single, multiple, quantity, character, logical, date or time")
    }
}
