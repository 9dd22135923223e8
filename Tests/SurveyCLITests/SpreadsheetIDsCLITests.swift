import Foundation
import SurveyTestSupport
import Testing

/// Respondent ids a spreadsheet wrote in scientific notation (`1.18437E+10`): when they collide
/// into duplicates, `analyze` (in memory and streamed), `validate` and `run` stop with a data
/// error instead of dropping the responses; when they do not, a warning names the column.
@Suite struct SpreadsheetIDsCLITests {
    static let export = "Tests/SurveyCLITests/Fixtures/audit/surveymonkey-excel-scientific-ids.csv"
    static let instrument = "Tests/SurveyCLITests/Fixtures/audit/surveymonkey-excel.yaml"
    static let error = "\(export):4:1: error: respondent id \"1.18437E+10\" in column \"Respondent ID\" is a number in scientific notation, as a spreadsheet writes long numbers, and equals the id of line 3: digits were lost, and 34 responses would be rejected as duplicates of different respondents; export the file again from the survey tool, or keep the column as text in the spreadsheet (import it with that column's type set to Text) before saving"

    @Test(arguments: ["off", "on"]) func collidingIdsStopAnalyze(stream: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try ProcessRunner.run(["analyze", "--instrument", Self.instrument, "--stream", stream, "--output", dir.path("out"), Self.export])
        #expect(result.status == 65)
        #expect(result.stderr.split(separator: "\n").map(String.init) == [Self.error])
        #expect(!FileManager.default.fileExists(atPath: dir.path("out")), "no output")
    }

    @Test func collidingIdsFailValidate() throws {
        let result = try ProcessRunner.run(["validate", "--instrument", Self.instrument, Self.export])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").map(String.init) == [
            "\(Self.export): warning: not valid UTF-8 (first bad byte at line 7, column 180); read as Windows-1252",
            Self.error,
        ])
    }

    @Test func collidingIdsFailTheNightlyRun() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let root = ProcessRunner.packageRoot.path
        let config = try dir.write("nightly.yaml", """
            database: history.sqlite
            output: out
            formats: [text, json]
            instruments:
              - instrument: \(root)/\(Self.instrument)
                inputs: ["\(root)/\(Self.export)"]
            """)
        let result = try ProcessRunner.run(["run", "--config", config])
        #expect(result.status == 65)
        #expect(result.stderr.split(separator: "\n").last.map(String.init) == "error [read] " + Self.error.replacingOccurrences(of: Self.export, with: "\(root)/\(Self.export)"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("out/report.json")))
    }

    /// The mini fixture with every id rewritten `1.184NNE+10`, all different; `collide` gives
    /// line 6 the id of line 4.
    static func scientificCopy(_ dir: TemporaryDirectory, collide: Bool = false) throws -> String {
        let lines = try String(contentsOfFile: Fixture.good, encoding: .utf8).split(separator: "\n").map(String.init)
        var out = [lines[0]]
        for (i, line) in lines.dropFirst().enumerated() {
            out.append("1.\(18430 + i)E+10" + line.drop { $0 != "," })
        }
        if collide { out[5] = "1.18432E+10" + out[5].drop { $0 != "," } }
        return try dir.write(collide ? "colliding.csv" : "scientific.csv", out.joined(separator: "\n") + "\n")
    }

    @Test(arguments: ["off", "on"]) func distinctIdsOnlyWarn(stream: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.scientificCopy(dir)
        let warning = "\(path):2:1: warning: respondent ids in column \"respondent\" are numbers in scientific notation (first \"1.18430E+10\"), as a spreadsheet writes long numbers, so they may have lost digits; export the file again from the survey tool, or keep the column as text in the spreadsheet (import it with that column's type set to Text) before saving"
        let analysed = try ProcessRunner.run(["analyze", "--instrument", Fixture.instrument, "--stream", stream, "--format", "json", path])
        #expect(analysed.status == 0, "\(analysed.stderr)")
        #expect(analysed.stderr.split(separator: "\n").map(String.init) == [warning])
        #expect(analysed.stdout.contains("\"accepted\" : 32"))
        let strict = try ProcessRunner.run(["analyze", "--instrument", Fixture.instrument, "--stream", stream, "--strict", path])
        #expect(strict.status == 65)
        #expect(strict.stderr.hasPrefix("\(path):2:1: error: respondent ids in column \"respondent\" are numbers in scientific notation"), "\(strict.stderr)")
        let validated = try ProcessRunner.run(["validate", "--instrument", Fixture.instrument, path])
        #expect(validated.status == 0, "a warning does not fail the check")
        #expect(validated.stderr.split(separator: "\n").map(String.init) == [warning])
    }

    /// One collision is enough, and the error names the row it collides with.
    @Test(arguments: ["off", "on"]) func oneCollisionIsAnError(stream: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.scientificCopy(dir, collide: true)
        let result = try ProcessRunner.run(["analyze", "--instrument", Fixture.instrument, "--stream", stream, path])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("\(path):6:1: error: respondent id \"1.18432E+10\" in column \"respondent\" is a number in scientific notation, as a spreadsheet writes long numbers, and equals the id of line 4: digits were lost, and this response would be rejected as the duplicate of a different respondent; "), "\(result.stderr)")
    }

    /// Ordinary duplicates are still rejected quietly, as SPEC §4 says.
    @Test func plainDuplicatesAreUnchanged() throws {
        let (result, dir) = try analyzeToDirectory([Fixture.hostile("duplicate-ids.csv")])
        defer { dir.remove() }
        #expect(result.status == 0)
        #expect(!result.stderr.contains("scientific"))
    }
}
