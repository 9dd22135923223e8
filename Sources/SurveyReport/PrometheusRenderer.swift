import SurveyModel
import SurveyStatistics

/// Prometheus textfile-collector metrics in the text exposition format (version 0.0.4).
///
/// Families, each with `# HELP` and `# TYPE`:
/// - `surveykpi_kpi_value` (gauge) and `surveykpi_kpi_target` (gauge), labelled `instrument`,
///   `group`, `kpi` and `wave`, for the whole group of every wave (a KPI without data has a
///   target sample but no value sample). Both carry the same labels, so
///   `surveykpi_kpi_value < surveykpi_kpi_target` matches series one to one. Proportions are
///   0–1, as in the JSON report.
/// - `surveykpi_rows_read_total` and `surveykpi_rows_rejected_total` (gauges), labelled
///   `instrument`: records in the inputs the instrument's current report covers. They are typed
///   gauge, not counter, because they fall when an input is removed or replaced by a smaller one,
///   and a counter that falls reads as a reset to `rate()`.
/// - `surveykpi_last_success_timestamp_seconds` (gauge), only when ``Metrics/lastSuccess`` is
///   set: the one wall-clock value, written by `surveykpi run` when it succeeds.
///
/// Label values escape `\`, `"` and newlines; samples keep the order they are given in, so the
/// same metrics always give the same bytes.
public struct PrometheusRenderer: ReportRenderer {
    /// `prometheus`.
    public let format = "prometheus"

    /// Creates the renderer.
    public init() {}

    /// One KPI in one group and wave.
    public struct KPISample: Hashable, Sendable {
        /// Instrument id.
        public var instrument: String
        /// Group id or `all`.
        public var group: String
        /// KPI id.
        public var kpi: String
        /// Wave label.
        public var wave: String
        /// Measured value; `nil` when suppressed or absent.
        public var value: Double?
        /// Target.
        public var target: Double

        /// Creates a sample.
        public init(instrument: String, group: String, kpi: String, wave: String, value: Double?, target: Double) {
            self.instrument = instrument
            self.group = group
            self.kpi = kpi
            self.wave = wave
            self.value = value
            self.target = target
        }
    }

    /// Record counts of one instrument's inputs.
    public struct RowCount: Hashable, Sendable {
        /// Instrument id.
        public var instrument: String
        /// Records read.
        public var read: Int
        /// Records rejected.
        public var rejected: Int

        /// Creates a count.
        public init(instrument: String, read: Int, rejected: Int) {
            self.instrument = instrument
            self.read = read
            self.rejected = rejected
        }
    }

    /// Everything one metrics file holds.
    public struct Metrics: Hashable, Sendable {
        /// KPI samples in output order.
        public var kpis: [KPISample]
        /// Row counts in output order.
        public var rows: [RowCount]
        /// Seconds since the Unix epoch of the last successful run, if any.
        public var lastSuccess: Double?

        /// Creates metrics.
        public init(kpis: [KPISample], rows: [RowCount], lastSuccess: Double? = nil) {
            self.kpis = kpis
            self.rows = rows
            self.lastSuccess = lastSuccess
        }
    }

    /// Renders one report's metrics (no timestamp: a report alone is not a run).
    public func render(_ report: Report, instrument: Instrument) throws -> String {
        Self.render(Self.metrics(from: report))
    }

    /// The metrics of one report: KPI samples of every whole-group cell, by group, KPI, wave.
    public static func metrics(from report: Report) -> Metrics {
        var samples: [KPISample] = []
        let cells = report.cells.filter { $0.segment == nil }
        var groups: [String] = []
        for cell in cells where !groups.contains(cell.group) { groups.append(cell.group) }
        for group in groups {
            let series = cells.filter { $0.group == group }
            var kpis: [String] = []
            for cell in series { for kpi in cell.kpis where !kpis.contains(kpi.id) { kpis.append(kpi.id) } }
            for id in kpis {
                for cell in series {
                    guard let kpi = cell.kpis.first(where: { $0.id == id }) else { continue }
                    samples.append(KPISample(instrument: report.instrument.id, group: group, kpi: id, wave: cell.wave, value: kpi.value, target: kpi.target))
                }
            }
        }
        let read = report.inputs.reduce(0) { $0 + $1.rows.read }
        let rejected = report.inputs.reduce(0) { $0 + $1.rows.rejected }
        return Metrics(kpis: samples, rows: [RowCount(instrument: report.instrument.id, read: read, rejected: rejected)])
    }

    /// The exposition text of some metrics, ending in a newline.
    public static func render(_ metrics: Metrics) -> String {
        var out: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            out.append("# HELP \(name) \(help)")
            out.append("# TYPE \(name) \(type)")
        }
        func kpiLabels(_ s: KPISample) -> String {
            labels([("instrument", s.instrument), ("group", s.group), ("kpi", s.kpi), ("wave", s.wave)])
        }
        family("surveykpi_kpi_value", "gauge", "KPI value of the whole group in a wave (proportions as 0-1).")
        for s in metrics.kpis { if let value = s.value, value.isFinite { out.append("surveykpi_kpi_value\(kpiLabels(s)) \(number(value))") } }
        family("surveykpi_kpi_target", "gauge", "KPI target (the quality objective).")
        for s in metrics.kpis { out.append("surveykpi_kpi_target\(kpiLabels(s)) \(number(s.target))") }
        family("surveykpi_rows_read_total", "gauge", "Input records read for the instrument's current report.")
        for r in metrics.rows { out.append("surveykpi_rows_read_total\(labels([("instrument", r.instrument)])) \(r.read)") }
        family("surveykpi_rows_rejected_total", "gauge", "Input records rejected (see the rejects file).")
        for r in metrics.rows { out.append("surveykpi_rows_rejected_total\(labels([("instrument", r.instrument)])) \(r.rejected)") }
        if let last = metrics.lastSuccess {
            family("surveykpi_last_success_timestamp_seconds", "gauge", "Unix time of the last successful surveykpi run.")
            out.append("surveykpi_last_success_timestamp_seconds \(number(last.rounded(.down)))")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `{name="value",…}` with `\`, `"` and newline escaped.
    static func labels(_ pairs: [(String, String)]) -> String {
        let body = pairs.map { name, value in
            var escaped = ""
            for ch in value.unicodeScalars {
                switch ch {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.unicodeScalars.append(ch)
                }
            }
            return "\(name)=\"\(escaped)\""
        }
        return "{" + body.joined(separator: ",") + "}"
    }

    /// Integers without a fraction, other values in Swift's shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
