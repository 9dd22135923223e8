import Foundation
import SurveyTestSupport
import Testing

/// Hostile XML inputs for the three XML readers (generic XML, LimeSurvey `.lsr` with its `.lss`,
/// Triple-S `.sss` with its data): entity bombs and external entities, DTDs, broken and
/// truncated documents, elements nested 100,000 deep, a start tag of 200,000 attributes, a text
/// node of 11 MB, bytes that are not UTF-8, and a data file that is a device.
@Suite struct HostileXMLTests {
    static let T = HostileText.self
    static let fixtures = ProcessRunner.packageRoot.appendingPathComponent("Tests/SurveyIngestTests/Fixtures")
    static func fixture(_ path: String) -> String {
        (try? String(contentsOf: fixtures.appendingPathComponent(path), encoding: .isoLatin1)) ?? ""
    }
    static func bytes(_ path: String) -> [UInt8] {
        (try? Array(Data(contentsOf: fixtures.appendingPathComponent(path)))) ?? []
    }
    static let xmlMini = fixtures.appendingPathComponent("xml/mini.yaml").path
    static func generic(_ name: String, _ file: [UInt8], _ outcome: HostileCase.Outcome, format: [String] = []) -> HostileCase {
        HostileCase(name, files: ["data.xml": file], ["analyze", "--instrument", xmlMini] + format + ["--output", "out", "data.xml"], outcome)
    }
    static func hostile(_ name: String) -> [UInt8] { bytes("xml/hostile/\(name)") }

