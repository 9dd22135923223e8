import Foundation
import SurveyTestSupport
import Testing

/// `kill -9` during a long run (a large generated export) at several moments leaves the previous
/// outputs and database intact, and the next run finishes the job.
@Suite struct RunCrashTests {
    /// When to kill.
    enum Moment: CustomStringConvertible {
        case after(TimeInterval)
        case logged(String)
        case paused(String)

        var description: String {
            switch self {
            case .after(let seconds): "\(seconds) s after the start"
            case .logged(let text): "once the log says \(text)"
            case .paused(let point): "paused at \(point)"
            }
        }
    }

    @Test func killNineAtSeveralMomentsLeavesThePreviousStateIntact() throws {
        let sandbox = try RunSandbox(instrument: Demo.instrument, inputs: ["data/responses.csv"])
        defer { sandbox.dir.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.dir.path("data"), withIntermediateDirectories: true)
        try generate(respondents: 1_500, seed: 5, to: sandbox.dir.path("data/responses.csv"))
        #expect(try sandbox.run().status == 0)
        let outputs = try sandbox.outputs()
        let counts = try sandbox.rowCounts()
        let checksum = "SELECT COUNT(*), SUM(value), SUM(n), SUM(sd), GROUP_CONCAT(wave || generation) FROM result JOIN wave USING (instrument, wave)"
        let results = try sandbox.sql(checksum)

        // A new, large export arrives (renamed into place, as a delivery should be).
        try generate(respondents: 30_000, seed: 6, to: sandbox.dir.path("data/big.tmp"))
        _ = rename(sandbox.dir.path("data/big.tmp"), sandbox.dir.path("data/responses.csv"))

        let moments: [Moment] = [
            .after(0.25), .logged("stakeholder-survey: reading 1 input"), .paused("analysed"), .paused("transaction"),
        ]
        for moment in moments {
            let process = try sandbox.start(environment: pauseEnvironment(moment))
            try waitFor(moment, process)
            process.kill9()
            #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"], "\(moment)")
            #expect(try sandbox.rowCounts() == counts, "\(moment)")
            #expect(try sandbox.sql(checksum) == results, "the database changed when killed \(moment)")
            #expect(try sandbox.outputs() == outputs, "the outputs changed when killed \(moment)")
        }

        // Killed after the history committed and the first file was renamed into place: each file
        // is whole, old or new; the next run sees the outputs were not finished.
        let process = try sandbox.start(environment: ["SURVEYKPI_TEST_PAUSE_AT": "outputs"])
        try waitFor(.paused("outputs"), process)
        process.kill9()
        #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"])
        #expect(try sandbox.sql("SELECT outputs_current FROM instrument") == ["0"])
        let partial = try sandbox.outputs()
        #expect(partial.keys.sorted() == outputs.keys.sorted())
        #expect(partial.filter { outputs[$0.key] != $0.value }.keys.sorted() == ["dashboard.txt"])

        let final = try sandbox.run()
        #expect(final.status == 0, "\(final.stderr)")
        let log = logLines(final.stderr)
        #expect(log.contains("info [inputs] stakeholder-survey: reading 1 input (the last run stopped before its outputs were written)"))
        #expect(log.contains { $0.hasPrefix("info [history] committed in one transaction: stakeholder-survey no wave changed (unchanged: 2024, 2025, 2026); 0 results written") })
        #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"])
        #expect(try sandbox.sql("SELECT SUM(rows_read) FROM input") == ["30000"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(sandbox.output("report.json").utf8)) as? [String: Any])
        #expect((report["inputs"] as? [[String: Any]])?.first?["rows"] as? [String: Int] == ["read": 30_000, "accepted": 30_000, "rejected": 0])
        #expect(try sandbox.outputs().keys.filter { $0.contains(".tmp-") }.isEmpty, "no temporary file is left behind")
        let settled = try sandbox.run()
        #expect(logLines(settled.stderr).contains("info [inputs] stakeholder-survey: 1 input unchanged since the last successful run; not read again"))
    }

    private func pauseEnvironment(_ moment: Moment) -> [String: String] {
        if case .paused(let point) = moment { return ["SURVEYKPI_TEST_PAUSE_AT": point] }
        return [:]
    }

    private func waitFor(_ moment: Moment, _ process: RunningProcess) throws {
        switch moment {
        case .after(let seconds):
            usleep(UInt32(seconds * 1_000_000))
            try #require(process.process.isRunning, "the run ended before \(moment): \(process.stderr)")
        case .logged(let text):
            try #require(process.waitForLog(text), "\(process.stderr)")
        case .paused(let point):
            try #require(process.waitForLog("paused at \(point)"), "\(process.stderr)")
        }
    }

    private func generate(respondents: Int, seed: Int, to path: String) throws {
        let result = try ProcessRunner.run([
            "generate", "--instrument", Demo.instrument, "--respondents", "\(respondents)", "--waves", "3", "--seed", "\(seed)", "--output", path,
        ])
        try #require(result.status == 0, "\(result.stderr)")
    }
}
