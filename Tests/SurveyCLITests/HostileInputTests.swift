import Foundation
import SurveyTestSupport
import Testing

/// Bad input gets a clear message naming file, line and column, the right exit code, and no
/// output file when the error is fatal; rejected records are accounted for.
@Suite struct HostileInputTests {
    /// Fatal errors: exact message, exit code, and nothing written.
    @Test(arguments: [
        ("unterminated-quote.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/unterminated-quote.csv:3:18: error: unterminated quoted field (opened here); expected a closing \""),
        ("empty.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/empty.csv:1:1: error: empty file; expected a header row naming the columns"),
        ("header-only.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/header-only.csv: error: no response was accepted from 1 input: there is no record after the header; nothing to analyse"),
        ("all-rejected.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/all-rejected.csv: error: no response was accepted from 1 input: all 2 records were rejected; the first, Tests/SurveyCLITests/Fixtures/hostile/all-rejected.csv:2, as unknown-wave: wave \"1999\" is not among the instrument's waves (2025, 2026)"),
        ("missing-column.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/missing-column.csv:1:1: error: missing required column \"respondent\" (respondent id); the header has group, wave, campus, Q1, Q2, Q3, REC"),
        ("missing-item-column.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/missing-item-column.csv:1:1: error: missing item column \"REC\"; the header has respondent, group, wave, campus, Q1, Q2, Q3"),
        ("duplicate-header.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/duplicate-header.csv:1:33: error: column \"Q1\" (item Q1) appears 2 times in the header; expected it once"),
        ("invalid-utf16.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/invalid-utf16.csv: error: invalid UTF-16LE: unpaired surrogate 0xD800 at byte offset 22; expected a high surrogate followed by a low surrogate"),
        ("does-not-exist.csv", 66, "Tests/SurveyCLITests/Fixtures/hostile/does-not-exist.csv: error: cannot open input: No such file or directory"),
    ])
    func fatalInput(name: String, status: Int32, message: String) throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile(name)])
        defer { dir.remove() }
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").contains { $0 == message }, "stderr was: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "no crash or stack trace")
        #expect(dir.contents() == [], "a fatal error writes no output")
        #expect(result.stdout.isEmpty)
    }

    /// Broken records are rejected with a reason, kept verbatim, and accounted.
    @Test(arguments: [
        ("ragged-rows.csv", "field-count", "expected 8 fields as in the header, found 6", "R90,learner,2025,North,4,4"),
        ("undeclared-group.csv", "unknown-group", "group \"visitor\" is not declared; expected one of learner, staff", "R91,visitor,2025,North,4,4,4,5"),
        ("blank-line.csv", "field-count", "expected 8 fields as in the header, found 1", ""),
        ("no-respondent.csv", "no-respondent", "empty respondent id", ",learner,2025,North,4,4,4,5"),
        ("undeclared-wave.csv", "unknown-wave", "wave \"1999\" is not among the instrument's waves (2025, 2026)", "R94,learner,1999,North,4,4,4,5"),
    ])
    func rejectedRecord(name: String, reason: String, detail: String, raw: String) throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile(name)])
        defer { dir.remove() }
        #expect(result.status == 0, "\(result.stderr)")
        let report = try reportJSON(dir)
        let counts = try rows(report)
        #expect(counts.read == 33 && counts.accepted == 32 && counts.rejected == 1)
        #expect(counts.read == counts.accepted + counts.rejected)
        let rejects = try rejectLines(dir)
        #expect(rejects.count == 2)
        #expect(rejects[0] == "file,line,reason,detail,record")
        let expectedRaw = raw.contains(",") ? "\"\(raw)\"" : raw
        #expect(rejects[1].hasSuffix(",\(reason),\"\(detail.replacingOccurrences(of: "\"", with: "\"\""))\",\(expectedRaw)") || rejects[1].hasSuffix(",\(reason),\(detail),\(expectedRaw)"), "\(rejects[1])")
    }

    /// A wave the instrument does not list is rejected, and said in a warning naming the input,
    /// not only in the rejects file: a nightly run would otherwise go on reporting last wave.
    @Test func undeclaredWaveIsAWarning() throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile("undeclared-wave.csv")])
        defer { dir.remove() }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("undeclared-wave.csv:34:1: warning: 1 record rejected as unknown-wave, the first: wave \"1999\" is not among the instrument's waves (2025, 2026); add a new wave to the instrument's waves: to analyse it"), "\(result.stderr)")
    }

    @Test func duplicateRespondentKeepsTheFullerResponse() throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile("duplicate-ids.csv")])
        defer { dir.remove() }
        #expect(result.status == 0, "\(result.stderr)")
        let counts = try rows(try reportJSON(dir))
        #expect(counts == (33, 32, 1))
        let rejects = try rejectLines(dir)
        #expect(rejects.count == 2)
        #expect(rejects[1].hasPrefix("Tests/SurveyCLITests/Fixtures/hostile/duplicate-ids.csv,34,duplicate,"), "\(rejects[1])")
        #expect(rejects[1].hasSuffix(",\"R1,learner,2025,North,4,,,\""))
        let cells = try #require(try reportJSON(dir)["cells"] as? [[String: Any]])
        let learners2025 = try #require(cells.first { $0["wave"] as? String == "2025" && $0["group"] as? String == "learner" && $0["segment"] is NSNull })
        let quality = try #require(learners2025["quality"] as? [String: Int])
        #expect(quality["duplicates"] == 1)
    }

    @Test func outOfRangeAnswersBecomeInvalidWithWarnings() throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile("out-of-range.csv")])
        defer { dir.remove() }
        #expect(result.status == 0)
        let path = "Tests/SurveyCLITests/Fixtures/hostile/out-of-range.csv"
        #expect(result.stderr.contains("\(path):3:24: warning: invalid answer \"7\" for item Q1; expected 1..5 or a missing code (9); counted as missing (invalid)"), "\(result.stderr)")
        #expect(result.stderr.contains("\(path):4:26: warning: invalid answer \"abc\" for item Q2; expected 1..5 or a missing code (9); counted as missing (invalid)"))
        #expect(result.stderr.contains("\(path):4:32: warning: invalid answer \"11\" for item REC; expected 0..10; counted as missing (invalid)"))
        let report = try reportJSON(dir)
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(inputs[0]["invalidAnswers"] as? Int == 3)
        #expect(try rows(report) == (34, 34, 0))
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile("out-of-range.csv")], extra: ["--strict"])
        defer { dir.remove() }
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("Tests/SurveyCLITests/Fixtures/hostile/out-of-range.csv:3:24: error: invalid answer \"7\" for item Q1"))
        #expect(dir.contents() == [])
    }

    /// Re-encoded and re-delimited copies read to the same numbers as the original.
    @Test(arguments: ["bom-semicolons.csv", "utf16le.csv"])
    func dialectsGiveTheSameCells(name: String) throws {
        let (original, a) = try analyzeToDirectory([Fixture.good])
        let (variant, b) = try analyzeToDirectory([Fixture.hostile(name)])
        defer { a.remove(); b.remove() }
        #expect(original.status == 0 && variant.status == 0, "\(variant.stderr)")
        let cellsA = try #require(try reportJSON(a)["cells"] as? NSArray)
        let cellsB = try #require(try reportJSON(b)["cells"] as? NSArray)
        #expect(cellsA == cellsB)
    }

    @Test func windows1252IsReadWithAWarning() throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile("windows1252.csv")])
        defer { dir.remove() }
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: not valid UTF-8"), "\(result.stderr)")
        let report = try reportJSON(dir)
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(inputs[0]["encoding"] as? String == "windows-1252")
        let cells = try #require(report["cells"] as? [[String: Any]])
        #expect(cells.contains { ($0["segment"] as? [String: String])?["value"] == "Montréal" })
    }

    @Test(arguments: [
        ("typo.yaml", "Tests/SurveyCLITests/Fixtures/instruments/typo.yaml:4:31: error: unknown key \"rol\" in group \"learner\"; expected one of: title, role, values, population (did you mean \"role\"?)"),
        ("favourable-outside.yaml", "Tests/SurveyCLITests/Fixtures/instruments/favourable-outside.yaml:8:21: error: favourable code 6 is outside scale \"agree5\" (1..5)"),
        ("kpi-unknown-item.yaml", "Tests/SurveyCLITests/Fixtures/instruments/kpi-unknown-item.yaml:10:59: error: KPI \"k1\" names unknown item \"Q9\"; declared items: Q1 (did you mean \"Q1\"?)"),
    ])
    func invalidInstrument(name: String, prefix: String) throws {
        let path = Fixture.relative(Fixture.instrumentFile(name))
        let validate = try ProcessRunner.run(["validate", "--instrument", path])
        #expect(validate.status == 65)
        #expect(validate.stderr.split(separator: "\n").first.map(String.init) == prefix, "\(validate.stderr)")
        let (analyze, dir) = try analyzeToDirectory([Fixture.good])
        _ = analyze
        dir.remove()
        let dir2 = try TemporaryDirectory()
        defer { dir2.remove() }
        let result = try ProcessRunner.run(["analyze", "--instrument", path, "--output", dir2.path("out"), Fixture.relative(Fixture.good)])
        #expect(result.status == 65)
        #expect(result.stderr == prefix + "\n")
        #expect(dir2.contents() == [])
    }

    @Test func usageErrorsExit64() throws {
        let unknownGroup = try ProcessRunner.run(["analyze", "--instrument", Fixture.relative(Fixture.instrument), "--group", "alien", Fixture.relative(Fixture.good)])
        #expect(unknownGroup.status == 64)
        #expect(unknownGroup.stderr == "error: --group \"alien\" is not a group of instrument mini; expected one of learner, staff\n")
        let noInputs = try ProcessRunner.run(["analyze", "--instrument", Fixture.relative(Fixture.instrument)])
        #expect(noInputs.status == 64)
    }

    @Test func unwritableOutputExits73() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blocker = try dir.write("file", "not a directory")
        let result = try ProcessRunner.run(["analyze", "--instrument", Fixture.relative(Fixture.instrument), "--output", blocker + "/out", Fixture.relative(Fixture.good)])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("\(blocker)/out: error: cannot create output directory"))
    }
}

