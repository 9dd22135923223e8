import SurveyHistory
import SurveyModel
import SurveyReport

/// Output formats of `surveykpi history`.
public enum HistoryFormat: String, Sendable, CaseIterable {
    /// One block per KPI series with its test sentence.
    case text
    /// `surveykpi.history.v1`: the series with their points and trends.
    case json
    /// One row per series × wave; the trend's columns on the row of its later wave.
    case csv
}

/// Everything `surveykpi history` is asked to do.
public struct HistoryRequest: Sendable {
    /// The history database.
    public var database: String
    /// Only this instrument.
    public var instrument: String?
    /// Only this KPI.
    public var kpi: String?
    /// Only this group (or `all`).
    public var group: String?
    /// Output format.
    public var format: HistoryFormat

    /// Creates a request.
    public init(database: String, instrument: String? = nil, kpi: String? = nil, group: String? = nil, format: HistoryFormat = .text) {
        self.database = database
        self.instrument = instrument
        self.kpi = kpi
        self.group = group
        self.format = format
    }
}

/// KPI values across every stored wave, with the trend test between the last two (SPEC §7, §8).
public enum HistoryJob {
    /// Reads the history (read-only) and renders the selected series.
    ///
    /// - Throws: ``SurveyError`` `.noInput` (66) for a missing database, `.usage` (64) for an
    ///   instrument, KPI or group the history does not hold, and the store's errors.
    public static func run(_ request: HistoryRequest) throws(SurveyError) -> String {
        let store = try HistoryStore(path: request.database, readOnly: true)
        let stored = try store.instruments()
        try check(request.instrument, "instrument", known: stored.map(\.id))
        try check(request.kpi, "KPI", known: stored.flatMap { $0.kpis.map(\.id) })
        try check(request.group, "group", known: stored.flatMap { $0.groups.map(\.id) } + ["all"])
        let series = try store.kpiSeries(instrument: request.instrument, kpi: request.kpi, group: request.group)
        let titles = Dictionary(stored.flatMap { i in i.groups.map { ("\(i.id)/\($0.id)", $0.title) } }, uniquingKeysWith: { a, _ in a })
        switch request.format {
        case .text: return text(series, groupTitles: titles, database: request.database)
        case .json: return (try? JSONRenderer.encode(Document(series: series))) ?? "{}\n"
        case .csv: return csv(series)
        }
    }

    /// The JSON document.
    struct Document: Codable {
        var schema = "surveykpi.history.v1"
        var series: [KPISeries]
    }

    private static func check(_ value: String?, _ what: String, known: [String]) throws(SurveyError) {
        guard let value, !known.contains(value) else { return }
        var unique: [String] = []
        for k in known where !unique.contains(k) { unique.append(k) }
        let list = unique.isEmpty ? "none yet" : unique.joined(separator: ", ")
        throw SurveyError(.usage, path: nil, "the history holds no \(what) \(value.quotedForMessage); it holds: \(list)")
    }

    static func text(_ series: [KPISeries], groupTitles: [String: String], database: String) -> String {
        guard !series.isEmpty else { return "No KPI history in \(database) yet.\n" }
        var out: [String] = []
        for s in series {
            let group = s.group == "all" ? "All groups" : groupTitles["\(s.instrument)/\(s.group)"] ?? s.group
            out.append("\(s.instrument) · \(s.title) (\(s.kpi)) · \(group)")
            out.append("  " + TextFormatting.pad("wave", 12) + TextFormatting.right("value", 9) + TextFormatting.right("target", 9) + "  status")
            for p in s.points {
                out.append("  " + TextFormatting.pad(p.wave, 12) + TextFormatting.right(HistoryText.value(p.value, measure: s.measure), 9)
                    + TextFormatting.right(HistoryText.value(p.target, measure: s.measure), 9) + "  " + p.status)
            }
            if let trend = s.trend { out.append("  " + HistoryText.test(trend, measure: s.measure)) }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func csv(_ series: [KPISeries]) -> String {
        let header = ["instrument", "group", "kpi", "title", "measure", "wave", "value", "target", "threshold", "status", "n",
                      "delta", "test", "statistic", "df", "p", "q", "significant", "direction"]
        var out = header.joined(separator: ",") + "\r\n"
        for s in series {
            for p in s.points {
                let t = s.trend?.to == p.wave ? s.trend : nil
                let texts = [s.instrument, s.group, s.kpi, s.title, s.measure, p.wave]
                let numbers = [p.value, p.target, p.threshold].map(CSVRenderer.number)
                let trend = [CSVRenderer.number(t?.delta), t?.test ?? "", CSVRenderer.number(t?.testStatistic), CSVRenderer.number(t?.df),
                             CSVRenderer.number(t?.p), CSVRenderer.number(t?.q), t.map { $0.significant ? "true" : "false" } ?? "", t?.direction ?? ""]
                let fields = texts.map(CSVRenderer.neutralised) + numbers + [CSVRenderer.neutralised(p.status), CSVRenderer.number(p.n)] + trend
                out += fields.map(CSVRenderer.quoted).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }
}
