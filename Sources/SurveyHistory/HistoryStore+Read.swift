import GRDB
import SurveyModel

extension HistoryStore {
    /// The stored state of an instrument, or `nil` when it was never stored.
    public func state(of id: String) throws(SurveyError) -> InstrumentState? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM instrument WHERE id = ?", arguments: [id]) else { return nil }
            return InstrumentState(
                instrument: Self.instrument(row), inputs: try Self.inputs(db, of: id),
                outputSignature: row["output_signature"], outputsCurrent: row["outputs_current"])
        }
    }

    /// Every stored instrument, by id.
    public func instruments() throws(SurveyError) -> [StoredInstrument] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM instrument ORDER BY id").map(Self.instrument) }
    }

    /// The inputs of an instrument's last successful read, by path.
    public func inputs(of id: String) throws(SurveyError) -> [StoredInput] {
        try read { db in try Self.inputs(db, of: id) }
    }

    /// The stored waves of an instrument in order.
    public func waves(of id: String) throws(SurveyError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT wave FROM wave WHERE instrument = ? ORDER BY position", arguments: [id]) }
    }

    /// The generation (run number) that last wrote each wave of an instrument.
    public func generations(of id: String) throws(SurveyError) -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT wave, generation FROM wave WHERE instrument = ?", arguments: [id])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["wave"], $0["generation"]) })
        }
    }

    /// KPI series of whole groups over every stored wave, with the trend test between the last
    /// two waves that have a value; q-values are adjusted over all series returned.
    ///
    /// Series come by instrument id, then group and KPI in instrument order (`all` last).
    ///
    /// - Parameters:
    ///   - instrument: Only this instrument.
    ///   - kpi: Only this KPI id.
    ///   - group: Only this group id (or `all`).
    ///   - among: Only these instruments (a run's own, so that its family of tests is its own).
    public func kpiSeries(instrument: String? = nil, kpi: String? = nil, group: String? = nil, among: [String]? = nil) throws(SurveyError) -> [KPISeries] {
        let stored = try instruments().filter { (instrument == nil || $0.id == instrument) && (among?.contains($0.id) ?? true) }
        let rows: [(HistoryResult, Int)] = try read { db in
            var sql = "SELECT r.*, w.position FROM result r JOIN wave w ON w.instrument = r.instrument AND w.wave = r.wave WHERE r.kind = 'kpi' AND r.segment = ''"
            var arguments: [(any DatabaseValueConvertible)?] = []
            for (column, value) in [("r.instrument", instrument), ("r.ref", kpi), ("r.grp", group)] {
                guard let value else { continue }
                sql += " AND \(column) = ?"
                arguments.append(value)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY w.position", arguments: StatementArguments(arguments)).map { (HistoryResult(row: $0), $0["position"]) }
        }
        var series: [KPISeries] = []
        var significance: [Double] = []
        var trends: [HistoryTrend?] = []
        for info in stored {
            let mine = rows.filter { $0.0.instrument == info.id }.map(\.0)
            let groups = info.groups.map(\.id) + ["all"]
            for g in groups {
                for k in info.kpis {
                    let points = mine.filter { $0.group == g && $0.ref == k.id }
                    guard !points.isEmpty else { continue }
                    series.append(KPISeries(
                        instrument: info.id, group: g, kpi: k.id, title: k.title, measure: k.measure, direction: k.direction,
                        points: points.map { .init(wave: $0.wave, value: $0.value, target: $0.target, threshold: $0.threshold, status: $0.status ?? "no-data", n: $0.n) }))
                    significance.append(info.significance)
                    let valued = Array(points.filter { $0.value != nil }.suffix(2))
                    trends.append(valued.count == 2 ? HistoryTrend.between(valued[0], valued[1], confidence: info.confidence) : nil)
                }
            }
        }
        HistoryTrend.adjust(&trends, significance: significance)
        for i in series.indices { series[i].trend = trends[i] }
        return series
    }

    /// Row counts of every table, by table name (for logs and tests).
    public func rowCounts() throws(SurveyError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["instrument", "input", "wave", "result"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    static func instrument(_ row: Row) -> StoredInstrument {
        StoredInstrument(
            id: row["id"], title: row["title"], version: row["version"], sha256: row["sha256"],
            confidence: row["confidence"], significance: row["significance"], definition: row["definition"])
    }

    static func inputs(_ db: Database, of id: String) throws -> [StoredInput] {
        try Row.fetchAll(db, sql: "SELECT * FROM input WHERE instrument = ? ORDER BY path", arguments: [id]).map { row in
            StoredInput(
                path: row["path"], sha256: row["sha256"], format: row["format"],
                read: row["rows_read"], accepted: row["rows_accepted"], rejected: row["rows_rejected"])
        }
    }
}
