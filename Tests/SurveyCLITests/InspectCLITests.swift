import Foundation
import SurveyTestSupport
import Testing

/// `surveykpi inspect`: format, encoding, delimiter, header layout and columns; drafts; errors.
@Suite struct InspectCLITests {
    static let golden = ProcessRunner.packageRoot.appendingPathComponent("Tests/SurveyCLITests/Golden")
    static let real = "Tests/SurveyIngestTests/Fixtures/real/"

    @Test func listsLayoutAndEveryColumn() throws {
        let result = try ProcessRunner.run(["inspect", Self.real + "qualtrics_qualtRics_sample.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        assertGolden(result.stdout, file: "inspect-qualtrics-sample.txt", directory: Self.golden)
    }

    @Test func limeSurveyColumnsShowRolesAndValueSets() throws {
        let result = try ProcessRunner.run(["inspect", Self.real + "limesurvey_accent-recognition_results.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for expected in [
            "format: limesurvey-csv (detected)", "encoding: utf-8", "delimiter: \",\"", "header: 1 row",
            "records: 65 (left out by default: 3 unfinished)", "columns: 27",
            "   1  id  [respondent id]", "   2  submitdate  [timestamp]",
            "      values: \"1980-01-01 00:00:00\" ×62, no-date placeholder ×62, blank ×3",
            "   7  Geslacht  [segment]", "      values: \"vrouw\" ×36, \"man\" ×28, blank ×1",
            "   8  Geslacht[other]  [empty]", "      also: Geslacht_other", "  11  vr1004  [category]",
        ] {
            #expect(lines.contains(expected), "missing line: \(expected)")
        }
    }

    @Test func draftsFromLabelledLikertAnswers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("Form responses 1.csv", """
            Timestamp,Email address,How satisfied are you with... [Teaching],How satisfied are you with... [Facilities],Which campus?,Any comments?
            2025/09/14 10:06:41 AM GMT+2,a@example.edu,Satisfied,Very dissatisfied,North,"Line one
            line two"
            2025/09/15 11:00:03 AM GMT+2,,Neutral,Don't know,North,
            2026/03/02 09:10:00 AM GMT+1,,Very satisfied,Satisfied,South,Great
            2026/03/03 09:10:00 AM GMT+1,,Satisfied,,South,

            """)
        let drafted = try ProcessRunner.run(["inspect", "--draft-instrument", input])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        assertGolden(drafted.stdout, file: "draft-googleforms.yaml", directory: Self.golden)
        let instrument = try dir.write("draft.yaml", drafted.stdout.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let analysed = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(analysed.stdout.utf8)) as? [String: Any])
        #expect(report["waves"] as? [String] == ["2025/26"])
        let cell = try #require((report["cells"] as? [[String: Any]])?.first { $0["segment"] is NSNull })
        let items = try #require(cell["items"] as? [[String: Any]])
        #expect(items.map { $0["n"] as? Int } == [4, 2])
        #expect(items[1]["missing"] as? [String: Int] == ["Don't know": 1, "no-answer": 1])

        // A draft has no dimensions: the dashboard lists its items (n, mean, favourable share).
        let dashboard = try ProcessRunner.run(["analyze", "--instrument", instrument, input])
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        let lines = dashboard.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  Item ") && $0.contains("fav.") }, "\(dashboard.stdout)")
        // Teaching: Satisfied, Neutral, Very satisfied, Satisfied → 4, 3, 5, 4.
        #expect(lines.contains { $0.hasPrefix("  Teaching · How satisfied are you…") && $0.contains("      4   4.00  75.0%") }, "\(dashboard.stdout)")
    }

    /// A generic CSV that repeats a header (and leaves some empty) is read with the names
    /// `inspect` shows (`Q (1)`, `Q (2)` …), so its draft validates and runs; the bare name
    /// stays an alias that is refused as ambiguous.
    @Test func draftOfRepeatedAndEmptyHeadersBinds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("repeats.csv", """
            id,Q,Q,,,note
            1,1,2,3,4,x
            2,2,3,4,5,y
            3,3,4,5,1,z

            """)
        let drafted = try ProcessRunner.run(["inspect", "--draft-instrument", input])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stdout.contains("\"Q (2)\"") && drafted.stdout.contains("\" (2)\""), "\(drafted.stdout)")
        let instrument = try dir.write("draft.yaml", drafted.stdout.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let validated = try ProcessRunner.run(["validate", "--instrument", instrument, input])
        #expect(validated.status == 0, "\(validated.stderr)")
        let analysed = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(analysed.stdout.utf8)) as? [String: Any])
        let cell = try #require((report["cells"] as? [[String: Any]])?.first { $0["segment"] is NSNull })
        let items = try #require(cell["items"] as? [[String: Any]])
        #expect(items.map { $0["mean"] as? Double } == [2, 3, 4, 10.0 / 3])

        let ambiguous = try dir.write("ambiguous.yaml", try String(contentsOfFile: instrument, encoding: .utf8)
            .replacingOccurrences(of: "\"Q_1\": \"Q (1)\"", with: "\"Q_1\": \"Q\""))
        let refused = try ProcessRunner.run(["validate", "--instrument", ambiguous, input])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("repeats.csv:1:6: error: column \"Q\" (item Q_1) appears 2 times in the header; expected it once"), "\(refused.stderr)")
    }

    /// Labels in German (or French, Spanish …) are ordered as the scale runs, not
    /// alphabetically, and their "no answer" spellings are missing codes, never averaged.
    @Test func draftOrdersLabelsInOtherLanguages() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("umfrage.csv", """
            id,Der Unterricht ist klar,Je suis satisfait des locaux,Ik ben het eens,Sono soddisfatto
            1,Stimme voll und ganz zu,Très satisfait,Helemaal eens,Molto soddisfatto
            2,Stimme eher zu,Plutôt insatisfait,Oneens,Insoddisfatto
            3,Keine Angabe,Ne sait pas,Weet niet,Non so
            4,Stimme überhaupt nicht zu,Satisfait,Helemaal oneens,Soddisfatto
            5,Teils/teils,Ni satisfait ni insatisfait,Neutraal,Né soddisfatto né insoddisfatto

            """)
        let drafted = try ProcessRunner.run(["inspect", "--draft-instrument", input])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        for family in ["agree5-de", "satisfied5-fr", "agree5-nl", "satisfied5-it"] {
            #expect(drafted.stdout.contains("\"\(family)\":"), "\(family): \(drafted.stdout)")
        }
        let instrument = try dir.write("draft.yaml", drafted.stdout.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let analysed = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(analysed.stdout.utf8)) as? [String: Any])
        let cell = try #require((report["cells"] as? [[String: Any]])?.first { $0["segment"] is NSNull })
        let items = try #require(cell["items"] as? [[String: Any]])
        // 5, 4, 1, 3 and 5, 2, 4, 3 (the "don't know" answers left out).
        #expect(items.map { $0["n"] as? Int } == [4, 4, 4, 4])
        #expect(items.map { $0["mean"] as? Double } == [3.25, 3.5, 2.75, 3.5])
        #expect(items[0]["missing"] as? [String: Int] == ["Keine Angabe": 1])
        #expect(items[1]["missing"] as? [String: Int] == ["Ne sait pas": 1])
    }

    /// LimeSurvey labels an array of numbers at its ends only (`Keine Kenntnisse - 0` … `Experte
    /// - 4`): a 0–4 rating, not unordered answers. And `N/A`, which LimeSurvey writes for an
    /// unanswered yes/no question, is a missing code, never an answer.
    @Test func draftReadsEndLabelledRatingsAndNAasMissing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("lime.csv", """
            "id","submitdate","lastpage","startlanguage","Vorwissen[SQ001]"
            "1","2020-09-28 10:43:50","1","de","Keine Kenntnisse - 0"
            "2","2020-09-28 11:43:50","1","de","1"
            "3","2020-09-28 12:43:50","1","de","3"
            "4","2020-09-28 13:43:50","1","de","Experte - 4"
            "5","2020-09-28 14:43:50","1","de","N/A"
            "6","2020-09-28 15:43:50","1","de","1"

            """)
        let drafted = try ProcessRunner.run(["inspect", "--draft-instrument", input])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stdout.contains(#"values: { 0: "Keine Kenntnisse - 0", 1: "1", 2: "2", 3: "3", 4: "Experte - 4" }"#), "\(drafted.stdout)")
        let instrument = try dir.write("draft.yaml", drafted.stdout.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let analysed = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(analysed.stdout.utf8)) as? [String: Any])
        let cell = try #require((report["cells"] as? [[String: Any]])?.first { $0["segment"] is NSNull })
        let item = try #require((cell["items"] as? [[String: Any]])?.first)
        #expect(item["n"] as? Int == 5)
        #expect(item["mean"] as? Double == 1.8)   // (0 + 1 + 3 + 4 + 1) / 5
        #expect(item["missing"] as? [String: Int] == ["N/A": 1])

        // Without a rated column, yes/no answers become items; N/A is still no answer.
        let yesNo = try dir.write("yesno.csv", """
            "id","submitdate","lastpage","startlanguage","FAS[SQ001]","FAS[SQ002]"
            "1","2020-09-28 10:43:50","1","de","Ja","N/A"
            "2","2020-09-28 11:43:50","1","de","Ja","Ja"
            "3","2020-09-28 12:43:50","1","de","N/A","Nein"
            "4","2020-09-28 13:43:50","1","de","Nein","Ja"
            "5","2020-09-28 14:43:50","1","de","Ja","Ja"
            "6","2020-09-28 15:43:50","1","de","Ja","Nein"
            "7","2020-09-28 16:43:50","1","de","Nein","Ja"

            """)
        let nominal = try ProcessRunner.run(["inspect", "--draft-instrument", yesNo])
        #expect(nominal.status == 0, "\(nominal.stderr)")
        #expect(nominal.stdout.contains(#"values: { 1: "Ja", 2: "Nein" }"#), "\(nominal.stdout)")
        #expect(nominal.stdout.contains(#"missing: { "N/A": "N/A" }"#), "\(nominal.stdout)")
    }

    /// A count is a number, not a rating; a heading with a line break stays on one line.
    @Test func countsAreNumbersAndWrappedHeadingsStayOnOneLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("counts.csv", "id,# Devices,\"How satisfied are\nyou?\"\n1,2,4\n2,3,5\n3,5,4\n4,3,2\n")
        let result = try ProcessRunner.run(["inspect", input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("   2  # Devices  [number]"), "\(result.stdout)")
        #expect(result.stdout.contains("   3  How satisfied are\\nyou?  [item, scale 1..5]"), "\(result.stdout)")
    }

    @Test func inputFormatOverridesDetection() throws {
        let result = try ProcessRunner.run(["inspect", "--input-format", "csv", Self.real + "qualtrics_qualtRics_sample.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\nformat: csv (as named by --input-format)\nencoding: utf-8\ndelimiter: \",\"\nheader: 1 row\n"))
    }

    @Test(arguments: [
        (["inspect", "--input-format", "qualtrix", "x.csv"], 64, "error: unknown input format \"qualtrix\"; expected one of "),
        (["inspect", "--input-format", "xml", InspectCLITests.real + "qualtrics_qualtRics_sample.csv"], 65,
         InspectCLITests.real + "qualtrics_qualtRics_sample.csv:1:1: error: not an XML document: the file starts with \"StartDate,EndDate,Status,IPAddress,Progr…\", not an element; expected an XML document (generic XML)"),
        (["inspect", "does-not-exist.csv"], 66, "does-not-exist.csv: error: cannot open input: No such file or directory"),
    ])
    func errors(arguments: [String], status: Int32, message: String) throws {
        let result = try ProcessRunner.run(arguments)
        #expect(result.status == status)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func ambiguousFilesNameTheCandidates() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("both.csv", "id,submitdate,lastpage,startlanguage,Respondent ID,Collector ID\n1,,1,en,2,3\n")
        let result = try ProcessRunner.run(["inspect", input])
        #expect(result.status == 65)
        #expect(result.stderr == "\(input): error: cannot tell the input format: the file looks like each of limesurvey-csv, surveymonkey-csv; name one with --input-format\n")
    }

    @Test func noAnswerColumnNoDraft() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("ids.csv", "respondent,comment\nR1,Fine\nR2,Too long\n")
        let result = try ProcessRunner.run(["inspect", "--draft-instrument", input])
        #expect(result.status == 65)
        #expect(result.stderr == "\(input): error: no column looks like answers to a question (see surveykpi inspect); cannot draft an instrument\n")
    }
}
