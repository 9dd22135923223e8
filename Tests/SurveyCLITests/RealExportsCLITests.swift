import Foundation
import SurveyTestSupport
import Testing

/// Every real CSV export in `Tests/SurveyIngestTests/Fixtures/real` (copies of
/// `shared/samples/real`) is detected as its format, drafts an instrument that `validate` accepts
/// and `analyze` runs on as it is, and gives per-item counts equal to those pandas computes
/// (`make_expected_counts.py`); CRLF, LF and a spreadsheet-mangled copy give the same report.
@Suite struct RealExportsCLITests {
    static let directory = ProcessRunner.packageRoot.appendingPathComponent("Tests/SurveyIngestTests/Fixtures/real")

    /// Each sample and the format it is, by what the file is (its source), not by detection.
    static let samples: [(String, String)] = [
        ("limesurvey_accent-recognition_results.csv", "limesurvey-csv"),
        ("qualtrics_QualtricsTools_Multiple_Answer_MC_Questions_Insights.csv", "qualtrics-csv"),
        ("qualtrics_QualtricsTools_No_Basis_for_Evaluation_Insights.csv", "qualtrics-csv"),
        ("qualtrics_QualtricsTools_Sample_Survey_Insights.csv", "qualtrics-csv"),
        ("qualtrics_QualtricsTools_Single_Answer_Matrix_Questions_Insights.csv", "qualtrics-csv"),
        ("qualtrics_qualtRics_sample.csv", "qualtrics-csv"),
        ("qualtrics_qualtRics_sample_legacy.csv", "qualtrics-csv"),
        ("triples_sss-pkg_sample-2.csv", "csv"),
    ]

    static func path(_ name: String) -> String { "Tests/SurveyIngestTests/Fixtures/real/" + name }
    static func draft(_ sample: String) -> String { path("drafts/" + sample.replacingOccurrences(of: ".csv", with: ".yaml")) }

