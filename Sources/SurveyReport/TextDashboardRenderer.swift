import SurveyModel
import SurveyStatistics

/// The terminal dashboard (SPEC §6.2): per group, the latest wave's respondents, response
/// rate, KPI table with change and sparkline, dimension bars, opportunities, data quality and
/// what was suppressed. Fits 100 columns; colour only when asked for.
public struct TextDashboardRenderer: ReportRenderer {
    /// `text`.
    public let format = "text"
    /// Whether to emit ANSI colour (the CLI turns it on for a terminal without `NO_COLOR`).
    public var color: Bool

    /// Creates the renderer.
    public init(color: Bool = false) { self.color = color }

    /// Renders the dashboard.
    public func render(_ report: Report, instrument: Instrument) throws -> String {
        var out: [String] = []
        let title = "SurveyKPI · \(instrument.title)" + (instrument.version.map { " (v\($0))" } ?? "")
        out.append(paint(title, .bold))
        let read = report.inputs.reduce(0) { $0 + $1.rows.read }
        let accepted = report.inputs.reduce(0) { $0 + $1.rows.accepted }
        let rejected = report.inputs.reduce(0) { $0 + $1.rows.rejected }
        let invalid = report.inputs.reduce(0) { $0 + $1.invalidAnswers }
        out.append("Waves \(report.waves.joined(separator: ", ")) · \(report.inputs.count) input\(report.inputs.count == 1 ? "" : "s") · \(TextFormatting.count(read)) rows read = \(TextFormatting.count(accepted)) accepted + \(TextFormatting.count(rejected)) rejected")
        out.append("Invalid answers \(TextFormatting.count(invalid)) · minimum group size \(report.settings.minimumN) · confidence \(TextFormatting.fixed(report.settings.confidence * 100, 0))%" + (report.settings.excluded.isEmpty ? "" : " · excluded: \(report.settings.excluded.joined(separator: ", "))"))
        let groupIDs = instrument.groups.map(\.id) + (instrument.groups.count > 1 ? ["all"] : [])
        for groupID in groupIDs {
            let cells = report.cells.filter { $0.group == groupID && $0.segment == nil }
            guard let latest = cells.last else { continue }
            out.append("")
            out.append(contentsOf: groupSection(groupID, latest: latest, history: cells, report: report, instrument: instrument))
        }
        if !report.warnings.isEmpty {
            out.append("")
            out.append("\(report.warnings.count) analysis warning\(report.warnings.count == 1 ? "" : "s") (see stderr or the JSON report).")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func groupSection(_ groupID: String, latest: Cell, history: [Cell], report: Report, instrument: Instrument) -> [String] {
        var out: [String] = []
        let title = groupID == "all" ? "All groups" : (instrument.groups.first { $0.id == groupID }?.title ?? groupID)
        var heading = "\(title) · wave \(latest.wave) · \(TextFormatting.count(latest.respondents)) respondents"
        if let rate = latest.responseRate { heading += " · response rate \(TextFormatting.percent(rate))" }
        out.append(paint("━━ " + heading + " " + String(repeating: "━", count: max(0, 96 - heading.count)), .bold))
        if let reason = latest.suppressed {
            out.append("  Suppressed (\(reason.rawValue)): fewer than \(report.settings.minimumN) respondents or below the response-rate rule; no statistics shown.")
            return out
        }
        if let index = latest.index {
            var line = "  Satisfaction index \(TextFormatting.fixed(index.value, 1))"
            if let ci = index.ci { line += " [\(TextFormatting.fixed(ci[0], 1))–\(TextFormatting.fixed(ci[1], 1))]" }
            if let n = index.n { line += " · n \(TextFormatting.count(n))" }
            out.append(line)
        }
        if !latest.kpis.isEmpty {
            out.append("  " + TextFormatting.pad("KPI", 40) + TextFormatting.right("value", 9) + TextFormatting.right("target", 9) + "  " + TextFormatting.pad("status", 9) + TextFormatting.right("change", 10) + "  waves")
            for kpi in latest.kpis {
                guard let definition = instrument.kpis.first(where: { $0.id == kpi.id }) else { continue }
                let values = report.waves.map { wave in history.first { $0.wave == wave }?.kpis.first { $0.id == kpi.id }?.value }
                var change = ""
                if let now = kpi.value, let position = report.waves.firstIndex(of: latest.wave), position > 0, let before = values[position - 1] {
                    change = TextFormatting.signed(scaled(definition, now - before), 1)
                    let trend = report.trends.first { $0.kind == "kpi" && $0.id == kpi.id && $0.group == groupID && $0.segment == nil && $0.to == latest.wave }
                    if let trend, trend.significant { change += trend.direction == "up" ? " ▲*" : " ▼*" } else { change += "   " }
                }
                let line = "  " + TextFormatting.pad(definition.title, 40)
                    + TextFormatting.right(kpi.value.map { formatted(definition, $0) } ?? "—", 9)
                    + TextFormatting.right(formatted(definition, kpi.target), 9) + "  "
                    + paint(TextFormatting.pad(kpi.status.rawValue, 9), statusStyle(kpi.status))
                    + TextFormatting.right(change, 10) + "  " + TextFormatting.sparkline(values)
                out.append(line)
            }
        }
        let dimensions = latest.dimensions
        if !dimensions.isEmpty {
            out.append("  " + TextFormatting.pad("Dimension", 34) + TextFormatting.right("index", 6) + TextFormatting.right("α", 6) + "  0 ─────────────── 100")
            for dimension in dimensions {
                let name = instrument.dimensions.first { $0.id == dimension.id }?.title ?? dimension.id
                if let reason = dimension.suppressed {
                    out.append("  " + TextFormatting.pad(name, 34) + TextFormatting.right("—", 6) + TextFormatting.right("", 6) + "  suppressed (\(reason.rawValue))")
                    continue
                }
                let value = dimension.index?.value ?? 0
                let alpha = dimension.alpha.map { TextFormatting.fixed($0.value, 2) } ?? "—"
                out.append("  " + TextFormatting.pad(name, 34) + TextFormatting.right(TextFormatting.fixed(value, 1), 6) + TextFormatting.right(alpha, 6) + "  " + TextFormatting.bar(value, width: 20))
            }
        }
        // An instrument without dimensions (a fresh draft) would show nothing above: show its
        // items instead, so the first run already says something.
        if instrument.dimensions.isEmpty && !latest.items.isEmpty {
            out.append("  " + TextFormatting.pad("Item", 34) + TextFormatting.right("n", 7) + TextFormatting.right("mean", 7)
                + TextFormatting.right("fav.", 7) + "  0 ─────────────── 100")
            for item in latest.items.prefix(Self.itemsWithoutDimensions) {
                // The id first: exports' question texts often share a long stem.
                let text = instrument.items.first { $0.id == item.id }?.text
                let label = text.map { $0 == item.id ? item.id : "\(item.id) · \($0)" } ?? item.id
                let name = label.count > 33 ? String(label.prefix(32)) + "…" : label
                if let reason = item.suppressed {
                    out.append("  " + TextFormatting.pad(name, 34) + TextFormatting.right("—", 7) + TextFormatting.right("", 14) + "  suppressed (\(reason.rawValue))")
                    continue
                }
                out.append("  " + TextFormatting.pad(name, 34) + TextFormatting.right(item.n.map(TextFormatting.count) ?? "—", 7)
                    + TextFormatting.right(item.mean.map { TextFormatting.fixed($0, 2) } ?? "—", 7)
                    + TextFormatting.right(item.favourable.map { TextFormatting.percent($0.p) } ?? "—", 7)
                    + "  " + (item.index.map { TextFormatting.bar($0.value, width: 20) } ?? ""))
            }
            if latest.items.count > Self.itemsWithoutDimensions {
                out.append("  … \(latest.items.count - Self.itemsWithoutDimensions) more items in the JSON report")
            }
        }
        let opportunities = report.opportunities.filter { $0.group == groupID }.prefix(3)
        if !opportunities.isEmpty {
            out.append("  Top opportunities:")
            for o in opportunities {
                out.append("    \(o.rank). \(o.kind) \(o.id) — \(o.why)" + (o.value.map { " (\(TextFormatting.fixed($0, 2)))" } ?? ""))
            }
        }
        if let q = latest.quality {
            out.append("  Data quality: \(TextFormatting.count(q.straightliners)) straight-liners · \(TextFormatting.count(q.speeders)) speeders · \(TextFormatting.count(q.duplicates)) duplicates · \(TextFormatting.count(q.invalidAnswers)) invalid answers")
        }
        let hiddenItems = latest.items.filter { $0.suppressed != nil }.map { "\($0.id) (\($0.suppressed!.rawValue))" }
        let hiddenSegments = report.cells.filter { $0.group == groupID && $0.wave == latest.wave && $0.segment != nil && $0.suppressed != nil }
            .map { "\($0.segment!.name)=\($0.segment!.value) (\($0.suppressed!.rawValue))" }
        if !hiddenItems.isEmpty || !hiddenSegments.isEmpty {
            var text = "  Suppressed below minimum group size \(report.settings.minimumN) or to protect a neighbour: " + (hiddenItems + hiddenSegments).joined(separator: ", ")
            if text.count > 98 { text = String(text.prefix(97)) + "…" }
            out.append(text)
        }
        return out
    }

    /// Items listed for an instrument without dimensions; the rest are in the JSON report.
    static let itemsWithoutDimensions = 15

    private func scaled(_ kpi: KPI, _ delta: Double) -> Double {
        switch kpi.measure {
        case .favourable, .unfavourable, .responseRate: delta * 100
        default: delta
        }
    }

    private func formatted(_ kpi: KPI, _ value: Double) -> String {
        switch kpi.measure {
        case .favourable, .unfavourable, .responseRate: TextFormatting.percent(value)
        case .mean: TextFormatting.fixed(value, 2)
        case .nps: TextFormatting.signed(value, 1)
        case .index: TextFormatting.fixed(value, 1)
        }
    }

    private enum Style { case bold, green, yellow, red, plain }

    private func statusStyle(_ status: KPIValue.Status) -> Style {
        switch status {
        case .met: .green
        case .atRisk: .yellow
        case .notMet: .red
        case .noData: .plain
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        guard color else { return text }
        let code: String
        switch style {
        case .bold: code = "1"
        case .green: code = "32"
        case .yellow: code = "33"
        case .red: code = "31"
        case .plain: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
