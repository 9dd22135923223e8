import Foundation
import SurveyTestSupport
import Testing

/// One run at a time: a second run exits 75 while the first holds the lock; a lock left by a
/// killed run is taken over.
@Suite struct RunLockTests {
    @Test func aSecondRunExits75AndAKilledRunsLockIsTakenOver() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        let first = try sandbox.start(environment: ["SURVEYKPI_TEST_PAUSE_AT": "analysed"])
        #expect(first.waitForLog("paused at analysed"), "\(first.stderr)")

        let second = try sandbox.run()
        #expect(second.status == 75)
        #expect(second.stderr.hasSuffix("info [config] \(sandbox.config): 1 instrument; formats text, json, csv, prometheus; database var/history.sqlite; output var/reports\n"
            + "error [lock] var/history.sqlite.lock: error: another run (pid \(first.pid)) holds the lock; not starting a second run\n"))

        first.kill9()
        #expect(try String(contentsOfFile: sandbox.database + ".lock", encoding: .utf8) == "\(first.pid)\n")
        let third = try sandbox.run()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(logLines(third.stderr)[1] == "warning [lock] acquired var/history.sqlite.lock, taking over a stale lock left by pid \(first.pid), which is no longer running")
        #expect(try String(contentsOfFile: sandbox.database + ".lock", encoding: .utf8) == "", "a finished run empties the lock file")

        let fourth = try sandbox.run()
        #expect(logLines(fourth.stderr)[1] == "info [lock] acquired var/history.sqlite.lock")
    }

    @Test func twoRunsStartedTogetherOneExits75() throws {
        let sandbox = try RunSandbox.demo()
        defer { sandbox.dir.remove() }
        let a = try sandbox.start()
        let b = try sandbox.start()
        let statuses = [a.wait(), b.wait()].sorted()
        #expect(statuses == [0, 75], "\(a.stderr)\n\(b.stderr)")
        let loser = a.process.terminationStatus == 75 ? a : b
        let winner = loser === a ? b : a
        #expect(loser.stderr.contains("error [lock] var/history.sqlite.lock: error: another run (pid \(winner.pid)) holds the lock; not starting a second run\n"))
        #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"])
    }

    @Test func aLockFileNamingADeadProcessIsStale() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try FileManager.default.createDirectory(atPath: sandbox.dir.path("var"), withIntermediateDirectories: true)
        try "\(gone.processIdentifier)\n".write(toFile: sandbox.database + ".lock", atomically: true, encoding: .utf8)
        let result = try sandbox.run()
        #expect(result.status == 0)
        #expect(logLines(result.stderr)[1] == "warning [lock] acquired var/history.sqlite.lock, taking over a stale lock left by pid \(gone.processIdentifier), which is no longer running")
    }
}
