import Foundation
import SurveyTestSupport
import Testing

/// A nightly-job sandbox: a temporary folder holding a run configuration, input data, and the
/// history and outputs the run writes (`var/history.sqlite`, `var/reports/`).
struct RunSandbox {
    let dir: TemporaryDirectory
    /// The configuration file.
    var config: String { dir.path("nightly.yaml") }
    /// The history database.
    var database: String { dir.path("var/history.sqlite") }
    /// The output directory.
    var output: String { dir.path("var/reports") }

    /// Writes a configuration with one instrument (absolute path) and its input patterns.
    init(instrument: String, inputs: [String], formats: String = "[text, json, csv, prometheus]") throws {
        dir = try TemporaryDirectory()
        try writeConfig("""
            database: var/history.sqlite
            output: var/reports
            formats: \(formats)
            instruments:
              - instrument: \(instrument)
                inputs: [\(inputs.map { "\"\($0)\"" }.joined(separator: ", "))]
            """)
    }

    /// A sandbox on the demo's stakeholder survey with its three waves copied to `data/`.
    static func demo() throws -> RunSandbox {
        let sandbox = try RunSandbox(instrument: Demo.instrument, inputs: ["data/*.csv"])
        for wave in ["2024", "2025", "2026"] { try sandbox.copy(Demo.data(wave), to: "data/stakeholder-\(wave).csv") }
        return sandbox
    }

    /// Replaces the configuration.
    func writeConfig(_ text: String) throws {
        try dir.write("nightly.yaml", text + "\n")
    }

    /// Copies a file into the sandbox, creating folders.
    func copy(_ source: String, to name: String) throws {
        try FileManager.default.createDirectory(atPath: (dir.path(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: dir.path(name))
        try FileManager.default.copyItem(atPath: source, toPath: dir.path(name))
    }

    /// Runs `surveykpi run --config nightly.yaml` plus arguments, from the package root.
    func run(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(["run", "--config", config] + extra, environment: environment)
    }

    /// Starts a run and returns without waiting for it.
    func start(_ extra: [String] = [], environment: [String: String] = [:]) throws -> RunningProcess {
        try RunningProcess(["run", "--config", config] + extra, environment: environment, log: dir.path("stderr-\(UUID().uuidString).log"))
    }

    /// Rows of a query on the history database.
    func sql(_ statement: String) throws -> [String] { try querySQLite(database, statement) }

    /// Row counts of the history's tables.
    func rowCounts() throws -> [String] {
        try sql("SELECT (SELECT COUNT(*) FROM instrument), (SELECT COUNT(*) FROM input), (SELECT COUNT(*) FROM wave), (SELECT COUNT(*) FROM result)")
    }

    /// The text of an output file.
    func output(_ name: String) throws -> String {
        try String(contentsOfFile: output + "/" + name, encoding: .utf8)
    }

    /// Every output file with its bytes, by path relative to the output directory.
    func outputs() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: output)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: output + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: output + "/" + name))
            }
        }
        return files
    }
}

/// The bundled demo's files.
enum Demo {
    static let instrument = ProcessRunner.packageRoot.appendingPathComponent("Surveys/stakeholder-survey.yaml").path
    static func data(_ wave: String) -> String {
        ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/stakeholder-\(wave).csv").path
    }
}

/// A `surveykpi` process left running; its stderr goes to a file a test can poll.
final class RunningProcess {
    let process = Process()
    let log: String

    init(_ arguments: [String], environment: [String: String] = [:], log: String) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = ProcessRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = ProcessRunner.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["NO_COLOR": "1"]) { a, _ in a }) { _, b in b }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// What it has written to stderr so far.
    var stderr: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Waits until stderr holds `text` (or the process ended, or 60 s passed); true when found.
    @discardableResult
    func waitForLog(_ text: String, timeout: TimeInterval = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { return stderr.contains(text) }
            usleep(10_000)
        }
        return false
    }

    /// Sends SIGKILL, as `kill -9` does, and reaps the process.
    func kill9() {
        kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the end; the exit status, or 128 + signal when killed.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}

/// Rows of a query on a SQLite file, through python's sqlite3 module; columns joined by `|`.
func querySQLite(_ path: String, _ statement: String) throws -> [String] {
    let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nrows = c.execute(sys.argv[2]).fetchall()\nprint('\\n'.join('|'.join(str(v) for v in r) for r in rows))"
    let result = try python(script, [path, statement])
    try #require(result.status == 0, "python sqlite3 failed: \(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init)
}

/// What a python3 script did.
struct PythonResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a python3 script with arguments. Output goes through temporary files, not pipes, so a
/// large result can never fill a pipe and stall both processes.
func python(_ script: String, _ arguments: [String]) throws -> PythonResult {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("surveykpi-python-\(UUID().uuidString)").path
    _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
    _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: base + ".out")
        try? FileManager.default.removeItem(atPath: base + ".err")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return PythonResult(
        status: process.terminationStatus,
        stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
}

/// Stderr lines without the run's timing, which is the one part that varies.
func logLines(_ stderr: String) -> [String] {
    stderr.split(separator: "\n").map { line in
        String(line).replacing(#/ in \d+\.\d\d s/#, with: " in T s")
    }
}

@Suite struct RunSandboxTests {
    @Test func theSandboxConfigurationRunsTheMiniInstrument() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        let result = try sandbox.run()
        #expect(result.status == 0)
        #expect(logLines(result.stderr).last == "info [done] 1 instrument, 1 read again, 6 files written in T s")
        #expect(try sandbox.outputs().keys.sorted() == ["dashboard.txt", "index.json", "rejects.csv", "report.csv", "report.json", "surveykpi.prom"])
        let counts = try #require(try sandbox.rowCounts().first?.split(separator: "|").compactMap { Int($0) })
        #expect(counts.prefix(3) == [1, 1, 2])
        #expect(counts[3] > 100)
    }
}
