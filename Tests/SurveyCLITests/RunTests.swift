import Foundation
import SurveyTestSupport
import Testing

/// `surveykpi run` end to end on the real binary: idempotence, change detection, several
/// instruments, `--fail-on-kpi`, JSON logs and configuration errors.
@Suite struct RunTests {
    @Test func twoRunsLeaveTheSameRowCountAndTheSameOutputs() throws {
        let sandbox = try RunSandbox.demo()
        defer { sandbox.dir.remove() }
        let first = try sandbox.run()
        #expect(first.status == 0, "\(first.stderr)")
        let counts = try sandbox.rowCounts()
        let outputs = try sandbox.outputs().filter { $0.key != "surveykpi.prom" }

        let started = Date()
        let second = try sandbox.run()
        let elapsed = Date().timeIntervalSince(started)
        #expect(second.status == 0)
        #expect(logLines(second.stderr).contains("info [inputs] stakeholder-survey: 3 inputs unchanged since the last successful run; not read again"))
        #expect(logLines(second.stderr).contains("info [history] nothing to record: no instrument was read again"))
        #expect(elapsed < 1.0, "an unchanged run took \(elapsed) s")
        #expect(try sandbox.rowCounts() == counts)

        let forced = try sandbox.run(["--force"])
        #expect(forced.status == 0)
        #expect(logLines(forced.stderr).contains("info [inputs] stakeholder-survey: reading 3 inputs (--force)"))
        #expect(logLines(forced.stderr).contains { $0.hasPrefix("info [history] committed in one transaction: stakeholder-survey replaced waves 2024, 2025, 2026; ") })
        #expect(try sandbox.rowCounts() == counts)
        #expect(try sandbox.sql("SELECT wave, generation FROM wave ORDER BY position") == ["2024|2", "2025|2", "2026|2"])
        #expect(try sandbox.outputs().filter { $0.key != "surveykpi.prom" } == outputs, "the same inputs must give the same bytes")
        #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"])
    }

    @Test func changingOneInputChangesOnlyItsWaves() throws {
        let sandbox = try RunSandbox.demo()
        defer { sandbox.dir.remove() }
        #expect(try sandbox.run().status == 0)
        let dump = "SELECT * FROM result WHERE wave = ? ORDER BY grp, segment, kind, ref, measure"
        let before = try ["2024", "2025", "2026"].map { try sandbox.sql(dump.replacingOccurrences(of: "?", with: "'\($0)'")) }
        let respondents = "SELECT CAST(value AS INTEGER) FROM result WHERE wave = '2025' AND grp = 'all' AND segment = '' AND measure = 'respondents'"
        let respondentsBefore = try #require(Int(try sandbox.sql(respondents).first ?? ""))

        // Drop 40 complete one-line records of the 2025 export.
        let path = sandbox.dir.path("data/stakeholder-2025.csv")
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n")
        var dropped = 0
        lines.removeAll { line in
            guard dropped < 40, line.hasPrefix("R"), !line.contains("\"") else { return false }
            dropped += 1
            return true
        }
        try lines.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)

