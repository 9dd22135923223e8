import SurveyHistory
import SurveyModel
import SurveyReport

/// The JSON index a run writes across its instruments (`index.json`, `surveykpi.index.v1`):
/// for each instrument its provenance, inputs, waves, groups, the files written for it, and every
/// KPI over every stored wave with the trend test between the last two.
///
/// It is built from the history database, not from the reports in memory, so an instrument the
/// run did not need to read again is described exactly like one it did. The combined dashboard and
/// the management review pack are built on it. Deterministic: no timestamps, keys sorted.
public struct RunIndex: Codable, Hashable, Sendable {
    /// `surveykpi.index.v1`.
    public var schema = "surveykpi.index.v1"
    /// Instruments in configuration order.
    public var instruments: [Entry]
    /// Latest KPI statuses over every instrument and group.
    public var kpiStatus: StatusCounts

    /// One instrument.
    public struct Entry: Codable, Hashable, Sendable {
        /// Id.
        public var id: String
        /// Title.
        public var title: String
        /// Version label.
        public var version: String?
        /// SHA-256 of the instrument file.
        public var sha256: String
        /// Files written for it, by format (`json`, `text`, `csv`, … and `rejects`), relative to
        /// the output directory.
        public var files: [String: String]
        /// Inputs with their record accounting.
        public var inputs: [StoredInput]
        /// Stored waves in order.
        public var waves: [String]
        /// Groups in instrument order.
        public var groups: [StoredInstrument.GroupInfo]
        /// KPI series (whole groups), groups in instrument order then `all`.
        public var kpis: [KPISeries]
    }

    /// How many KPI series stand at each status in their latest wave.
    public struct StatusCounts: Codable, Hashable, Sendable {
        /// `met`.
        public var met = 0
        /// `at-risk`.
        public var atRisk = 0
        /// `not-met`.
        public var notMet = 0
        /// `no-data`.
        public var noData = 0

        mutating func count(_ status: String?) {
            switch status {
            case "met": met += 1
            case "at-risk": atRisk += 1
            case "not-met": notMet += 1
            default: noData += 1
            }
        }
    }

    /// Builds the index of these instruments from the history.
    ///
    /// - Parameters:
    ///   - store: The history.
    ///   - instruments: Instrument ids in configuration order.
    ///   - files: Per instrument id, the files written for it.
    public static func build(from store: HistoryStore, instruments: [String], files: [String: [String: String]]) throws(SurveyError) -> RunIndex {
        let stored = Dictionary(uniqueKeysWithValues: try store.instruments().map { ($0.id, $0) })
        let series = try store.kpiSeries(among: instruments)
        var entries: [Entry] = []
        var counts = StatusCounts()
        for id in instruments {
            guard let info = stored[id] else { continue }
            let kpis = series.filter { $0.instrument == id }
            for s in kpis { counts.count(s.latest?.status) }
            entries.append(Entry(
                id: id, title: info.title, version: info.version, sha256: info.sha256, files: files[id] ?? [:],
                inputs: try store.inputs(of: id), waves: try store.waves(of: id), groups: info.groups, kpis: kpis))
        }
        return RunIndex(instruments: entries, kpiStatus: counts)
    }

    /// The KPI series whose latest wave is `not-met`.
    public var notMet: [KPISeries] {
        instruments.flatMap(\.kpis).filter { $0.latest?.status == "not-met" }
    }

    /// The Prometheus metrics of the index, with the run's success time.
    public func metrics(lastSuccess: Double) -> PrometheusRenderer.Metrics {
        var samples: [PrometheusRenderer.KPISample] = []
        var rows: [PrometheusRenderer.RowCount] = []
        for entry in instruments {
            for s in entry.kpis {
                for p in s.points {
                    guard let target = p.target else { continue }
                    samples.append(.init(instrument: entry.id, group: s.group, kpi: s.kpi, wave: p.wave, value: p.value, target: target))
                }
            }
            rows.append(.init(instrument: entry.id, read: entry.inputs.reduce(0) { $0 + $1.read }, rejected: entry.inputs.reduce(0) { $0 + $1.rejected }))
        }
        return PrometheusRenderer.Metrics(kpis: samples, rows: rows, lastSuccess: lastSuccess)
    }
}
