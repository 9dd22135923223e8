import Foundation
import SurveyTestSupport
import Testing

/// The demo, the JSON contract and the README's examples, run as a user would.
@Suite struct DemoAndReadmeTests {
    static let golden = ProcessRunner.packageRoot.appendingPathComponent("Tests/SurveyCLITests/Golden")

    @Test func demoPrintsTheDashboard() throws {
        let result = try ProcessRunner.run([])
        #expect(result.status == 0, "\(result.stderr)")
        assertGolden(result.stdout, file: "demo-dashboard.txt", directory: Self.golden)
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 }, "the dashboard fits 100 columns")
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func demoJSONIsDeterministicAndFinite() throws {
        let first = try ProcessRunner.run(["--format", "json"])
        let second = try ProcessRunner.run(["--format", "json"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout, "same inputs, same bytes")
        for bad in ["NaN", "Infinity", "nan", "inf\""] { #expect(!first.stdout.contains(bad)) }
        let mini = try ProcessRunner.run(["analyze", "--instrument", Fixture.relative(Fixture.instrument), "--format", "json", Fixture.relative(Fixture.good)])
        #expect(mini.status == 0)
        assertGolden(mini.stdout, file: "mini-report.json", directory: Self.golden)
    }

    /// Real output validates against the committed JSON Schema (python jsonschema).
    @Test func reportValidatesAgainstTheSchema() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = try ProcessRunner.run(["--output", dir.path("out")])
        #expect(out.status == 0, "\(out.stderr)")
        let mini = try ProcessRunner.run(["analyze", "--instrument", Fixture.relative(Fixture.instrument), "--format", "json", Fixture.relative(Fixture.hostile("ragged-rows.csv"))])
        try dir.write("mini.json", mini.stdout)
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        for path in sys.argv[2:]:
            jsonschema.validate(json.load(open(path)), schema, cls=jsonschema.Draft202012Validator)
        # The schema must reject a report that breaks it, or this test could not fail.
        broken = json.load(open(sys.argv[2])); broken["cells"][0]["suppressed"] = "because"
        try:
            jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)
            sys.exit("schema accepted a broken report")
        except jsonschema.ValidationError:
            pass
        print("valid")
        """
        let scriptPath = try dir.write("check.py", script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, ProcessRunner.packageRoot.appendingPathComponent("Schemas/surveykpi.report.v1.schema.json").path, dir.path("out/report.json"), dir.path("mini.json")]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("valid"))
    }

    @Test func outputDirectoryHoldsTheThreeFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try ProcessRunner.run(["--output", dir.path("out")])
        #expect(result.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path("out")).sorted()
        #expect(files == ["dashboard.txt", "rejects.csv", "report.json"])
        let rejects = try String(contentsOfFile: dir.path("out/rejects.csv"), encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("out/report.json")))) as? [String: Any]
        let inputs = try #require(json?["inputs"] as? [[String: Any]])
        let rejected = inputs.reduce(0) { $0 + (($1["rows"] as? [String: Int])?["rejected"] ?? 0) }
        #expect(rejects.split(separator: "\r\n").count == rejected + 1, "every rejected record is in the rejects file")
        for input in inputs {
            let rows = try #require(input["rows"] as? [String: Int])
            #expect(rows["read"] == rows["accepted"]! + rows["rejected"]!)
        }
    }

    /// Every `swift run surveykpi …` line of the README runs and exits 0.
    @Test func readmeCommandsRun() throws {
        let readme = try String(contentsOf: ProcessRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [[String]] = []
        var inShell = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inShell = line == "```sh"; continue }
            guard inShell, line.hasPrefix("swift run surveykpi") else { continue }
            let command = line.split(separator: "#")[0].dropFirst("swift run surveykpi".count)
            commands.append(command.split(separator: " ").map { String($0).replacingOccurrences(of: "'", with: "") })
        }
        #expect(commands.count >= 5)
        for arguments in commands {
            let result = try ProcessRunner.run(arguments)
            #expect(result.status == 0, "surveykpi \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(!result.stdout.isEmpty)
        }
    }

    /// The README's example instrument is valid.
    @Test func readmeInstrumentValidates() throws {
        let readme = try String(contentsOf: ProcessRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("example.yaml", String(readme[start.upperBound..<end.lowerBound]))
        let result = try ProcessRunner.run(["validate", "--instrument", path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// `generate` labels waves with the instrument's declared ones; asking for more waves than it
    /// declares would write rows the instrument rejects, so it is a usage error.
    @Test func generateAsksForNoMoreWavesThanDeclared() throws {
        let result = try ProcessRunner.run(["generate", "--instrument", "Surveys/stakeholder-survey.yaml", "--respondents", "10", "--waves", "4", "--seed", "1"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Surveys/stakeholder-survey.yaml: error: the instrument declares 3 waves (2024, 2025, 2026); --waves 4 asks for more; declare more waves or ask for at most 3\n")
        let three = try ProcessRunner.run(["generate", "--instrument", "Surveys/stakeholder-survey.yaml", "--respondents", "10", "--waves", "3", "--seed", "1"])
        #expect(three.status == 0)
        #expect(three.stdout.contains(",2024,") && three.stdout.contains(",2026,"))
    }
}
