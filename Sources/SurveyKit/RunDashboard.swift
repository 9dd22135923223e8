import SurveyReport
import SurveyHistory

/// The combined dashboard a run writes when its configuration names several instruments: every
/// KPI of every instrument and group in its latest wave — value, target, status, change since the
/// wave before with its significance mark — then the row accounting and where each instrument's
/// own dashboard is. Fits 100 columns; built from the ``RunIndex``, so the same history always
/// gives the same bytes.
public enum RunDashboard {
    /// Renders the dashboard.
    public static func render(_ index: RunIndex) -> String {
        var out: [String] = []
        let inputs = index.instruments.flatMap(\.inputs)
        out.append("SurveyKPI · \(index.instruments.count) instruments · the whole stakeholder picture")
        out.append("\(inputs.count) inputs · \(TextFormatting.count(inputs.reduce(0) { $0 + $1.read })) rows read = "
            + "\(TextFormatting.count(inputs.reduce(0) { $0 + $1.accepted })) accepted + \(TextFormatting.count(inputs.reduce(0) { $0 + $1.rejected })) rejected")
        let s = index.kpiStatus
        out.append("KPIs in their latest wave: \(s.met) met · \(s.atRisk) at risk · \(s.notMet) not met · \(s.noData) without data")
        for entry in index.instruments {
            out.append("")
            let heading = "\(entry.title) (\(entry.id)\(entry.version.map { ", v\($0)" } ?? "")) · waves \(entry.waves.joined(separator: ", "))"
            out.append("━━ " + heading + " " + String(repeating: "━", count: max(0, 96 - heading.count)))
            guard !entry.kpis.isEmpty else {
                out.append("  No KPI is defined for this instrument.")
                continue
            }
            out.append("  " + TextFormatting.pad("Group", 21) + " " + TextFormatting.pad("KPI", 32) + " " + TextFormatting.pad("wave", 7)
                + TextFormatting.right("value", 7) + TextFormatting.right("target", 8) + "  " + TextFormatting.pad("status", 9) + "change")
            var previous = ""
            for series in entry.kpis {
                let group = series.group == "all" ? "All groups" : entry.groups.first { $0.id == series.group }?.title ?? series.group
                let latest = series.latest
                out.append("  " + TextFormatting.pad(group == previous ? "" : group, 21) + " " + TextFormatting.pad(series.title, 32) + " "
                    + TextFormatting.pad(latest?.wave ?? "", 7)
                    + TextFormatting.right(HistoryText.value(latest?.value, measure: series.measure), 7)
                    + TextFormatting.right(HistoryText.value(latest?.target, measure: series.measure), 8) + "  "
                    + TextFormatting.pad(latest?.status ?? "no-data", 9)
                    + (series.trend?.to == latest?.wave ? HistoryText.change(series.trend, measure: series.measure) : ""))
                previous = group
            }
            let read = entry.inputs.reduce(0) { $0 + $1.read }
            let rejected = entry.inputs.reduce(0) { $0 + $1.rejected }
            var line = "  \(entry.inputs.count) input\(entry.inputs.count == 1 ? "" : "s") · \(TextFormatting.count(read)) rows read, \(TextFormatting.count(rejected)) rejected"
            if let dashboard = entry.files["text"] { line += " · dashboard: \(dashboard)" }
            out.append(line)
        }
        out.append("")
        out.append("Change: since the previous wave; ▲* or ▼* marks a significant change (Benjamini–Hochberg q).")
        return out.joined(separator: "\n") + "\n"
    }
}
