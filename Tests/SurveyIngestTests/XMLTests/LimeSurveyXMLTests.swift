import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// LimeSurvey `.lss` structures (both layouts) and `.lsr` responses (format `limesurvey-xml`).
@Suite struct LimeSurveyXMLTests {
    static let folder = "xml/limesurvey"

    static func structure(_ name: String) throws -> LimeSurveyStructure {
        try LimeSurveyStructure.load(path: try XMLFixture.path("\(folder)/\(name)"))
    }

    static func read(structure: String = "survey_123456.lss") throws -> (ReadResult, String) {
        let path = try XMLFixture.path("\(folder)/survey_123456_responses.lsr")
        let result = try LimeSurveyResponseReader.read(
            path: path, structurePath: try XMLFixture.path("\(folder)/\(structure)"), inputIndex: 0,
            instrument: try XMLFixture.instrument("\(folder)/instrument.yaml"), options: ReadOptions())
        return (result, path)
    }

    @Test(arguments: [("survey_123456.lss", LimeSurveyStructure.Layout.localizationTables, 630), ("survey_123456_ls3.lss", .rowPerLanguage, 366)])
    func bothStructureLayouts(name: String, layout: LimeSurveyStructure.Layout, dbVersion: Int) throws {
        let structure = try Self.structure(name)
        #expect(structure.layout == layout)
        #expect(structure.dbVersion == dbVersion)
        #expect(structure.surveyID == 123456)
        #expect(structure.baseLanguage == "en")
        #expect(structure.assessmentsEnabled)
        #expect(structure.questions.values.map(\.title).sorted() == ["CAMPUS", "COMMENT", "DUAL", "REC", "ROLE", "SAT"])
        #expect(structure.subquestions[10]?.map(\.title) == ["SQ001", "SQ002", "SQ003"])
        let sat = structure.options(qid: 10, scale: 0)
        #expect(sat.map(\.code) == ["AO01", "AO02", "AO03", "AO04", "AO05", "AO99"])
        #expect(sat.map(\.assessmentValue) == [1, 2, 3, 4, 5, 0])
        #expect(sat.last?.label == "Don't know", "labels in the base language, not \"DE Don't know\"")
        #expect(structure.options(qid: 50, scale: 1).map(\.label) == ["Unhappy", "Neutral", "Happy"])
        #expect(structure.hasAssessmentValues(qid: 10, scale: 0))
        #expect(!structure.hasAssessmentValues(qid: 50, scale: 0))
    }

    /// The real LimeSurvey 6 structure in `shared/samples/real` reads too.
    @Test func realLimeSurvey6Structure() throws {
        let structure = try Self.structure("limesurvey_structure-imex_survey-one-question-two-languages.lss")
        #expect(structure.layout == .localizationTables)
        #expect(structure.dbVersion == 630)
        #expect(structure.surveyID == 435933)
        #expect(structure.questions.count == 1)
        let question = try #require(structure.questions[1933])
        #expect(question.title == "Q1" && question.type == "T" && question.gid == 641)
        let column = LimeSurveyColumn(field: "435933X641X1933", structure: structure)
        #expect(column.names == ["Q1", "435933X641X1933"])
    }

    /// SGQA column names map back to question codes, in both CSV spellings (formats.md §1c).
    @Test(arguments: [
        ("123456X7X20", ["ROLE", "123456X7X20"], 0),
        ("123456X7X10SQ002", ["SAT[SQ002]", "SAT_SQ002", "123456X7X10SQ002"], 0),
        ("123456X7X50SQ001#0", ["DUAL[SQ001][1]", "DUAL_SQ001_0", "123456X7X50SQ001#0"], 0),
        ("123456X7X50SQ001#1", ["DUAL[SQ001][2]", "DUAL_SQ001_1", "123456X7X50SQ001#1"], 1),
        ("123456X7X10SQ001comment", ["SAT[SQ001comment]", "SAT_SQ001comment", "123456X7X10SQ001comment"], 0),
        ("123456X7X20other", ["ROLE[other]", "ROLE_other", "123456X7X20other"], 0),
        ("submitdate", ["submitdate"], 0),
    ])
    func columnNames(field: String, names: [String], scale: Int) throws {
        let column = LimeSurveyColumn(field: field, structure: try Self.structure("survey_123456.lss"))
        #expect(column.names == names)
        #expect(column.answerScale == scale)
    }

    @Test func elementNamesAsLimeSurveyWritesThem() {
        #expect(LimeSurveyColumn.elementName(forField: "123456X7X50SQ001#1") == "_123456X7X50SQ001-1")
        #expect(LimeSurveyColumn.elementName(forField: "submitdate") == "submitdate")
    }

