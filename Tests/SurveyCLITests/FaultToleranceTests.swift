import Foundation
import SurveyModel
import SurveyTestSupport
import Testing

/// Crash consistency of `surveykpi run` under faults (issue #9): `kill -9` at 20 random moments, a
/// full disk under the outputs and under the database, a read-only output and database folder,
/// and a corrupted SQLite file. Each fault ends in a clear error and exit code (or, for a kill,
/// in a state the next run completes), and nothing the previous run left is overwritten or lost.
///
/// The full disk and the read-only folders are small tmpfs mounts where `mount -t tmpfs` works
/// (as root); the full disk is also simulated everywhere by `SURVEYKPI_TEST_DISK_FULL`, which
/// fails every output write as ENOSPC would.
@Suite struct FaultToleranceTests {
    /// Values of the history, without generation counters (which every replacing run bumps).
    static let history = "SELECT COUNT(*), SUM(value), SUM(n), SUM(sd), GROUP_CONCAT(DISTINCT wave) FROM result"

    // MARK: kill -9

    @Test func killNineAtTwentyRandomMomentsLeavesTheOldStateOrTheNewNeverAMix() throws {
        let sandbox = try RunSandbox(instrument: Demo.instrument, inputs: ["data/responses.csv"])
        defer { sandbox.dir.remove() }
        let fm = FileManager.default
        try fm.createDirectory(atPath: sandbox.dir.path("data"), withIntermediateDirectories: true)
        try Self.generate(respondents: 1_500, seed: 5, to: sandbox.dir.path("data/responses.csv"))
        try #require(try sandbox.run().status == 0)
        let oldOutputs = try Self.fingerprints(sandbox)
        let oldHistory = try sandbox.sql(Self.history)
        try fm.copyItem(atPath: sandbox.dir.path("var"), toPath: sandbox.dir.path("var.old"))

        // A new export arrives; a complete run on a copy measures how long the job takes.
        try Self.generate(respondents: 6_000, seed: 6, to: sandbox.dir.path("data/big.tmp"))
        _ = rename(sandbox.dir.path("data/big.tmp"), sandbox.dir.path("data/responses.csv"))
        let started = Date()
        let complete = try sandbox.run()
        let duration = Date().timeIntervalSince(started)
        try #require(complete.status == 0, "\(complete.stderr)")
        let newOutputs = try Self.fingerprints(sandbox)
        let newHistory = try sandbox.sql(Self.history)
        try #require(newHistory != oldHistory && newOutputs != oldOutputs)

        var rng = SeededGenerator(seed: 2_026)
        var stoppedBeforeTheEnd = 0
        for trial in 0..<20 {
            // Back to the state the previous night left.
            try fm.removeItem(atPath: sandbox.dir.path("var"))
            try fm.copyItem(atPath: sandbox.dir.path("var.old"), toPath: sandbox.dir.path("var"))
            let delay = duration * Double(rng.next() % 1_000) / 1_000
            let process = try sandbox.start()
            usleep(UInt32(delay * 1_000_000))
            if process.process.isRunning { stoppedBeforeTheEnd += 1 }
            process.kill9()
            let moment = "trial \(trial), killed after \(String(format: "%.2f", delay)) s of \(String(format: "%.2f", duration)) s"
            #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"], "\(moment)")
            let history = try sandbox.sql(Self.history)
            #expect(history == oldHistory || history == newHistory, "the history is neither the old nor the new one: \(moment)")
            for (file, print) in try Self.fingerprints(sandbox) {
                #expect(print == oldOutputs[file] || print == newOutputs[file], "\(file) is neither old nor new: \(moment)")
            }
            // The next run finishes the job, whatever the kill left.
            let next = try sandbox.run()
            #expect(next.status == 0, "\(moment): \(next.stderr)")
            #expect(try sandbox.sql(Self.history) == newHistory, "\(moment)")
            #expect(try Self.fingerprints(sandbox) == newOutputs, "\(moment)")
            #expect(try sandbox.outputs().keys.allSatisfy { !$0.contains(".tmp-") }, "a temporary file outlived the next run: \(moment)")
        }
        #expect(stoppedBeforeTheEnd >= 10, "only \(stoppedBeforeTheEnd) of 20 kills hit a running job")
    }

    // MARK: Full disk

