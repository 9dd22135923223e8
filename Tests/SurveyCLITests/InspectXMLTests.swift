import Foundation
import SurveyTestSupport
import Testing

/// `inspect` recognises and names the XML formats (issue 3 item 6).
@Suite struct InspectXMLTests {
    static let fixtures = "Tests/SurveyIngestTests/Fixtures"

    @Test(arguments: [
        ("xml/generic/responses.xml", "xml"),
        ("xml/limesurvey/survey_123456_responses.lsr", "limesurvey-xml"),
        ("triple-s/triples_sss-pkg_sample-1.sss", "triple-s"),
        ("triple-s/triples_sss-pkg_sample-4.sss", "triple-s"),
    ])
    func namesTheFormat(file: String, format: String) throws {
        let result = try ProcessRunner.run(["inspect", "\(Self.fixtures)/\(file)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("format: \(format) (detected)"), "\(result.stdout)")
        #expect(result.stdout.contains("records: "))
    }

    @Test func tripleSFieldsShowTheirValues() throws {
        let result = try ProcessRunner.run(["inspect", "\(Self.fixtures)/triple-s/triples_sss-pkg_sample-1.sss"])
        #expect(result.stdout.contains("encoding: iso-8859-1"))
        #expect(result.stdout.contains("records: 3"))
        #expect(result.stdout.contains("  Q5 — \"Miles travelled\": \"12\" (1), \"58\" (1), \"999\" (1)"))
    }

    @Test func draftingAnXMLInputIsAUsageError() throws {
        let result = try ProcessRunner.run(["inspect", "--draft-instrument", "\(Self.fixtures)/xml/generic/responses.xml"])
        #expect(result.status == 64)
        #expect(result.stderr == "\(Self.fixtures)/xml/generic/responses.xml: error: --draft-instrument drafts from CSV exports; xml input is described but not drafted\n")
    }

    /// The wrong XML file, or an empty one, gets a message about XML that says what to give.
    @Test func aStructureFileOrAnEmptyXMLFileIsNamedForWhatItIs() throws {
        let lss = "\(Self.fixtures)/xml/limesurvey/survey_123456.lss"
        let structure = try ProcessRunner.run(["inspect", lss])
        #expect(structure.status == 65)
        #expect(structure.stderr == "\(lss): error: this is a LimeSurvey survey structure (.lss), which holds no responses; give the responses export (.lsr) as the input and this file with --structure\n")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let empty = try dir.write("empty.xml", "")
        let result = try ProcessRunner.run(["analyze", "--instrument", "Surveys/stakeholder-survey.yaml", empty])
        #expect(result.status == 65)
        #expect(result.stderr == "\(empty):1:1: error: empty file; expected an XML document (a generic XML export, a LimeSurvey .lsr or Triple-S metadata)\n")
    }

    /// `validate` takes `--structure` as `analyze` does, so a LimeSurvey .lsr is checked with
    /// its .lss (a structure that cannot be read is exit 66, as in `analyze`).
    @Test func validateReadsALimeSurveyExportWithItsStructure() throws {
        let folder = "\(Self.fixtures)/xml/limesurvey"
        let result = try ProcessRunner.run(["validate", "--instrument", "\(folder)/instrument.yaml", "--structure", "\(folder)/survey_123456.lss", "\(folder)/survey_123456_responses.lsr"])
        #expect(result.status == 65, "the fixture holds deliberate defects: \(result.stderr)")
        #expect(result.stdout.contains("survey_123456_responses.lsr: limesurvey-xml, utf-8; read 5 = accepted 3 + rejected 2; 2 invalid answers"))
        let missing = try ProcessRunner.run(["validate", "--instrument", "\(folder)/instrument.yaml", "--structure", "\(folder)/no-such.lss", "\(folder)/survey_123456_responses.lsr"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "\(folder)/no-such.lss: error: cannot open input: No such file or directory\n")
    }
}