// MARK: - The hostile-case harness shared by the Hostile*Tests suites

/// One hostile input, run end to end on the real binary: its files are written into a fresh
/// directory, `surveykpi` runs there (so messages name the files as the case writes them), and
/// every promise of SPEC §3 is checked: the exact message and exit code, no crash, nothing
/// written when the input is refused, and `read = accepted + rejected` when it is read.
struct HostileCase: Sendable, CustomTestStringConvertible {
    /// What must come out.
    enum Outcome: Sendable {
        /// Refused: this exit code, this exact line on stderr, nothing on stdout and no file
        /// written (no output directory, no database, no rejects file).
        case refused(Int32, String)
        /// Read: exit 0, the rows of `out/report.json`'s first input, and the lines of
        /// `out/rejects.csv` after its header, exactly.
        case read(read: Int, accepted: Int, rejected: Int, rejects: [String])
    }

    var name: String
    /// Files to write, by path relative to the case's directory.
    var files: [String: [UInt8]]
    /// The command line after `surveykpi`.
    var arguments: [String]
    var outcome: Outcome

    init(_ name: String, files: [String: [UInt8]], _ arguments: [String], _ outcome: Outcome) {
        self.name = name
        self.files = files
        self.arguments = arguments
        self.outcome = outcome
    }

