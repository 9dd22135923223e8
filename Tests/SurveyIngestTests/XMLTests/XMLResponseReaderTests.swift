import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// The generic XML reader (SPEC §3, format `xml`) on `Fixtures/xml/generic/responses.xml`.
@Suite struct XMLResponseReaderTests {
    static func read(_ name: String = "xml/generic/responses.xml", options: ReadOptions = ReadOptions()) throws -> (ReadResult, String) {
        let path = try XMLFixture.path(name)
        let instrument = try XMLFixture.instrument("xml/mini.yaml")
        return (try XMLResponseReader.read(path: path, inputIndex: 0, instrument: instrument, options: options), path)
    }

    @Test func accountsEveryResponse() throws {
        let (result, path) = try Self.read()
        #expect(result.summary.format == "xml")
        #expect(result.summary.read == 8)
        #expect(result.summary.accepted == 4)
        #expect(result.summary.rejected == 4)
        #expect(result.summary.read == result.summary.accepted + result.summary.rejected)
        #expect(result.summary.invalidAnswers == 2)
        #expect(result.summary.encoding == "utf-8")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(result.summary.sha256 == SHA256.hex(bytes))
    }

    @Test func answersBecomeCodesAsInCSV() throws {
        let (result, _) = try Self.read()
        let table = result.table
        #expect(table.answers(of: "R1") == [4, 5, 2, 9])
        #expect(table.answers(of: "R2") == [AnswerCode.noAnswer, AnswerCode.declaredMissing(0), AnswerCode.invalid, AnswerCode.noAnswer])
        #expect(table.answers(of: "R3") == [2, 3, 4, AnswerCode.invalid])
        #expect(table.answers(of: "R8") == [4, AnswerCode.noAnswer, AnswerCode.noAnswer, AnswerCode.noAnswer])
    }

    @Test func attributesAndDefaults() throws {
        let (result, _) = try Self.read()
        let table = result.table
        let r1 = try #require(table.row(of: "R1"))
        let r2 = try #require(table.row(of: "R2"))
        let r3 = try #require(table.row(of: "R3"))
        #expect(table.waveLabels[Int(table.waves[r1])] == "2025", "the <responses wave> default")
        #expect(table.waveLabels[Int(table.waves[r2])] == "2026", "the response's own wave wins")
        #expect(table.groups[r1] == 0 && table.groups[r2] == 0, "group by id and by value (L)")
        #expect(table.groups[r3] == 1)
        #expect(table.segmentValues[0][Int(table.segmentCodes[0][r1])] == "North")
        #expect(table.segmentCodes[0][r2] == ResponseTable.missingSegment)
        #expect(table.segmentValues[0][Int(table.segmentCodes[0][r3])] == "South")
        #expect(table.origins[r1].line == 4 && table.origins[r3].line == 17)
    }