    @Test func aFullDiskUnderTheOutputsFailsWith73AndKeepsThem() throws {
        // Simulated: every output write fails as ENOSPC would.
        let sandbox = try Self.ranSandbox()
        defer { sandbox.dir.remove() }
        let outputs = try sandbox.outputs()
        let failed = try sandbox.run(["--force"], environment: ["SURVEYKPI_TEST_DISK_FULL": "1"])
        #expect(failed.status == 73, "\(failed.stderr)")
        #expect(logLines(failed.stderr).last == "error [outputs] var/reports/dashboard.txt: error: cannot write output: No space left on device")
        #expect(try sandbox.outputs() == outputs, "an output changed or a temporary file was left")
        #expect(try sandbox.run().status == 0, "the next run, with room, finishes the job")
    }

    @Test(.enabled(if: Tmpfs.available, "needs mount -t tmpfs (root)"))
    func aFullTmpfsUnderTheOutputsFailsWith73AndKeepsThem() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        try sandbox.writeConfig("database: var/history.sqlite\noutput: out/reports\nformats: [text, json, csv, prometheus]\ninstruments:\n  - { instrument: \(Fixture.instrument), inputs: [\"\(Fixture.good)\"] }")
        let mount = try Tmpfs(at: sandbox.dir.path("out"), size: "1m")
        defer { mount.unmount() }
        try #require(try sandbox.run().status == 0)
        let reports = sandbox.dir.path("out/reports")
        let outputs = try Self.files(reports)
        try mount.fill(leaving: 1024)
        let failed = try sandbox.run(["--force"])
        #expect(failed.status == 73, "\(failed.stderr)")
        #expect(logLines(failed.stderr).last == "error [outputs] out/reports/dashboard.txt: error: cannot write output: No space left on device")
        #expect(try Self.files(reports) == outputs, "an output changed or a temporary file was left")
        #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"])
        mount.unfill()
        #expect(try sandbox.run().status == 0, "the next run, with room, finishes the job")
        #expect(try Self.files(reports) == outputs.filter { $0.key != "surveykpi.prom" }.merging(try Self.files(reports).filter { $0.key == "surveykpi.prom" }) { a, _ in a })
    }

    @Test(.enabled(if: Tmpfs.available, "needs mount -t tmpfs (root)"))
    func aFullTmpfsUnderTheDatabaseFailsAndKeepsIt() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        try sandbox.writeConfig("database: db/history.sqlite\noutput: var/reports\nformats: [text, json, csv, prometheus]\ninstruments:\n  - { instrument: \(Fixture.instrument), inputs: [\"\(Fixture.good)\"] }")
        let mount = try Tmpfs(at: sandbox.dir.path("db"), size: "1m")
        defer { mount.unmount() }
        try #require(try sandbox.run().status == 0)
        let path = sandbox.dir.path("db/history.sqlite")
        let database = try Data(contentsOf: URL(fileURLWithPath: path))
        let outputs = try sandbox.outputs()
        try mount.fill(leaving: 8 * 1024)
        let failed = try sandbox.run(["--force"])
        #expect(failed.status == 73, "\(failed.stderr)")
        #expect(logLines(failed.stderr).last == "error [history] db/history.sqlite: error: cannot write the history database: database or disk is full")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == database, "the database changed")
        #expect(try querySQLite(path, "PRAGMA integrity_check") == ["ok"])
        #expect(try sandbox.outputs() == outputs)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.dir.path("db")).sorted() == ["filler", "history.sqlite", "history.sqlite.lock"], "a journal was left behind")
    }

    // MARK: Read-only folders

    @Test(.enabled(if: Tmpfs.available, "needs mount -t tmpfs (root)"))
    func aReadOnlyOutputFolderFailsWith73AndKeepsTheOutputs() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        try sandbox.writeConfig("database: var/history.sqlite\noutput: out/reports\nformats: [text, json, csv, prometheus]\ninstruments:\n  - { instrument: \(Fixture.instrument), inputs: [\"\(Fixture.good)\"] }")
        let mount = try Tmpfs(at: sandbox.dir.path("out"), size: "4m")
        defer { mount.unmount() }
        try #require(try sandbox.run().status == 0)
        let reports = sandbox.dir.path("out/reports")
        let outputs = try Self.files(reports)
        try mount.remountReadOnly()
        let failed = try sandbox.run(["--force"])
        #expect(failed.status == 73, "\(failed.stderr)")
        #expect(logLines(failed.stderr).last == "error [outputs] out/reports/dashboard.txt: error: cannot write output: Read-only file system")
        #expect(try Self.files(reports) == outputs)
        #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"])
        #expect(try sandbox.sql("SELECT outputs_current FROM instrument") == ["0"], "the next run must know the outputs are not current")
    }

    @Test(.enabled(if: Tmpfs.available, "needs mount -t tmpfs (root)"))
    func aReadOnlyDatabaseFolderFailsWith73AndKeepsTheHistory() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        try sandbox.writeConfig("database: db/history.sqlite\noutput: var/reports\nformats: [text, json, csv, prometheus]\ninstruments:\n  - { instrument: \(Fixture.instrument), inputs: [\"\(Fixture.good)\"] }")
        let mount = try Tmpfs(at: sandbox.dir.path("db"), size: "2m")
        defer { mount.unmount() }
        try #require(try sandbox.run().status == 0)
        let path = sandbox.dir.path("db/history.sqlite")
        let database = try Data(contentsOf: URL(fileURLWithPath: path))
        let outputs = try sandbox.outputs()
        try mount.remountReadOnly()
        let failed = try sandbox.run(["--force"])
        #expect(failed.status == 73, "\(failed.stderr)")
        #expect(logLines(failed.stderr).last == "error [lock] db/history.sqlite.lock: error: cannot open the lock file: Read-only file system", "\(failed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == database)
        #expect(try sandbox.outputs() == outputs)
    }

    // MARK: A corrupted database

    enum Corruption: String, CaseIterable, Sendable {
        case scrambledPages, notADatabase, truncated
    }

    @Test(arguments: Corruption.allCases)
    func aCorruptedDatabaseIsAClearErrorAndNothingIsOverwritten(_ corruption: Corruption) throws {
        let sandbox = try Self.ranSandbox()
        defer { sandbox.dir.remove() }
        let outputs = try sandbox.outputs()
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: sandbox.database)))
        switch corruption {
        case .scrambledPages:
            var rng = SeededGenerator(seed: 7)
            for i in 100..<min(bytes.count, 8_000) { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
        case .notADatabase:
            bytes = Array("these are not the pages you are looking for\n".utf8)
        case .truncated:
            bytes = Array(bytes.prefix(bytes.count / 3))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: sandbox.database))
        for arguments in [[], ["--force"]] {
            let failed = try sandbox.run(arguments)
            let expected: String
            switch corruption {
            case .notADatabase: expected = "error [database] var/history.sqlite: error: cannot open the history database: file is not a database"
            default: expected = "error [database] var/history.sqlite: error: cannot open the history database: database disk image is malformed"
            }
            #expect(failed.status == 65, "\(arguments): \(failed.stderr)")
            #expect(logLines(failed.stderr).last == expected, "\(arguments): \(failed.stderr)")
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: sandbox.database))) == bytes, "the damaged database was changed, not kept for inspection")
            #expect(try sandbox.outputs() == outputs, "an output was overwritten")
        }
    }

    // MARK: Helpers

    /// A sandbox on the mini instrument after one successful run.
    static func ranSandbox() throws -> RunSandbox {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        let first = try sandbox.run()
        try #require(first.status == 0, "\(first.stderr)")
        return sandbox
    }

    /// A hash of each output, by path, without the Prometheus file (it holds the time of the run).
    static func fingerprints(_ sandbox: RunSandbox) throws -> [String: Int] {
        try sandbox.outputs().filter { $0.key != "surveykpi.prom" && !$0.key.contains(".tmp-") }.mapValues(\.hashValue)
    }

    /// Every file of a folder with its bytes.
    static func files(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    static func generate(respondents: Int, seed: Int, to path: String) throws {
        let result = try ProcessRunner.run([
            "generate", "--instrument", Demo.instrument, "--respondents", "\(respondents)", "--waves", "3", "--seed", "\(seed)", "--output", path,
        ])
        try #require(result.status == 0, "\(result.stderr)")
    }
}

/// A small tmpfs mounted for one test (root only).
struct Tmpfs {
    let path: String

    /// Whether this process can mount a tmpfs (checked once, by mounting one).
    static let available: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("surveykpi-tmpfs-probe-\(getpid())").path
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? command("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe])) == 0 else { return false }
        _ = try? command("/bin/umount", [probe])
        return true
    }()

    init(at path: String, size: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try #require(try Self.command("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]) == 0, "mount failed")
    }

    /// Fills the file system but for `bytes`.
    func fill(leaving bytes: Int) throws {
        var st = statvfs()
        try #require(statvfs(path, &st) == 0)
        let free = Int(st.f_bavail) * Int(st.f_frsize)
        let filler = FileManager.default.createFile(atPath: path + "/filler", contents: Data(count: max(0, free - bytes)))
        try #require(filler)
    }

    func unfill() { try? FileManager.default.removeItem(atPath: path + "/filler") }

    func remountReadOnly() throws {
        try #require(try Self.command("/bin/mount", ["-o", "remount,ro", path]) == 0, "remount failed")
    }

    func unmount() { _ = try? Self.command("/bin/umount", [path]) }

    @discardableResult
    static func command(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
