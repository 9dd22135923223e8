import Foundation
import SurveyTestSupport
import Testing

/// The XML formats end to end: the generic XML twin of a CSV, hostile XML, LimeSurvey `.lsr` with
/// `--structure`, and Triple-S, through the built `surveykpi` binary.
@Suite struct XMLCLITests {
    static let xmlFixtures = "Tests/SurveyIngestTests/Fixtures/xml"
    static let mini = "\(xmlFixtures)/mini.yaml"
    static func hostile(_ name: String) -> String { "\(xmlFixtures)/hostile/\(name)" }

    /// report.json without its `inputs` block (paths, formats and hashes differ between twins).
    static func reportWithoutInputs(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !skipping && line.hasPrefix("  \"inputs\" : [") {
                skipping = true
                continue
            }
            if skipping {
                if line == "  ]," || line == "  ]" { skipping = false }
                continue
            }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    // MARK: The generic XML twin of a CSV

    @Test(arguments: [false, true])
    func csvAndItsXMLTwinGiveTheSameReport(defects: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var generate = ["generate", "--instrument", "Surveys/stakeholder-survey.yaml", "--respondents", "1500", "--waves", "3", "--seed", "2026"]
        if defects { generate.append("--defects") }
        let csv = try ProcessRunner.run(generate + ["--output", dir.path("twin.csv")])
        let xml = try ProcessRunner.run(generate + ["--format", "xml", "--output", dir.path("twin.xml")])
        #expect(csv.status == 0 && xml.status == 0, "\(csv.stderr)\(xml.stderr)")
        let xmlText = try String(contentsOfFile: dir.path("twin.xml"), encoding: .utf8)
        #expect(xmlText.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responses instrument=\"stakeholder-survey\">\n  <response id=\"R000001\""))

        let fromCSV = try ProcessRunner.run(["analyze", "--instrument", "Surveys/stakeholder-survey.yaml", "--output", dir.path("csv"), dir.path("twin.csv")])
        let fromXML = try ProcessRunner.run(["analyze", "--instrument", "Surveys/stakeholder-survey.yaml", "--output", dir.path("xml"), dir.path("twin.xml")])
        #expect(fromCSV.status == 0 && fromXML.status == 0, "\(fromCSV.stderr)\(fromXML.stderr)")
        let a = try Self.reportWithoutInputs(dir.path("csv/report.json"))
        let b = try Self.reportWithoutInputs(dir.path("xml/report.json"))
        #expect(a.count > 10_000)
        #expect(a == b, "the XML twin must give a byte-identical report apart from the inputs block")

        let inputs = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("xml/report.json")))) as? [String: Any])["inputs"] as? [[String: Any]]
        let csvInputs = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("csv/report.json")))) as? [String: Any])["inputs"] as? [[String: Any]]
        #expect(inputs?.first?["format"] as? String == "xml")
        #expect(csvInputs?.first?["format"] as? String == "csv")
        #expect(inputs?.first?["rows"] as? [String: Int] == csvInputs?.first?["rows"] as? [String: Int])
        if defects {
            let rows = try #require(inputs?.first?["rows"] as? [String: Int])
            #expect(rows["rejected"]! > 0 && rows["read"] == rows["accepted"]! + rows["rejected"]!)
            let csvRejects = try String(contentsOfFile: dir.path("csv/rejects.csv"), encoding: .utf8)
            let xmlRejects = try String(contentsOfFile: dir.path("xml/rejects.csv"), encoding: .utf8)
            #expect(csvRejects.components(separatedBy: ",duplicate,").count == xmlRejects.components(separatedBy: ",duplicate,").count)
            #expect(xmlRejects.contains(",unknown-group,\"group \"\"visitor\"\" is not declared"))
        }
    }

    @Test func generatedXMLIsDeterministic() throws {
        let args = ["generate", "--instrument", "Surveys/stakeholder-survey.yaml", "--respondents", "40", "--seed", "7", "--format", "xml"]
        let first = try ProcessRunner.run(args)
        let second = try ProcessRunner.run(args)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.hasSuffix("  </response>\n</responses>\n"))
        let bad = try ProcessRunner.run(["generate", "--instrument", "Surveys/stakeholder-survey.yaml", "--respondents", "4", "--format", "yaml"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--format takes csv or xml."))
    }

    // MARK: Hostile XML

    /// Refused with the exact message and exit code; nothing written; the file an entity names
    /// never appears.
    @Test(arguments: [
        ("external-entity.xml", 65, "external-entity.xml:3:3: error: the DOCTYPE declares entity \"secret\"; entity declarations are refused in generic XML (they could read other files or expand without bound)"),
        ("external-parameter-entity.xml", 65, "external-parameter-entity.xml:3:3: error: the DOCTYPE declares entity \"secret\"; entity declarations are refused in generic XML (they could read other files or expand without bound)"),
        ("billion-laughs.xml", 65, "billion-laughs.xml:16:34: error: entities expand without bound (libxml2: Detected an entity reference loop); entity expansion is refused"),
        ("external-dtd.xml", 65, "external-dtd.xml:2:1: error: the DOCTYPE names an external DTD \"http://attacker.example/responses.dtd\"; generic XML takes no DTD, and none is ever loaded"),
        ("broken.xml", 65, "broken.xml:5:33: error: not well-formed XML: Opening and ending tag mismatch: answer line 5 and anwser"),
        ("wrong-root.xml", 65, "wrong-root.xml:3:1: error: root element <survey> is not <responses>; expected a generic XML export (SPEC §3)"),
        ("truncated.xml", 65, "truncated.xml:7:29: error: unexpected end of file: the XML document is truncated (libxml2: expected '>')"),
        ("unclosed-root.xml", 65, "unclosed-root.xml:5:14: error: unexpected end of file: an element is still open, so the XML document is truncated"),
        ("empty.xml", 65, "empty.xml:1:1: error: empty file: no root element; expected an XML document (generic XML)"),
        ("other-instrument.xml", 65, "other-instrument.xml:2:1: error: <responses instrument=\"staff-climate\"> names another instrument; expected \"mini\", the instrument given with --instrument"),
        ("missing.xml", 66, "missing.xml: error: cannot open input: No such file or directory"),
    ])
    func hostileXMLIsRefused(name: String, status: Int32, message: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let started = Date()
        let result = try ProcessRunner.run([
            "analyze", "--instrument", Self.mini, "--input-format", "xml", "--output", dir.path("out"), Self.hostile(name),
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr == "\(Self.xmlFixtures)/hostile/\(message)\n", "libxml2 prints nothing itself; stderr was: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(dir.contents() == [], "a refused input writes no output")
        #expect(!result.stderr.contains("TOP-SECRET") && !result.stdout.contains("TOP-SECRET"))
        #expect(elapsed < 2, "refused in \(elapsed) s")
    }

    /// XInclude is never processed: the include is an unknown element, and the file it names is
    /// never read.
    @Test func xincludeIsNotProcessed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try ProcessRunner.run(["analyze", "--instrument", Self.mini, "--output", dir.path("out"), Self.hostile("xinclude.xml")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("\(Self.xmlFixtures)/hostile/xinclude.xml:3:3: warning: unexpected element <xi:include> in <responses>; expected <response>; ignored\n"))
        for file in ["report.json", "dashboard.txt", "rejects.csv"] {
            let text = try String(contentsOfFile: dir.path("out/\(file)"), encoding: .utf8)
            #expect(!text.contains("TOP-SECRET"))
        }
    }

    /// A text node or attribute beyond libxml2's 10 MB limit: a clear error, bounded memory.
    @Test(arguments: ["text", "attribute"])
    func hugeValuesAreRefusedWithBoundedMemory(kind: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let huge = String(repeating: "4", count: 24_000_000)
        let document = kind == "text"
            ? "<responses wave=\"2025\"><response id=\"R1\" group=\"learner\"><answer item=\"Q1\">\(huge)</answer></response></responses>\n"
            : "<responses wave=\"2025\"><response id=\"\(huge)\" group=\"learner\"><answer item=\"Q1\">4</answer></response></responses>\n"
        let path = try dir.write("huge.xml", document)
        let out = dir.path("out")
        let expected = kind == "text"
            ? "\(path):1:10000389: error: a text node longer than 10000000 bytes; refused (no survey export holds one, and memory stays bounded)"
            : "\(path):1:24: error: a name or attribute value longer than 10000000 bytes; refused (no survey export holds one, and memory stays bounded)"
        let time = URL(fileURLWithPath: "/usr/bin/time")
        guard FileManager.default.isExecutableFile(atPath: time.path) else {
            let result = try ProcessRunner.run(["analyze", "--instrument", Self.mini, "--output", out, path])
            #expect(result.status == 65)
            #expect(result.stderr == expected + "\n")
            return
        }
        let process = Process()
        process.executableURL = time
        process.arguments = ["-f", "peak-rss-kb %M", ProcessRunner.executable.path, "analyze", "--instrument", Self.mini, "--output", out, path]
        process.currentDirectoryURL = ProcessRunner.packageRoot
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 65, "\(stderr)")
        let lines = stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == expected)
        let rss = lines.last.flatMap { $0.hasPrefix("peak-rss-kb ") ? Int($0.dropFirst(12)) : nil }
        #expect((rss ?? .max) < 100_000, "peak RSS \(rss ?? -1) KB on a 24 MB value")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    // MARK: LimeSurvey XML

    static let lime = "\(xmlFixtures)/limesurvey"

    /// Both `.lss` layouts give the same report; the default structure is the `survey_<sid>.lss`
    /// beside the responses.
    @Test func limeSurveyResponsesWithEitherStructureLayout() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let base = ["analyze", "--instrument", "\(Self.lime)/instrument.yaml", "--format", "json"]
        let beside = try ProcessRunner.run(base + ["\(Self.lime)/survey_123456_responses.lsr"])
        let old = try ProcessRunner.run(base + ["--structure", "\(Self.lime)/survey_123456_ls3.lss", "\(Self.lime)/survey_123456_responses.lsr"])
        #expect(beside.status == 0 && old.status == 0, "\(beside.stderr)\(old.stderr)")
        #expect(beside.stdout == old.stdout)
        #expect(beside.stdout.contains("\"format\" : \"limesurvey-xml\""))
        #expect(beside.stderr.contains("\(Self.lime)/survey_123456_responses.lsr:33:300: warning: invalid answer \"AO07\" for item T1; expected 1..5 or a missing code (AO99); counted as missing (invalid)"))
        #expect(beside.stderr.contains("note: 2 records were rejected"))
    }

    @Test func limeSurveyResponsesWithoutTheirStructure() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let lsr = dir.path("export.lsr")
        try FileManager.default.copyItem(atPath: ProcessRunner.packageRoot.appendingPathComponent("\(Self.lime)/survey_123456_responses.lsr").path, toPath: lsr)
        let result = try ProcessRunner.run(["analyze", "--instrument", "\(Self.lime)/instrument.yaml", lsr])
        #expect(result.status == 64)
        #expect(result.stderr == "\(lsr): error: a LimeSurvey .lsr needs its survey structure: give the .lss with --structure (looked for \"\(dir.path("export.lss"))\")\n")
    }

    // MARK: Triple-S

    @Test func tripleSWithAnAbsoluteWindowsHref() throws {
        let triple = "Tests/SurveyIngestTests/Fixtures/triple-s"
        let result = try ProcessRunner.run(["analyze", "--instrument", "\(triple)/sample-4.yaml", "--format", "json", "\(triple)/triples_sss-pkg_sample-4.sss"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"format\" : \"triple-s\""))
        #expect(result.stdout.contains("\"encoding\" : \"utf-16\""))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require((report["inputs"] as? [[String: Any]])?.first?["rows"] as? [String: Int])
        #expect(rows == ["read": 10, "accepted": 10, "rejected": 0])
    }
}