    @Test func brokenResponsesAreRejectedWithTheirXML() throws {
        let (result, path) = try Self.read()
        let rejects = result.rejects.map { "\($0.line) \($0.reason): \($0.detail)" }
        #expect(rejects == [
            "18 no-respondent: empty respondent id",
            "21 unknown-group: group \"visitor\" is not declared; expected one of learner, staff",
            "24 unknown-wave: wave \"1999\" is not among the instrument's waves (2025, 2026)",
            "27 duplicate-answer: item Q1 is answered more than once; expected one <answer> per item",
        ])
        #expect(result.rejects.allSatisfy { $0.path == path })
        // The element as libxml2 serialises it: indentation between elements is not kept.
        #expect(result.rejects[0].raw == "<response group=\"learner\"><answer item=\"Q1\">3</answer></response>")
        #expect(result.rejects[3].raw == "<response id=\"R7\" group=\"learner\"><answer item=\"Q1\">4</answer><answer item=\"Q1\">5</answer></response>")
    }

    @Test func warningsPointAtTheElement() throws {
        let (result, path) = try Self.read()
        #expect(result.diagnostics.map(\.description) == [
            "\(path):15:5: warning: invalid answer \"7\" for item Q3; expected 1..5 or a missing code (9); counted as missing (invalid)",
            "\(path):17:157: warning: invalid answer \"11\" for item REC; expected 0..10; counted as missing (invalid)",
            "\(path):32:5: warning: <answer item=\"ZZ\"> names no item of instrument mini; ignored",
            "\(path):34:5: warning: unexpected element <extra> in <response>; expected <answer>, <segment> or <comment>; ignored",
        ])
    }

    @Test func warningsAreCappedThenCounted() throws {
        let (result, path) = try Self.read(options: ReadOptions(maxWarnings: 1))
        #expect(result.diagnostics.first?.description.hasPrefix("\(path):15:5: warning: invalid answer \"7\"") == true)
        #expect(result.diagnostics.last?.description == "\(path): warning: 1 more invalid answers not shown")
        #expect(result.summary.invalidAnswers == 2)
    }

    @Test func commandLineGroupAndWaveWin() throws {
        let (result, _) = try Self.read(options: ReadOptions(wave: "2026", group: "staff"))
        let table = result.table
        #expect(table.waveLabels == ["2026"])
        #expect(Set(table.groups) == [1])
        #expect(result.summary.rejected == 2, "only the response without id and the duplicate answer are left")
    }

    @Test func duplicatesAreFoundByLine() throws {
        let path = try XMLFixture.path("xml/generic/responses.xml")
        let raw = try XMLResponseReader.rawRecords(path: path, lines: [4, 31])
        #expect(raw[31] == "<response id=\"R8\" group=\"learner\"><answer item=\"ZZ\">4</answer><answer item=\"Q1\">4</answer><extra/></response>")
        #expect(raw[4]?.hasPrefix("<response id=\"R1\" group=\"learner\"><segment name=\"campus\">North</segment><answer item=\"Q1\">4</answer><answer item=\"Q2\"> 5 </answer>") == true)
    }

    /// Declared encodings and byte order marks are libxml2's business; values come out the same.
    @Test(arguments: ["utf-16le", "utf-16be", "iso-8859-1"])
    func encodings(_ encoding: String) throws {
        let text = """
            <?xml version="1.0" encoding="\(encoding == "iso-8859-1" ? "ISO-8859-1" : "UTF-16")"?>
            <responses wave="2025">
              <response id="Zoë" group="learner"><segment name="campus">Zürich</segment><answer item="Q1">4</answer><answer item="Q2">x</answer></response>
            </responses>

            """
        var bytes: [UInt8]
        switch encoding {
        case "utf-16le": bytes = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] as [UInt8] }
        case "utf-16be": bytes = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] as [UInt8] }
        default: bytes = text.unicodeScalars.map { UInt8($0.value) }
        }
        let path = try XMLFixture.temporary(bytes, name: "encoded.xml")
        let result = try XMLResponseReader.read(path: path, inputIndex: 0, instrument: try XMLFixture.instrument("xml/mini.yaml"), options: ReadOptions())
        #expect(result.table.answers(of: "Zoë") == [4, AnswerCode.invalid, AnswerCode.noAnswer, AnswerCode.noAnswer])
        #expect(result.table.segmentValues[0] == ["Zürich"])
        #expect(result.diagnostics.map(\.description) == [
            "\(path):3:107: warning: invalid answer \"x\" for item Q2; expected 1..5 or a missing code (9); counted as missing (invalid)",
        ])
        #expect(result.summary.encoding == (encoding == "iso-8859-1" ? "iso-8859-1" : "utf-16"))
    }

    @Test func aFileWithoutResponsesIsReadAsEmpty() throws {
        let path = try XMLFixture.temporary("<responses/>\n")
        let result = try XMLResponseReader.read(path: path, inputIndex: 0, instrument: try XMLFixture.instrument("xml/mini.yaml"), options: ReadOptions())
        #expect(result.summary.read == 0 && result.table.rowCount == 0)
    }
}
