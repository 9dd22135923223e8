import SurveyModel
import SurveyStatistics

/// Section 6 — opportunities for improvement (9.3.2 f), 10.3): the ranked list and, per group,
/// the importance–performance matrix of key drivers.
extension ReviewPackBuilder {
    /// How many ranked opportunities the table shows per instrument.
    static let opportunityLimit = 15

    func opportunitiesSection() -> PackSection {
        var blocks: [PackBlock] = []
        var rows: [[PackCell]] = []
        for (index, entry) in pack.entries.enumerated() {
            for opportunity in entry.report.opportunities.prefix(Self.opportunityLimit) {
                guard let group = groups.first(where: { $0.entry == index && $0.id == opportunity.group }) else { continue }
                rows.append(opportunityRow(opportunity, group: group))
            }
        }
        if rows.isEmpty {
            blocks.append(.paragraph("No opportunity was ranked: no KPI is below target or at risk, no key driver is a priority, and nothing declined significantly."))
        } else {
            blocks.append(.paragraph("Ranked candidates for improvement from the latest wave: objectives not met, significant declines, priority key drivers, objectives at risk."))
            blocks.append(.table(PackTable(
                id: "opportunities-table", caption: "Opportunities for improvement, ranked",
                columns: [PackColumn("Rank", numeric: true), PackColumn("Group"), PackColumn("What"), PackColumn("Why"), PackColumn("Value", numeric: true), PackColumn("Detail")],
                rows: rows)))
        }
        var figures: [PackBlock] = []
        for group in groups {
            guard let cell = cell(group, wave: latest(group)), cell.suppressed == nil, !cell.drivers.isEmpty else { continue }
            figures.append(.heading(level: 3, text: "Key drivers: \(name(group))", id: anchor("drivers", group)))
            figures.append(.figure(driverFigure(group, cell: cell)))
        }
        if figures.isEmpty {
            blocks.append(.note("No key-driver analysis is available: the instrument names no outcome item, or no group has enough respondents answering both (driver-minimum-n)."))
        } else {
            blocks.append(.paragraph("Key drivers: how strongly each item and dimension goes with overall satisfaction (importance, Pearson r) against how well it performs (index 0–100). Priority drivers matter most and perform least well."))
            blocks += figures
        }
        return PackSection(id: "opportunities", title: "Opportunities for improvement", clause: "ISO 21001 9.3.2 f), 10.3", blocks: blocks)
    }

    private func opportunityRow(_ o: Opportunity, group: PackGroup) -> [PackCell] {
        let instrument = group.instrument
        let kpi = o.kind == "kpi" ? instrument.kpis.first { $0.id == o.id } : nil
        let what: String
        switch o.kind {
        case "kpi": what = kpi?.title ?? o.id
        case "dimension": what = dimensionTitle(o.id, in: instrument)
        case "index": what = "Satisfaction index"
        default: what = itemLabel(o.id, in: instrument)
        }
        let why: String, detail: String, value: String
        let measure = kpi?.measure ?? .index
        switch o.why {
        case "kpi-not-met", "kpi-at-risk":
            why = o.why == "kpi-not-met" ? "objective not met" : "objective at risk"
            value = o.value.map { ReviewPackFormat.value($0, measure) } ?? "—"
            detail = o.target.map { "target " + ReviewPackFormat.value($0, measure) } ?? ""
        case "priority-driver":
            why = "priority key driver"
            value = o.value.map { TextFormatting.fixed($0, 1) } ?? "—"
            detail = o.r.map { "r = " + TextFormatting.fixed($0, 2) } ?? ""
        case "significant-decline":
            why = "significant decline"
            value = o.value.map { TextFormatting.fixed($0, 2) } ?? "—"
            detail = o.delta.map { "change " + TextFormatting.signed($0, 2) } ?? ""
        default:
            why = o.why
            value = o.value.map { TextFormatting.fixed($0, 2) } ?? "—"
            detail = ""
        }
        let tone: PackTone? = o.why == "kpi-not-met" || o.why == "significant-decline" ? .notMet : o.why == "kpi-at-risk" ? .atRisk : nil
        return [PackCell("\(o.rank)"), PackCell(name(group)), PackCell(what), PackCell(why, tone: tone), PackCell(value), PackCell(detail)]
    }

    private func driverFigure(_ group: PackGroup, cell: Cell) -> PackFigure {
        let instrument = group.instrument
        let outcome = instrument.outcome ?? "the outcome"
        let points = cell.drivers.map { driver in
            SVGImportancePerformance.Point(
                id: driver.id, text: driver.kind == "dimension" ? dimensionTitle(driver.id, in: instrument) : (instrument.items.first { $0.id == driver.id }?.text ?? ""),
                isDimension: driver.kind == "dimension", r: driver.r, performance: driver.performance, quadrant: driver.quadrant)
        }
        // The engine splits quadrants among items and among dimensions separately: one chart each.
        var charts: [PackChart] = []
        for (isDimension, heading) in [(false, "Items"), (true, "Dimensions")] {
            let members = points.filter { $0.isDimension == isDimension }
            guard members.count >= 2 else { continue }
            charts.append(.importance(SVGImportancePerformance(
                title: "Importance–performance matrix of \(name(group)): \(heading.lowercased())", heading: heading, outcome: outcome, points: members)))
        }
        let order = ["priority", "strength", "maintain", "low-priority"]
        let sorted = cell.drivers.sorted { a, b in
            let (ra, rb) = (order.firstIndex(of: a.quadrant) ?? 4, order.firstIndex(of: b.quadrant) ?? 4)
            return ra != rb ? ra < rb : (a.r != b.r ? a.r > b.r : a.id < b.id)
        }
        let priorities = sorted.filter { $0.quadrant == "priority" }.map(\.id)
        let summary = "Scatter plots of \(points.count) key drivers of \(name(group)) in wave \(cell.wave), items and dimensions apart: importance (correlation with \(outcome)) against performance (index); the cross-hairs are at the means. "
            + (priorities.isEmpty ? "No driver falls in the priority quadrant." : "Priority quadrant: " + priorities.joined(separator: ", ") + ".")
        return PackFigure(
            id: anchor("ipa", group), kind: "ipa", caption: "Importance–performance matrix of \(name(group)), wave \(cell.wave)",
            summary: summary, charts: charts,
            table: PackTable(
                id: nil, caption: "Key drivers by quadrant",
                columns: [PackColumn("Driver"), PackColumn("Kind"), PackColumn("r", numeric: true), PackColumn("n", numeric: true), PackColumn("Performance", numeric: true), PackColumn("Quadrant")],
                rows: sorted.map { driver in
                    let label = driver.kind == "dimension" ? "\(driver.id) \(dimensionTitle(driver.id, in: instrument))" : itemLabel(driver.id, in: instrument)
                    return [
                        PackCell(label), PackCell(driver.kind), PackCell(TextFormatting.fixed(driver.r, 2)), PackCell(TextFormatting.count(driver.n)),
                        PackCell(TextFormatting.fixed(driver.performance, 1)), PackCell(driver.quadrant.replacingOccurrences(of: "-", with: " "), tone: driver.quadrant == "priority" ? .atRisk : nil),
                    ]
                }))
    }
}
