import GRDB
import SurveyModel

/// The new state of one instrument after its inputs were read again.
public struct InstrumentUpdate: Sendable {
    /// The instrument.
    public var instrument: StoredInstrument
    /// Its inputs now.
    public var inputs: [StoredInput]
    /// Waves in report order.
    public var waves: [String]
    /// Every result of the fresh report (see ``HistoryRows``).
    public var results: [HistoryResult]
    /// Where and in which formats its outputs are about to be written.
    public var outputSignature: String

    /// Creates an update.
    public init(instrument: StoredInstrument, inputs: [StoredInput], waves: [String], results: [HistoryResult], outputSignature: String) {
        self.instrument = instrument
        self.inputs = inputs
        self.waves = waves
        self.results = results
        self.outputSignature = outputSignature
    }
}

/// What ``HistoryStore/apply(_:force:beforeCommit:)`` changed.
public struct HistoryWriteSummary: Hashable, Sendable {
    /// Per instrument id, the waves whose results were replaced (or written for the first time).
    public var replaced: [String: [String]] = [:]
    /// Per instrument id, the waves whose results were already stored as they are now.
    public var unchanged: [String: [String]] = [:]
    /// Result rows written.
    public var rowsWritten = 0
    /// The run generation stamped on replaced waves.
    public var generation = 0
}

extension HistoryStore {
    /// Writes every update in one transaction: instruments, inputs and the waves whose results
    /// differ from the stored ones (or every wave, with `force`). A wave is replaced whole —
    /// deleting its row cascades to its results — so a re-run never duplicates anything. Waves
    /// stored earlier but absent from the new report stay as history. Outputs are marked not
    /// current until ``markOutputsCurrent(_:)``.
    ///
    /// - Parameters:
    ///   - updates: The instruments read again.
    ///   - force: Replace every wave of the fresh reports, changed or not.
    ///   - beforeCommit: Called inside the transaction after the last write (a test hook: the
    ///     crash tests kill the process here).
    /// - Throws: ``SurveyError``; on any failure nothing is written.
    @discardableResult
    public func apply(_ updates: [InstrumentUpdate], force: Bool, beforeCommit: () -> Void = {}) throws(SurveyError) -> HistoryWriteSummary {
        try write { db in
            var summary = HistoryWriteSummary()
            let last = try Int.fetchOne(db, sql: "SELECT MAX(generation) FROM wave") ?? 0
            summary.generation = last + 1
            for update in updates {
                let i = update.instrument
                try db.execute(sql: """
                    INSERT INTO instrument (id, title, version, sha256, confidence, significance, definition, output_signature, outputs_current)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
                    ON CONFLICT(id) DO UPDATE SET title = excluded.title, version = excluded.version, sha256 = excluded.sha256,
                        confidence = excluded.confidence, significance = excluded.significance, definition = excluded.definition,
                        output_signature = excluded.output_signature, outputs_current = 0
                    """, arguments: [i.id, i.title, i.version, i.sha256, i.confidence, i.significance, i.definitionJSON, update.outputSignature])
                try db.execute(sql: "DELETE FROM input WHERE instrument = ?", arguments: [i.id])
                for input in update.inputs {
                    try db.execute(
                        sql: "INSERT INTO input (instrument, path, sha256, format, rows_read, rows_accepted, rows_rejected) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [i.id, input.path, input.sha256, input.format, input.read, input.accepted, input.rejected])
                }
                let byWave = Dictionary(grouping: update.results, by: \.wave)
                for wave in update.waves {
                    let fresh = byWave[wave] ?? []
                    let stored = try HistoryResult.fetchAll(db, sql: "SELECT * FROM result WHERE instrument = ? AND wave = ?", arguments: [i.id, wave])
                    if !force && stored.count == fresh.count && Set(stored) == Set(fresh) {
                        summary.unchanged[i.id, default: []].append(wave)
                        continue
                    }
                    try db.execute(sql: "DELETE FROM wave WHERE instrument = ? AND wave = ?", arguments: [i.id, wave])
                    try db.execute(sql: "INSERT INTO wave (instrument, wave, position, generation) VALUES (?, ?, 0, ?)", arguments: [i.id, wave, summary.generation])
                    for result in fresh { try result.insert(db) }
                    summary.rowsWritten += fresh.count
                    summary.replaced[i.id, default: []].append(wave)
                }
                try reorderWaves(db, instrument: i, reportOrder: update.waves)
            }
            beforeCommit()
            return summary
        }
    }

    /// Marks the outputs of these instruments as written after their results.
    public func markOutputsCurrent(_ instruments: [String]) throws(SurveyError) {
        try write { db in
            for id in instruments { try db.execute(sql: "UPDATE instrument SET outputs_current = 1 WHERE id = ?", arguments: [id]) }
        }
    }

    /// Numbers every stored wave of an instrument: the declared order first, then report order,
    /// then archived waves by label.
    private func reorderWaves(_ db: Database, instrument: StoredInstrument, reportOrder: [String]) throws {
        let stored = try String.fetchAll(db, sql: "SELECT wave FROM wave WHERE instrument = ?", arguments: [instrument.id])
        let declared = instrument.declaredWaves ?? []
        func rank(_ wave: String) -> (Int, Int, String) {
            if let d = declared.firstIndex(of: wave) { return (0, d, "") }
            if let r = reportOrder.firstIndex(of: wave) { return (1, r, "") }
            return (2, 0, wave)
        }
        for (position, wave) in stored.sorted(by: { rank($0) < rank($1) }).enumerated() {
            try db.execute(sql: "UPDATE wave SET position = ? WHERE instrument = ? AND wave = ? AND position != ?", arguments: [position, instrument.id, wave, position])
        }
    }
}