        let result = try sandbox.run()
        #expect(result.status == 0)
        let log = logLines(result.stderr)
        #expect(log.contains("info [inputs] stakeholder-survey: reading 3 inputs (1 of 3 inputs changed)"))
        #expect(log.contains { $0.hasPrefix("info [history] committed in one transaction: stakeholder-survey replaced wave 2025 (unchanged: 2024, 2026); ") })
        #expect(try sandbox.sql("SELECT wave, generation FROM wave ORDER BY position") == ["2024|1", "2025|2", "2026|1"])
        let after = try ["2024", "2025", "2026"].map { try sandbox.sql(dump.replacingOccurrences(of: "?", with: "'\($0)'")) }
        #expect(after[0] == before[0])
        #expect(after[2] == before[2])
        #expect(after[1] != before[1])
        let respondentsAfter = try #require(Int(try sandbox.sql(respondents).first ?? ""))
        #expect((30...40).contains(respondentsBefore - respondentsAfter), "\(respondentsBefore) → \(respondentsAfter)")
    }

    @Test func severalInstrumentsGetACombinedDashboardAndIndex() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try ProcessRunner.run(["run", "--config", "Surveys/nightly.yaml", "--database", dir.path("h.sqlite"), "--output", dir.path("out")])
        #expect(result.status == 0, "\(result.stderr)")
        let files = dir.contents()
        #expect(files.contains("out"))
        let top = try FileManager.default.contentsOfDirectory(atPath: dir.path("out")).sorted()
        #expect(top == ["dashboard.txt", "index.json", "review-pack.html", "review-pack.md", "staff-climate", "stakeholder-survey", "surveykpi.prom"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("out/staff-climate")).sorted() == ["dashboard.txt", "rejects.csv", "report.csv", "report.json", "review-pack.html", "review-pack.md"])

        let dashboard = try String(contentsOfFile: dir.path("out/dashboard.txt"), encoding: .utf8).components(separatedBy: "\n")
        #expect(dashboard[0] == "SurveyKPI · 2 instruments · the whole stakeholder picture")
        #expect(dashboard[1] == "6 inputs · 3,927 rows read = 3,907 accepted + 20 rejected")
        #expect(dashboard.contains { $0.hasPrefix("━━ Northbridge College Stakeholder Survey (stakeholder-survey, v2026.1) · waves 2024, 2025, 2026 ━") })
        #expect(dashboard.contains { $0.hasPrefix("━━ Northbridge College Staff Climate Survey (staff-climate, v2026.1) · waves 2024, 2025, 2026 ━") })
        #expect(dashboard.allSatisfy { $0.count <= 100 })

        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.url.appendingPathComponent("out/index.json"))) as? [String: Any])
        #expect(index["schema"] as? String == "surveykpi.index.v1")
        let instruments = try #require(index["instruments"] as? [[String: Any]])
        #expect(instruments.map { $0["id"] as? String } == ["stakeholder-survey", "staff-climate"])
        #expect(instruments[1]["files"] as? [String: String] == [
            "csv": "staff-climate/report.csv", "json": "staff-climate/report.json", "rejects": "staff-climate/rejects.csv", "text": "staff-climate/dashboard.txt",
            "markdown": "staff-climate/review-pack.md", "html": "staff-climate/review-pack.html",
        ])
        let kpis = try #require(instruments[1]["kpis"] as? [[String: Any]])
        #expect(kpis.count == 15)  // 5 KPIs × (2 groups + all)

        // The README's history command, on this database.
        let history = try ProcessRunner.run(["history", "--database", dir.path("h.sqlite"), "--kpi", "nps", "--group", "all"])
        #expect(history.status == 0)
        #expect(history.stdout.hasPrefix("stakeholder-survey · Net Promoter Score (nps) · All groups\n  wave            value   target  status\n  2024 "))
    }

    @Test func failOnKPIExitsWith3AfterWritingEverything() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        let result = try sandbox.run(["--fail-on-kpi"])
        #expect(result.status == 3)
        let log = logLines(result.stderr)
        #expect(log.contains("warning [kpi] latest waves: 0 met, 1 at risk, 5 not met, 0 without data; not met: mini/learner/teach 2026: 52.1 (target 75.0); mini/learner/nps 2026: -37.5 (target 20.0); mini/staff/nps 2026: -37.5 (target 20.0); mini/all/teach 2026: 59.4 (target 75.0); mini/all/nps 2026: -37.5 (target 20.0)"))
        #expect(log.last == "error [done] 1 instrument, 1 read again, 6 files written in T s; exiting with 3: 5 KPIs are not met (--fail-on-kpi)")
        #expect(FileManager.default.fileExists(atPath: sandbox.output + "/surveykpi.prom"))
        #expect(try sandbox.run().status == 0)
    }

    @Test func jsonLogsAreOneObjectPerStep() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        let result = try sandbox.run(["--log-format", "json"])
        #expect(result.status == 0)
        let objects = try result.stderr.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        }
        #expect(objects.map { $0["step"] ?? "" } == ["config", "lock", "database", "inputs", "read", "history", "outputs", "kpi", "done"])
        #expect(objects.allSatisfy { Set($0.keys) == ["level", "message", "step"] })
        #expect(objects[3] == ["level": "info", "step": "inputs", "message": "mini: reading 1 input (first run)"])
        #expect(objects[4]["message"] == "mini: 32 rows read = 32 accepted + 0 rejected; waves 2025, 2026; 18 cells")
    }

    @Test func configurationErrorsNameTheLineAndColumn() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: ["data/*.csv"])
        defer { sandbox.dir.remove() }
        let missing = try sandbox.run()
        #expect(missing.status == 66)
        #expect(logLines(missing.stderr).last == "error [inputs] \(sandbox.config):5:5: error: no input file matches \"data/*.csv\"")

        try sandbox.writeConfig("database: var/history.sqlite\noutput: var/reports\nformat: [text]\ninstruments: []")
        let unknown = try sandbox.run()
        #expect(unknown.status == 65)
        #expect(unknown.stderr == "error [config] \(sandbox.config):3:1: error: unknown key \"format\" in the run configuration; expected database, output, formats, actions or instruments\n")

        try sandbox.writeConfig("database: var/history.sqlite\noutput: var/reports\nformats: [text, pdf]\ninstruments: []")
        let format = try sandbox.run()
        #expect(format.status == 65)
        #expect(format.stderr.hasPrefix("error [config] \(sandbox.config):3:17: error: unknown format \"pdf\"; expected one of text, json, "))

        try sandbox.writeConfig("output: var/reports\ninstruments:\n  - { instrument: \(Fixture.instrument), inputs: [\(Fixture.good)] }")
        let database = try sandbox.run()
        #expect(database.status == 64)
        #expect(database.stderr == "error [config] \(sandbox.config): error: the configuration names no `database:`; add one or pass --database\n")
        #expect(try sandbox.run(["--database", sandbox.database]).status == 0)
    }
}