    @Test func everyCSVSampleIsCovered() throws {
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".csv") }
        #expect(present.sorted() == Self.samples.map(\.0).sorted())
    }

    @Test(arguments: samples) func detectedAsItsFormat(sample: String, format: String) throws {
        let result = try ProcessRunner.run(["inspect", Self.path(sample)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").contains("format: \(format) (detected)"), "\(result.stdout.prefix(300))")
        let expected = try Self.expected(sample)
        #expect(expected["format"] as? String == format, "pandas' reading of SPEC §3 agrees")
    }

    @Test(arguments: samples) func draftIsTheGoldenAndRunsAsIs(sample: String, format: String) throws {
        let drafted = try ProcessRunner.run(["inspect", "--draft-instrument", Self.path(sample)])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        assertGolden(drafted.stdout, file: sample.replacingOccurrences(of: ".csv", with: ".yaml"), directory: Self.directory.appendingPathComponent("drafts"))
        let validated = try ProcessRunner.run(["validate", "--instrument", Self.draft(sample)])
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.hasPrefix("\(Self.draft(sample)): ok — instrument "))
        let analysed = try ProcessRunner.run(["analyze", "--instrument", Self.draft(sample), Self.path(sample)])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        #expect(!analysed.stdout.isEmpty)
    }

    @Test(arguments: samples) func countsEqualPandas(sample: String, format: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let report = try Self.report(sample: Self.path(sample), dir: dir)
        let expected = try Self.expected(sample)
        let input = try #require((report["inputs"] as? [[String: Any]])?.first)
        let rows = try #require(input["rows"] as? [String: Int])
        #expect(input["format"] as? String == format)
        #expect(rows["read"] == expected["read"] as? Int && rows["accepted"] == expected["accepted"] as? Int)
        #expect(rows["rejected"] == expected["rejected"] as? Int)
        #expect(report["waves"] as? [String] == expected["waves"] as? [String])
        let items = try #require(expected["items"] as? [String: [String: [String: Any]]])
        var compared = 0
        for cell in try #require(report["cells"] as? [[String: Any]]) where cell["segment"] is NSNull && cell["group"] as? String == "respondents" {
            let wave = try #require(cell["wave"] as? String)
            for item in try #require(cell["items"] as? [[String: Any]]) {
                let id = try #require(item["id"] as? String)
                let want = try #require(items[wave]?[id], "no expected counts for \(id) in \(wave)")
                if item["suppressed"] is String {
                    #expect(want["n"] as? Int == 0, "\(id) suppressed although pandas counts \(want["n"] ?? "?")")
                    continue
                }
                #expect(item["n"] as? Int == want["n"] as? Int, "\(id) n")
                #expect(item["distribution"] as? [String: Int] == want["distribution"] as? [String: Int], "\(id) distribution")
                #expect(item["missing"] as? [String: Int] == want["missing"] as? [String: Int], "\(id) missing")
                compared += 1
            }
        }
        #expect(compared > 0 && compared == items.values.map(\.count).reduce(0, +))
    }

    @Test(arguments: samples) func crlfAndLFGiveTheSameReport(sample: String, format: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(sample)))
        let lf = Self.lineEnds(bytes, crlf: false)
        let crlf = Self.lineEnds(bytes, crlf: true)
        #expect(lf != crlf)
        let a = try Self.report(sample: dir.write("lf-" + sample, bytes: lf), dir: dir)
        let b = try Self.report(sample: dir.write("crlf-" + sample, bytes: crlf), dir: dir)
        #expect(try Self.comparable(a) == Self.comparable(b))
    }

    @Test(arguments: samples) func spreadsheetMangledCopyGivesTheSameReport(sample: String, format: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = String(decoding: try Data(contentsOf: Self.directory.appendingPathComponent(sample)), as: UTF8.self)
        let mangled = try #require(SpreadsheetCopy.mangle(text), "every character fits Windows-1252")
        #expect(mangled.starts(with: Array("sep=;\r\n".utf8)))
        let original = try Self.report(sample: Self.path(sample), dir: dir)
        let copy = try Self.report(sample: dir.write("mangled-" + sample, bytes: mangled), dir: dir)
        #expect(try Self.comparable(original) == Self.comparable(copy))
    }

    /// Learners from Qualtrics and staff from LimeSurvey in one run, through the README's
    /// `columns.overrides` example.
    @Test func readmeOverridesReadTwoToolsInOneRun() throws {
        let readme = try String(contentsOf: ProcessRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Several exports in one run"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try dir.write("school.yaml", """
            instrument: school
            title: School
            groups:
              learner: { title: Learners, role: learner }
              staff: { title: Staff, role: staff }
            scales:
              agree5: { values: 1..5, missing: { "-1": No basis for evaluation } }
            items:
              - { id: T1, text: Teaching, scale: agree5 }
              - { id: T2, text: Feedback, scale: agree5 }
              - { id: W1, text: Workplace, scale: agree5, groups: [staff] }
            reporting: { minimum-n: 1 }

            """ + readme[start.upperBound..<end.lowerBound])
        let learners = try dir.write("learners.csv", """
            RecordedDate,Status,Finished,ResponseId,Q1_1,Q1_2,Q9
            Erfassungsdatum,Antworttyp,Beendet,Antwort-ID,Unterricht,Rückmeldung,Standort
            "{""ImportId"":""recordedDate""}","{""ImportId"":""status""}","{""ImportId"":""finished""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1_1""}","{""ImportId"":""QID1_2""}","{""ImportId"":""QID9""}"
            2025-10-01 09:00:00,0,1,R_1,4,5,North
            2025-10-01 09:05:00,1,1,R_2,1,1,North
            2025-10-02 09:00:00,0,1,R_3,-1,4,South

            """)
        let staff = try dir.write("staff-2025.csv", "\u{FEFF}\"id\";\"submitdate\";\"lastpage\";\"startlanguage\";\"T[SQ001]\";\"T[SQ002]\";\"W[SQ001]\"\r\n\"1\";\"2025-11-03 10:00:00\";\"2\";\"en\";\"3\";\"\";\"2\"\r\n\r\n")
        let result = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", learners, staff])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["format"] as? String } == ["qualtrics-csv", "limesurvey-csv"])
        #expect(inputs.map { ($0["rows"] as? [String: Int])?["rejected"] } == [1, 0], "the preview is left out")
        #expect(report["waves"] as? [String] == ["2025/26"])
        let cells = try #require(report["cells"] as? [[String: Any]]).filter { $0["segment"] is NSNull }
        #expect(cells.map { "\($0["group"]!):\($0["respondents"]!)" } == ["learner:2", "staff:1", "all:3"])
    }

    // MARK: - Helpers

    static func expected(_ sample: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected-counts.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require((json["samples"] as? [String: Any])?[sample] as? [String: Any])
    }

    /// `analyze --format json` through the sample's draft, with `minimum-n: 1` so that the small
    /// samples show their counts.
    static func report(sample input: String, dir: TemporaryDirectory) throws -> [String: Any] {
        let name = URL(fileURLWithPath: input).lastPathComponent
        let sample = samples.map(\.0).first { name.hasSuffix($0) } ?? name
        let yaml = try String(contentsOfFile: directory.appendingPathComponent("drafts/" + sample.replacingOccurrences(of: ".csv", with: ".yaml")).path, encoding: .utf8)
        let instrument = try dir.write("instrument.yaml", yaml.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let result = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The report without what differs between copies of one file: path, hash and encoding.
    static func comparable(_ report: [String: Any]) throws -> String {
        var report = report
        report["inputs"] = (report["inputs"] as? [[String: Any]])?.map { input in
            input.filter { !["path", "sha256", "encoding"].contains($0.key) }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Every line break as LF, or as CRLF.
    static func lineEnds(_ bytes: [UInt8], crlf: Bool) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D || bytes[i] == 0x0A {
                if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                out += crlf ? [0x0D, 0x0A] : [0x0A]
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        return out
    }
}