    init(_ name: String, files: [String: String], _ arguments: [String], _ outcome: Outcome) {
        self.init(name, files: files.mapValues { Array($0.utf8) }, arguments, outcome)
    }

    var testDescription: String { name }

    /// Runs the case and checks its outcome.
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (name, bytes) in files {
            try FileManager.default.createDirectory(
                atPath: (dir.path(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try dir.write(name, bytes: bytes)
        }
        let before = Set(try FileManager.default.subpathsOfDirectory(atPath: dir.url.path))
        let result = try ProcessRunner.run(arguments, in: dir.url)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), "a crash: \(result.stderr)", sourceLocation: sourceLocation)
        switch outcome {
        case let .refused(status, message):
            #expect(result.status == status, "exit \(result.status); stderr: \(result.stderr)", sourceLocation: sourceLocation)
            #expect(lines.contains(message), "expected the line\n\(message)\nin stderr:\n\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
            let after = Set(try FileManager.default.subpathsOfDirectory(atPath: dir.url.path))
            #expect(after == before, "a refused input wrote \(after.subtracting(before).sorted())", sourceLocation: sourceLocation)
        case let .read(read, accepted, rejected, rejects):
            #expect(result.status == 0, "exit \(result.status); stderr: \(result.stderr)", sourceLocation: sourceLocation)
            let report = try reportJSON(dir)
            let counts = try rows(report)
            #expect(counts.read == counts.accepted + counts.rejected, "read = accepted + rejected", sourceLocation: sourceLocation)
            #expect(counts == (read, accepted, rejected), "rows \(counts)", sourceLocation: sourceLocation)
            let lines = try rejectLines(dir)
            #expect(lines.first == "file,line,reason,detail,record", sourceLocation: sourceLocation)
            #expect(Array(lines.dropFirst()) == rejects, "rejects.csv: \(lines.dropFirst().map { String($0.prefix(300)) })", sourceLocation: sourceLocation)
        }
    }
}

/// Texts the hostile cases are built from.
enum HostileText {
    /// The mini instrument's header and three good records (learner and staff, two waves).
    static let header = "respondent,group,wave,campus,Q1,Q2,Q3,REC"
    static let good = ["R1,learner,2025,North,4,4,4,5", "R2,staff,2025,South,3,4,2,9", "R3,learner,2026,North,5,5,1,10"]
    /// The mini instrument, by the path the cases run with (relative to the package root does
    /// not work from a case's directory).
    static var mini: String { Fixture.instrument }
    /// A CSV of the header, the good records, and `extra` records after the first good one.
    static func csv(_ extra: [String], header: String = header) -> String {
        ([header, good[0]] + extra + good.dropFirst()).joined(separator: "\r\n") + "\r\n"
    }
    /// `count` copies of `byte`.
    static func run(_ byte: Character, _ count: Int) -> String { String(repeating: byte, count: count) }
    /// A rejects-file line as ``RejectsFile`` writes it.
    static func reject(_ file: String, _ line: Int, _ reason: String, _ detail: String, _ raw: String) -> String {
        [file, String(line), reason, detail, raw].map(quote).joined(separator: ",")
    }
    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
