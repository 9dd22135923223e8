import Foundation
import SurveyHistory
import SurveyModel
import SurveyTestSupport
import Testing

/// The store on real SQLite files: migrations, single-transaction replacement, failures.
@Suite struct HistoryStoreTests {
    @Test func createsTheSchemaThroughMigrationsAndReopensIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("history.sqlite")
        #expect(try HistoryStore(path: path).appliedMigrations() == ["v1-results"])
        #expect(try HistoryStore(path: path).appliedMigrations() == ["v1-results"])
        #expect(try HistoryStore(path: path, readOnly: true).rowCounts() == ["instrument": 0, "input": 0, "wave": 0, "result": 0])
        #expect(try sqlite(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")
            == ["grdb_migrations", "input", "instrument", "result", "wave"])
    }

    @Test func readOnlyOpenOfAMissingFileIsInputMissing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("none.sqlite")
        #expect(throws: SurveyError(.noInput, path: path, "no history database here; `surveykpi run` creates it")) {
            try HistoryStore(path: path, readOnly: true)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func refusesADatabaseWrittenByANewerBuild() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("history.sqlite")
        _ = try HistoryStore(path: path)
        _ = try sqlite(path, "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        #expect(throws: SurveyError(.dataError, path: path, "the history database was written by a newer surveykpi (unknown schema migrations); use that version")) {
            try HistoryStore(path: path)
        }
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("notes.sqlite", String(repeating: "not a database at all\n", count: 100))
        #expect(throws: SurveyError.self) { try HistoryStore(path: path) }
        do {
            _ = try HistoryStore(path: path)
        } catch {
            #expect(error.exitCode == 65)
            #expect(error.message == "cannot open the history database: file is not a database")
        }
    }

    @Test func aRerunReplacesWavesAndNeverDuplicates() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try HistoryStore(path: dir.path("history.sqlite"))
        let update = Sample.update(waves: ["2025": 60, "2026": 70])
        let first = try store.apply([update], force: false)
        #expect(first.replaced == ["mini": ["2025", "2026"]])
        #expect(first.generation == 1)
        let counts = try store.rowCounts()
        #expect(counts == ["instrument": 1, "input": 1, "wave": 2, "result": 4])

        let again = try store.apply([update], force: false)
        #expect(again.replaced == [:])
        #expect(again.unchanged == ["mini": ["2025", "2026"]])
        #expect(again.rowsWritten == 0)
        #expect(try store.rowCounts() == counts)

        let forced = try store.apply([update], force: true)
        #expect(forced.replaced == ["mini": ["2025", "2026"]])
        #expect(try store.rowCounts() == counts)
        #expect(forced.generation == 2, "a run that writes nothing takes no generation")
        #expect(try store.generations(of: "mini") == ["2025": 2, "2026": 2])

        let changed = try store.apply([Sample.update(waves: ["2025": 60, "2026": 72])], force: false)
        #expect(changed.replaced == ["mini": ["2026"]])
        #expect(changed.unchanged == ["mini": ["2025"]])
        #expect(try store.generations(of: "mini") == ["2025": 2, "2026": 3])
        #expect(try store.rowCounts() == counts)
        #expect(try store.kpiSeries().first?.points.map(\.value) == [60, 72])
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try HistoryStore(path: dir.path("history.sqlite"))
        var update = Sample.update(waves: ["2025": 60])
        update.results.append(update.results[0])  // the same key twice: the primary key refuses it
        #expect(throws: SurveyError.self) { try store.apply([update], force: false) }
        #expect(try store.rowCounts() == ["instrument": 0, "input": 0, "wave": 0, "result": 0])
        #expect(try sqlite(store.path, "PRAGMA integrity_check") == ["ok"])
    }

    @Test func outputsAreCurrentOnlyOnceMarked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try HistoryStore(path: dir.path("history.sqlite"))
        try store.apply([Sample.update(waves: ["2025": 60])], force: false)
        #expect(try store.state(of: "mini")?.outputsCurrent == false)
        try store.markOutputsCurrent(["mini"])
        let state = try #require(try store.state(of: "mini"))
        #expect(state.outputsCurrent)
        #expect(state.outputSignature == "directory=/out/;formats=json")
        #expect(state.inputs == [StoredInput(path: "data/mini.csv", sha256: "abc", format: "csv", read: 12, accepted: 11, rejected: 1)])
        #expect(state.instrument.kpis.map(\.id) == ["teach"])
        #expect(try store.state(of: "other") == nil)
    }
}

/// Runs SQL on a database file with python's sqlite3 module; one string per row, columns joined by `|`.
func sqlite(_ path: String, _ statement: String) throws -> [String] {
    let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nrows = c.execute(sys.argv[2]).fetchall()\nc.commit()\nprint('\\n'.join('|'.join(str(v) for v in r) for r in rows))"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, path, statement]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}
