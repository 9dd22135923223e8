import SurveyModel
import SurveyStatistics

/// The `csv` output (SPEC §6): one row per cell × measure, for spreadsheets.
///
/// Columns: `instrument, wave, group, segment, segment_value, kind, id, measure, value, ci_low,
/// ci_high, n, sd, count, target, threshold, status, suppressed`. A suppressed cell gives one
/// `respondents` row carrying its reason; a suppressed item or dimension one `mean` row.
///
/// **Spreadsheet safety (OWASP CSV injection).** Every *text* field — ids, wave labels, group and
/// segment values, which may come from the survey export — that begins with `=`, `+`, `-`, `@`,
/// TAB or CR is prefixed with `'`, so a spreadsheet shows it as text instead of running it as a
/// formula. *Numeric* fields are left as they are, so `-3.5` stays a number you can sum: they are
/// produced by this program from `Double`s and can only ever hold a number. Fields holding `,`,
/// `"`, CR or LF are quoted (RFC 4180). Lines end in CRLF; numbers are locale-free and printed
/// with the shortest text that reads back as the same `Double`.
public struct CSVRenderer: ReportRenderer {
    /// `csv`.
    public let format = "csv"

    /// Creates the renderer.
    public init() {}

    /// The header row's fields.
    public static let columns = [
        "instrument", "wave", "group", "segment", "segment_value", "kind", "id", "measure", "value",
        "ci_low", "ci_high", "n", "sd", "count", "target", "threshold", "status", "suppressed",
    ]

    /// Renders every cell of the report.
    public func render(_ report: Report, instrument: Instrument) throws -> String {
        var out = Self.columns.joined(separator: ",") + "\r\n"
        let measures = Dictionary(instrument.kpis.map { ($0.id, $0.measure.rawValue) }, uniquingKeysWith: { a, _ in a })
        for cell in report.cells {
            var rows = Rows(instrument: report.instrument.id, cell: cell)
            rows.add("cell", "", "respondents", value: Double(cell.respondents), suppressed: cell.suppressed?.rawValue)
            if let rate = cell.responseRate { rows.add("cell", "", "response-rate", value: rate) }
            if cell.suppressed == nil {
                if let index = cell.index { rows.add("index", "index", "index", value: index.value, ci: index.ci, n: index.n, sd: index.sd) }
                for item in cell.items { rows.add(item) }
                for dimension in cell.dimensions { rows.add(dimension) }
                for kpi in cell.kpis {
                    rows.add("kpi", kpi.id, measures[kpi.id] ?? "kpi", value: kpi.value, target: kpi.target, threshold: kpi.threshold, status: kpi.status.rawValue)
                }
            }
            out += rows.text
        }
        return out
    }

    /// A text field made safe for a spreadsheet: `'` before a leading `=`, `+`, `-`, `@`, TAB or CR.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }

    /// A field quoted per RFC 4180 when it holds a comma, quote, CR or LF.
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as the shortest locale-free text that reads back as the same value; integers
    /// without a fraction; empty when absent or not finite.
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// The rows of one cell, built up measure by measure.
private struct Rows {
    let prefix: [String]
    var text = ""

    init(instrument: String, cell: Cell) {
        prefix = [instrument, cell.wave, cell.group, cell.segment?.name ?? "", cell.segment?.value ?? ""]
    }

    mutating func add(
        _ kind: String, _ id: String, _ measure: String, value: Double?, ci: [Double]? = nil, n: Int? = nil,
        sd: Double? = nil, count: Double? = nil, target: Double? = nil, threshold: Double? = nil,
        status: String? = nil, suppressed: String? = nil
    ) {
        let texts = (prefix + [kind, id, measure]).map(CSVRenderer.neutralised)
        let numbers = [value, ci?.first, ci?.last, n.map(Double.init), sd, count, target, threshold].map(CSVRenderer.number)
        let tail = [status ?? "", suppressed ?? ""].map(CSVRenderer.neutralised)
        text += (texts + numbers + tail).map(CSVRenderer.quoted).joined(separator: ",") + "\r\n"
    }

    mutating func add(_ item: ItemStats) {
        if let reason = item.suppressed {
            add("item", item.id, "mean", value: nil, n: item.n, suppressed: reason.rawValue)
            return
        }
        add("item", item.id, "mean", value: item.mean, ci: item.ci, n: item.n, sd: item.sd)
        if let index = item.index { add("item", item.id, "index", value: index.value, ci: index.ci, n: item.n) }
        if let share = item.favourable { add("item", item.id, "favourable", value: share.p, ci: share.ci, n: item.n, count: share.count) }
        if let share = item.unfavourable { add("item", item.id, "unfavourable", value: share.p, ci: share.ci, n: item.n, count: share.count) }
        if let nps = item.nps { add("item", item.id, "nps", value: nps.score, ci: nps.ci, n: nps.promoters + nps.passives + nps.detractors) }
    }

    mutating func add(_ dimension: DimensionStats) {
        if let reason = dimension.suppressed {
            add("dimension", dimension.id, "mean", value: nil, n: dimension.n, suppressed: reason.rawValue)
            return
        }
        add("dimension", dimension.id, "mean", value: dimension.mean, ci: dimension.ci, n: dimension.n, sd: dimension.sd)
        if let index = dimension.index { add("dimension", dimension.id, "index", value: index.value, ci: index.ci, n: dimension.n) }
        if let share = dimension.favourable { add("dimension", dimension.id, "favourable", value: share.p, n: dimension.n) }
        if let alpha = dimension.alpha { add("dimension", dimension.id, "alpha", value: alpha.value, n: alpha.n) }
    }
}
