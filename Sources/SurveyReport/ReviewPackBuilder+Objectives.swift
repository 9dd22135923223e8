import SurveyModel
import SurveyStatistics

/// Section 2 — the extent to which quality objectives (KPIs) are met (9.3.2 c) 2), 6.2): a tile
/// per KPI and group, and the KPI table.
extension ReviewPackBuilder {
    /// One KPI evaluated in one group's latest whole-group cell.
    struct KPIRow {
        var group: PackGroup
        var definition: KPI
        /// Value, absent when suppressed or undefined.
        var value: Double?
        var status: KPIValue.Status
        var trend: Trend?
    }

    /// Every KPI of every group in the latest wave, in group then instrument KPI order.
    var kpiRows: [KPIRow] {
        groups.flatMap { group -> [KPIRow] in
            guard let cell = cell(group, wave: latest(group)), cell.suppressed == nil else {
                return group.instrument.kpis.filter { $0.applies(to: group.id) }.map {
                    KPIRow(group: group, definition: $0, value: nil, status: .noData, trend: nil)
                }
            }
            return cell.kpis.compactMap { value in
                guard let definition = group.instrument.kpis.first(where: { $0.id == value.id }) else { return nil }
                return KPIRow(group: group, definition: definition, value: value.value, status: value.status, trend: trend(group, kind: "kpi", id: value.id))
            }
        }
    }

    func objectivesSection() -> PackSection {
        let rows = kpiRows
        guard !rows.isEmpty else {
            return PackSection(
                id: "objectives", title: "Extent to which quality objectives are met", clause: "ISO 21001 9.3.2 c) 2), 6.2",
                blocks: [.paragraph("The instrument declares no KPIs (quality objectives).")])
        }
        let counts = KPIValue.allStatuses.map { status in (status, rows.filter { $0.status == status }.count) }
        let tally = counts.filter { $0.1 > 0 }.map { "\($0.1) \(ReviewPackFormat.status($0.0))" }.joined(separator: ", ")
        let tiles = rows.map { row in
            PackTile(
                title: row.definition.title, scope: name(row.group),
                value: row.value.map { ReviewPackFormat.value($0, row.definition.measure) } ?? "—",
                target: "target " + ReviewPackFormat.value(row.definition.target, row.definition.measure)
                    + (row.definition.direction == .lower ? " or lower" : ""),
                status: row.status, change: changeText(row))
        }
        let table = PackTable(
            id: "kpi-table", caption: "Quality objectives (KPIs), latest wave",
            columns: [
                PackColumn("KPI"), PackColumn("Group"), PackColumn("Value", numeric: true), PackColumn("Target", numeric: true),
                PackColumn("Threshold", numeric: true), PackColumn("Status", key: true), PackColumn("Change", numeric: true), PackColumn("Significance", key: true),
            ],
            rows: rows.map { row in
                let measure = row.definition.measure
                let significance = ReviewPackFormat.significance(row.trend)
                let lower = row.definition.direction == .lower ? " (lower is better)" : ""
                return [
                    PackCell(row.definition.title + lower), PackCell(name(row.group)),
                    PackCell(row.value.map { ReviewPackFormat.value($0, measure) } ?? "—"),
                    PackCell(ReviewPackFormat.value(row.definition.target, measure)),
                    PackCell(row.definition.threshold.map { ReviewPackFormat.value($0, measure) } ?? "—"),
                    PackCell(ReviewPackFormat.status(row.status), tone: PackTone(row.status)),
                    PackCell(row.trend.map { ReviewPackFormat.change($0.delta, measure) + " since \($0.from)" } ?? "—"),
                    PackCell(significance.text, tone: significanceTone(row, significance.tone)),
                ]
            })
        return PackSection(
            id: "objectives", title: "Extent to which quality objectives are met", clause: "ISO 21001 9.3.2 c) 2), 6.2",
            blocks: [.paragraph("\(rows.count) objective\(rows.count == 1 ? "" : "s") across the stakeholder groups: \(tally)."), .tiles(tiles), .table(table)])
    }

    /// `+3.7 since 2025 ▲` with the arrow only when significant.
    private func changeText(_ row: KPIRow) -> String {
        guard let trend = row.trend else { return "" }
        var text = ReviewPackFormat.change(trend.delta, row.definition.measure) + " since \(trend.from)"
        if trend.significant { text += trend.delta > 0 ? " ▲ significant" : " ▼ significant" }
        return text
    }

    /// A significant change is good or bad by the KPI's direction, not by its sign.
    private func significanceTone(_ row: KPIRow, _ tone: PackTone?) -> PackTone? {
        guard let trend = row.trend, trend.significant else { return tone }
        let better = row.definition.direction == .lower ? trend.delta < 0 : trend.delta > 0
        return better ? .good : .bad
    }
}

extension KPIValue {
    /// Every status, best first.
    static var allStatuses: [Status] { [.met, .atRisk, .notMet, .noData] }
}