    @Test(arguments: ["survey_123456.lss", "survey_123456_ls3.lss"])
    func responses(structure: String) throws {
        let (result, path) = try Self.read(structure: structure)
        #expect(result.summary.format == "limesurvey-xml")
        #expect(result.summary.read == 5 && result.summary.accepted == 3 && result.summary.rejected == 2)
        let table = result.table
        // Assessment values for SAT (AO04 → 4); a declared missing code stays missing (AO99);
        // labels for the dual-scale array with labels-in-data (B3 → High → 3, C2 → Neutral → 2).
        #expect(table.answers(of: "1") == [4, 5, AnswerCode.declaredMissing(0), 9, 3, 2])
        // Shown and left blank (empty element) vs never shown (left out).
        #expect(table.answers(of: "3") == [2, AnswerCode.noAnswer, AnswerCode.notShown, 3, 1, 3])
        #expect(table.answers(of: "5") == [AnswerCode.invalid, 1, 2, AnswerCode.invalid, 2, 1])
        let one = try #require(table.row(of: "1"))
        let five = try #require(table.row(of: "5"))
        #expect(table.waveLabels[Int(table.waves[one])] == "2025" && table.waveLabels[Int(table.waves[five])] == "2026", "wave-from submitdate")
        let three = try #require(table.row(of: "3"))
        #expect(table.groups[one] == 0 && table.groups[three] == 1)
        #expect(table.segmentValues[0] == ["A1", "A2"])
        #expect(result.rejects.map { "\($0.line) \($0.reason)" } == ["30 unfinished", "32 unknown-group"])
        #expect(result.rejects[1].detail == "group \"X\" is not declared; expected one of learner, staff")
        #expect(result.rejects[1].raw.hasPrefix("<row><id>4</id><submitdate>2025-03-04 08:00:00</submitdate>"))
        #expect(result.diagnostics.map(\.description) == [
            "\(path):33:300: warning: invalid answer \"AO07\" for item T1; expected 1..5 or a missing code (AO99); counted as missing (invalid)",
            "\(path):33:507: warning: invalid answer \"11\" for item REC; expected 0..10; counted as missing (invalid)",
        ])
    }

    @Test func rawRowsByLine() throws {
        let path = try XMLFixture.path("\(Self.folder)/survey_123456_responses.lsr")
        let raw = try LimeSurveyResponseReader.rawRecords(path: path, lines: [31])
        #expect(raw[31]?.hasPrefix("<row><id>3</id>") == true)
    }

    @Test func detection() throws {
        let lsr = try InputFile.prefix(try XMLFixture.path("\(Self.folder)/survey_123456_responses.lsr"), bytes: 65536)
        let lss = try InputFile.prefix(try XMLFixture.path("\(Self.folder)/survey_123456.lss"), bytes: 65536)
        #expect(LimeSurveyXMLFormat().detect(prefix: lsr, path: "x.lsr"))
        #expect(!GenericXMLFormat().detect(prefix: lsr, path: "x.lsr"))
        #expect(!LimeSurveyXMLFormat().detect(prefix: lss, path: "x.lss"))
    }

    @Test func aStructureOfAnotherSurveyIsRefused() throws {
        let other = try String(contentsOfFile: try XMLFixture.path("\(Self.folder)/survey_123456.lss"), encoding: .utf8)
            .replacingOccurrences(of: "<sid><![CDATA[123456]]></sid>", with: "<sid><![CDATA[654321]]></sid>")
        let structurePath = try XMLFixture.temporary(other, name: "survey_654321.lss")
        let path = try XMLFixture.path("\(Self.folder)/survey_123456_responses.lsr")
        let error = XMLFixture.error {
            _ = try LimeSurveyResponseReader.read(
                path: path, structurePath: structurePath, inputIndex: 0,
                instrument: try XMLFixture.instrument("\(Self.folder)/instrument.yaml"), options: ReadOptions())
        }
        #expect(error?.description == "\(path):10:3: error: response column \"123456X7X10SQ001\" belongs to survey 123456, but \(structurePath) is the structure of survey 654321; give the .lss of the same survey with --structure")
        #expect(error?.exitCode == 65)
    }

    @Test func aMissingItemColumnIsAnError() throws {
        let instrument = try XMLFixture.instrument("\(Self.folder)/instrument.yaml")
        var renamed = instrument
        renamed.columns.items["T1"] = "SAT[SQ009]"
        let path = try XMLFixture.path("\(Self.folder)/survey_123456_responses.lsr")
        let error = XMLFixture.error {
            _ = try LimeSurveyResponseReader.read(
                path: path, structurePath: try XMLFixture.path("\(Self.folder)/survey_123456.lss"), inputIndex: 0,
                instrument: renamed, options: ReadOptions())
        }
        #expect(error?.description == "\(path):10:3: error: missing item column \"SAT[SQ009]\"; the responses have \"id, submitdate, lastpage, startlanguage,…\"")
    }

    @Test func aStructureGivenAsResponsesIsNamed() throws {
        let path = try XMLFixture.path("\(Self.folder)/survey_123456.lss")
        let error = XMLFixture.error {
            _ = try LimeSurveyResponseReader.read(
                path: path, structurePath: path, inputIndex: 0,
                instrument: try XMLFixture.instrument("\(Self.folder)/instrument.yaml"), options: ReadOptions())
        }
        #expect(error?.description == "\(path):3:2: error: <LimeSurveyDocType>Survey</LimeSurveyDocType>; expected Responses (LimeSurvey responses (.lsr)); a survey structure is given with --structure")
    }
}
