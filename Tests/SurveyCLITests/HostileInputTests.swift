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
        ("header-only.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/header-only.csv: error: no response was accepted from 1 input; nothing to analyse (see the rejects file)"),
        ("missing-column.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/missing-column.csv:1:1: error: missing required column \"respondent\" (respondent id); the header has group, wave, campus, Q1, Q2, Q3, REC"),
        ("missing-item-column.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/missing-item-column.csv:1:1: error: missing item column \"REC\"; the header has respondent, group, wave, campus, Q1, Q2, Q3"),
        ("duplicate-header.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/duplicate-header.csv:1:33: error: column \"Q1\" (item Q1) appears 2 times in the header; expected it once"),
        ("invalid-utf16.csv", 65, "Tests/SurveyCLITests/Fixtures/hostile/invalid-utf16.csv"),
        ("does-not-exist.csv", 66, "Tests/SurveyCLITests/Fixtures/hostile/does-not-exist.csv: error: cannot open input: No such file or directory"),
    ])
    func fatalInput(name: String, status: Int32, message: String) throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile(name)])
        defer { dir.remove() }
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").contains { $0.hasPrefix(message) }, "stderr was: \(result.stderr)")
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
        ("kpi-unknown-item.yaml", "Tests/SurveyCLITests/Fixtures/instruments/kpi-unknown-item.yaml:10:"),
    ])
    func invalidInstrument(name: String, prefix: String) throws {
        let path = Fixture.relative(Fixture.instrumentFile(name))
        let validate = try ProcessRunner.run(["validate", "--instrument", path])
        #expect(validate.status == 65)
        #expect(validate.stderr.hasPrefix(prefix), "\(validate.stderr)")
        let (analyze, dir) = try analyzeToDirectory([Fixture.good])
        _ = analyze
        dir.remove()
        let dir2 = try TemporaryDirectory()
        defer { dir2.remove() }
        let result = try ProcessRunner.run(["analyze", "--instrument", path, "--output", dir2.path("out"), Fixture.relative(Fixture.good)])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix(prefix))
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
