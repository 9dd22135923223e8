import Foundation
import GRDB
import SurveyModel

/// The KPI history: results per (instrument, wave, group, segment, measure) in a SQLite file,
/// through GRDB.
///
/// The schema is created and upgraded by ``HistoryStore/migrator``, one registered migration per
/// change, from the first version on; a database written by a newer build (with migrations this
/// build does not know) is refused rather than guessed at. Writes happen in single transactions
/// (``apply(_:force:beforeCommit:)``), SQLite's rollback journal makes each one all-or-nothing even when the
/// process is killed, and foreign keys cascade a replaced wave to its results, so re-running a
/// wave replaces it and never duplicates it.
///
/// ```swift
/// let store = try HistoryStore(path: "var/surveykpi.sqlite")
/// let series = try store.kpiSeries(kpi: "learner-si")
/// ```
public final class HistoryStore: Sendable {
    /// The database file.
    public let path: String
    let queue: DatabaseQueue

    /// Opens the database at `path`, creating it (and running every migration) when `readOnly`
    /// is false.
    ///
    /// - Parameters:
    ///   - path: The SQLite file.
    ///   - readOnly: Open an existing database without changing it (`surveykpi history`).
    /// - Throws: ``SurveyError`` `.noInput` (66) when a read-only database does not exist,
    ///   `.dataError` (65) when the file is not a SurveyKPI history or comes from a newer build,
    ///   `.cannotCreate` (73) when it cannot be created or migrated, `.locked` (75) when busy.
    public init(path: String, readOnly: Bool = false) throws(SurveyError) {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.label = "surveykpi.history"
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw SurveyError(.noInput, path: path, "no history database here; `surveykpi run` creates it")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.failure(error, path: path, doing: "cannot open the history database")
        }
        do {
            try queue.read { db in
                if try Self.migrator.hasBeenSuperseded(db) {
                    throw SurveyError(.dataError, path: path, "the history database was written by a newer surveykpi (unknown schema migrations); use that version")
                }
                if readOnly, try !Self.migrator.hasCompletedMigrations(db) {
                    throw SurveyError(.dataError, path: path, "not a SurveyKPI history database, or one with an older schema; run `surveykpi run` to create or upgrade it")
                }
            }
            if !readOnly { try Self.migrator.migrate(queue) }
        } catch let error as SurveyError {
            throw error
        } catch {
            throw Self.failure(error, path: path, doing: "cannot prepare the history database")
        }
    }

    /// The identifiers of the migrations applied to this database, in order.
    public func appliedMigrations() throws(SurveyError) -> [String] {
        try read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// The schema, one registered migration per change. Never edit a shipped migration: add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-results") { db in
            try db.execute(sql: """
                CREATE TABLE instrument (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    version TEXT,
                    sha256 TEXT NOT NULL,
                    confidence REAL NOT NULL,
                    significance REAL NOT NULL,
                    definition TEXT NOT NULL,
                    output_signature TEXT NOT NULL DEFAULT '',
                    outputs_current INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE input (
                    instrument TEXT NOT NULL REFERENCES instrument(id) ON DELETE CASCADE,
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    format TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    rows_accepted INTEGER NOT NULL,
                    rows_rejected INTEGER NOT NULL,
                    PRIMARY KEY (instrument, path)
                ) WITHOUT ROWID;
                CREATE TABLE wave (
                    instrument TEXT NOT NULL REFERENCES instrument(id) ON DELETE CASCADE,
                    wave TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    generation INTEGER NOT NULL,
                    PRIMARY KEY (instrument, wave)
                ) WITHOUT ROWID;
                CREATE TABLE result (
                    instrument TEXT NOT NULL,
                    wave TEXT NOT NULL,
                    grp TEXT NOT NULL,
                    segment TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    ref TEXT NOT NULL,
                    measure TEXT NOT NULL,
                    value REAL, n REAL, sd REAL, count REAL, total REAL,
                    promoters INTEGER, passives INTEGER, detractors INTEGER,
                    target REAL, threshold REAL, status TEXT, suppressed TEXT, test TEXT,
                    PRIMARY KEY (instrument, wave, grp, segment, kind, ref, measure),
                    FOREIGN KEY (instrument, wave) REFERENCES wave(instrument, wave) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE INDEX result_by_measure ON result(instrument, kind, ref, grp, segment);
                """)
        }
        return migrator
    }

    func read<T>(_ body: (Database) throws -> T) throws(SurveyError) -> T {
        do {
            return try queue.read(body)
        } catch let error as SurveyError {
            throw error
        } catch {
            throw Self.failure(error, path: path, doing: "cannot read the history database")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(SurveyError) -> T {
        do {
            return try queue.write(body)
        } catch let error as SurveyError {
            throw error
        } catch {
            throw Self.failure(error, path: path, doing: "cannot write the history database")
        }
    }

    /// A GRDB or SQLite error as a ``SurveyError`` with the exit code it deserves.
    static func failure(_ error: any Error, path: String, doing what: String) -> SurveyError {
        guard let error = error as? DatabaseError else { return SurveyError(.cannotCreate, path: path, "\(what): \(error)") }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return SurveyError(.locked, path: path, "\(what): the database is busy (\(message))")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return SurveyError(.dataError, path: path, "\(what): \(message)")
        default: return SurveyError(.cannotCreate, path: path, "\(what): \(message)")
        }
    }
}