    static let genericCases: [HostileCase] = [
        generic("a billion laughs", hostile("billion-laughs.xml"),
                .refused(65, "data.xml:16:34: error: entities expand without bound (libxml2: Detected an entity reference loop); entity expansion is refused")),
        generic("an external entity naming a local file", hostile("external-entity.xml"),
                .refused(65, "data.xml:3:3: error: the DOCTYPE declares entity \"secret\"; entity declarations are refused in generic XML (they could read other files or expand without bound)")),
        generic("an external parameter entity", hostile("external-parameter-entity.xml"),
                .refused(65, "data.xml:3:3: error: the DOCTYPE declares entity \"secret\"; entity declarations are refused in generic XML (they could read other files or expand without bound)")),
        generic("an external DTD", hostile("external-dtd.xml"),
                .refused(65, "data.xml:2:1: error: the DOCTYPE names an external DTD \"http://attacker.example/responses.dtd\"; generic XML takes no DTD, and none is ever loaded")),
        generic("tags that do not match", hostile("broken.xml"),
                .refused(65, "data.xml:5:33: error: not well-formed XML: Opening and ending tag mismatch: answer line 5 and anwser")),
        generic("a document cut inside a tag", hostile("truncated.xml"),
                .refused(65, "data.xml:7:29: error: unexpected end of file: the XML document is truncated (libxml2: expected '>')")),
        generic("a root never closed", hostile("unclosed-root.xml"),
                .refused(65, "data.xml:5:14: error: unexpected end of file: an element is still open, so the XML document is truncated")),
        generic("the wrong root element", hostile("wrong-root.xml"),
                .refused(65, "data.xml:3:1: error: root element <survey> is not <responses>; expected a generic XML export (SPEC §3)")),
        generic("another instrument's responses", hostile("other-instrument.xml"),
                .refused(65, "data.xml:2:1: error: <responses instrument=\"staff-climate\"> names another instrument; expected \"mini\", the instrument given with --instrument")),
        generic("elements nested 100,000 deep", Array(("<responses>" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</responses>\n").utf8),
                .refused(65, "data.xml:1:782: error: elements nested more than 256 deep; refused (no survey export nests so deep, and the reader's memory stays bounded)")),
        generic("a start tag of 200,000 attributes (quadratic in libxml2)", Array(("<responses><response id=\"R1\" group=\"learner\" wave=\"2025\" " + (0..<200_000).map { "a\($0)=\"1\"" }.joined(separator: " ") + "/></responses>\n").utf8),
                .refused(65, "data.xml:1:12: error: an element with more than 1000 attributes; refused (no survey export has so many, and checking them would take hours)")),
        generic("a text node of 11 MB", Array(("<responses><response id=\"R1\" group=\"learner\" wave=\"2025\"><comment item=\"C1\">" + T.run("x", 11_000_000) + "</comment></response></responses>\n").utf8),
                .refused(65, "data.xml:1:10000389: error: a text node longer than 10000000 bytes; refused (no survey export holds one, and memory stays bounded)")),
        generic("bytes that are not UTF-8", Array("<responses>\n<response id=\"R".utf8) + [0xE4] + Array("\" group=\"learner\" wave=\"2025\"><answer item=\"Q1\">4</answer></response>\n</responses>\n".utf8),
                .refused(65, "data.xml:2:16: error: not well-formed XML: Input is not proper UTF-8, indicate encoding ! Bytes: 0xE4 0x22 0x20 0x67")),
        generic("a CSV read as XML", Array("respondent,group\nR1,learner\n".utf8),
                .refused(65, "data.xml:1:1: error: not an XML document: the file starts with \"respondent,group\", not an element; expected an XML document (generic XML)"),
                format: ["--input-format", "xml"]),
        generic("broken responses are rejected with their XML", bytes("xml/generic/responses.xml"), .read(read: 8, accepted: 4, rejected: 4, rejects: [
            T.reject("data.xml", 18, "no-respondent", "empty respondent id", "<response group=\"learner\"><answer item=\"Q1\">3</answer></response>"),
            T.reject("data.xml", 21, "unknown-group", "group \"visitor\" is not declared; expected one of learner, staff", "<response id=\"R5\" group=\"visitor\"><answer item=\"Q1\">3</answer></response>"),
            T.reject("data.xml", 24, "unknown-wave", "wave \"1999\" is not among the instrument's waves (2025, 2026)", "<response id=\"R6\" group=\"learner\" wave=\"1999\"><answer item=\"Q1\">3</answer></response>"),
            T.reject("data.xml", 27, "duplicate-answer", "item Q1 is answered more than once; expected one <answer> per item", "<response id=\"R7\" group=\"learner\"><answer item=\"Q1\">4</answer><answer item=\"Q1\">5</answer></response>"),
        ])),
        HostileCase("a device read as XML", files: [String: String](), ["analyze", "--instrument", xmlMini, "--input-format", "xml", "--output", "out", "/dev/zero"],
                    .refused(66, "/dev/zero: error: cannot read input: it is a device, not a file")),
    ]

    @Test(arguments: genericCases) func genericXML(_ hostile: HostileCase) throws { try hostile.check() }

    static let limeInstrument = fixtures.appendingPathComponent("xml/limesurvey/instrument.yaml").path
    static let lsr = bytes("xml/limesurvey/survey_123456_responses.lsr")

    static let limeSurveyCases: [HostileCase] = [
        HostileCase("limesurvey-xml: responses without their structure", files: ["r.lsr": lsr],
                    ["analyze", "--instrument", limeInstrument, "--output", "out", "r.lsr"],
                    .refused(64, "r.lsr: error: a LimeSurvey .lsr needs its survey structure: give the .lss with --structure (looked for \"r.lss\")")),
        HostileCase("limesurvey-xml: the structure of another survey",
                    files: ["r.lsr": lsr, "other.lss": bytes("xml/limesurvey/limesurvey_structure-imex_survey-one-question-two-languages.lss")],
                    ["analyze", "--instrument", limeInstrument, "--structure", "other.lss", "--output", "out", "r.lsr"],
                    .refused(65, "r.lsr:10:3: error: response column \"123456X7X10SQ001\" belongs to survey 123456, but other.lss is the structure of survey 435933; give the .lss of the same survey with --structure")),
        HostileCase("limesurvey-xml: a structure cut short",
                    files: ["r.lsr": lsr, "s.lss": Array(bytes("xml/limesurvey/survey_123456.lss").prefix(3000))],
                    ["analyze", "--instrument", limeInstrument, "--structure", "s.lss", "--output", "out", "r.lsr"],
                    .refused(65, "s.lss:32:4: error: unexpected end of file: an element is still open, so the XML document is truncated")),
        HostileCase("limesurvey-xml: responses nested 100,000 deep",
                    files: ["r.lsr": Array(("<document><LimeSurveyDocType>Responses</LimeSurveyDocType>" + String(repeating: "<rows>", count: 100_000) + "\n").utf8), "s.lss": bytes("xml/limesurvey/survey_123456.lss")],
                    ["analyze", "--instrument", limeInstrument, "--structure", "s.lss", "--output", "out", "r.lsr"],
                    .refused(65, "r.lsr:1:1600: error: elements nested more than 256 deep; refused (no survey export nests so deep, and the reader's memory stays bounded)")),
    ]

    @Test(arguments: limeSurveyCases) func limeSurveyXML(_ hostile: HostileCase) throws { try hostile.check() }

    static let tripleSInstrument = fixtures.appendingPathComponent("triple-s/sample-1.yaml").path
    static let sss = fixture("triple-s/triples_sss-pkg_sample-1.sss")
    static let asc = fixture("triple-s/triples_sss-pkg_sample-1.asc")

    static func tripleS(_ name: String, sss: String, data: String?, _ outcome: HostileCase.Outcome) -> HostileCase {
        var files = ["s.sss": Array(sss.utf8)]
        if let data { files["s.asc"] = Array(data.utf8) }
        return HostileCase(name, files: files, ["analyze", "--instrument", tripleSInstrument, "--output", "out", "s.sss"], outcome)
    }

    static let tripleSCases: [HostileCase] = [
        tripleS("triple-s: no case data file", sss: sss, data: nil,
                .refused(66, "s.sss: error: cannot find the case data file; looked for \"s.asc\", \"s.dat\", \"s.txt\", \"s.csv\"")),
        tripleS("triple-s: case data that is a device", sss: sss.replacingOccurrences(of: "<record ", with: "<record href=\"/dev/zero\" "), data: asc,
                .refused(66, "/dev/zero: error: cannot read case data file: it is a device, not a file")),
        tripleS("triple-s: metadata cut short", sss: String(sss.prefix(1500)), data: asc,
                .refused(65, "s.sss:85:9: error: unexpected end of file: an element is still open, so the XML document is truncated")),
        tripleS("triple-s: metadata nested 100,000 deep", sss: "<sss version=\"2.0\">" + String(repeating: "<survey>", count: 100_000) + "\n", data: asc,
                .refused(65, "s.sss:1:2075: error: elements nested more than 256 deep; refused (no survey export nests so deep, and the reader's memory stays bounded)")),
    ]

    @Test(arguments: tripleSCases) func tripleS(_ hostile: HostileCase) throws { try hostile.check() }
}
