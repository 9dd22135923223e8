import SurveyModel
import SurveyStatistics

/// Section 3 — trends (9.3.2 c), 9.1.3): every KPI across waves, the significant changes into
/// the latest wave and, with four or more waves, the slopes.
extension ReviewPackBuilder {
    func trendsSection() -> PackSection {
        var blocks: [PackBlock] = [
            .paragraph("Each quality objective across the waves: the dashed line is its target and the shaded band the values that meet it; the dotted line is the at-risk threshold. The latest point is coloured by status.")
        ]
        for group in groups {
            guard let figure = trendFigure(group) else { continue }
            blocks.append(.heading(level: 3, text: name(group), id: anchor("trends", group)))
            blocks.append(.figure(figure))
        }
        blocks += changeBlocks()
        blocks += slopeBlocks()
        return PackSection(id: "trends", title: "Trends", clause: "ISO 21001 9.3.2 c) 1)–2), 9.1.3", blocks: blocks)
    }

    private func trendFigure(_ group: PackGroup) -> PackFigure? {
        let waves = group.report.waves
        let history = waves.map { cell(group, wave: $0) }
        let ids = history.compactMap { $0 }.flatMap { $0.kpis.map(\.id) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let definitions = group.instrument.kpis.filter { ids.contains($0.id) }
        guard !definitions.isEmpty else { return nil }
        var charts: [PackChart] = []
        var rows: [[PackCell]] = []
        for kpi in definitions {
            let values = history.map { cell -> KPIValue? in cell?.suppressed == nil ? cell?.kpis.first { $0.id == kpi.id } : nil }
            let points = zip(waves, values).map { (wave: $0, value: $1?.value) }
            let status = values.last??.status ?? .noData
            charts.append(.trend(SVGTrendChart(
                title: kpi.title, points: points, target: kpi.target, threshold: kpi.threshold, measure: kpi.measure,
                lowerIsBetter: kpi.direction == .lower, status: status)))
            rows.append(
                [PackCell(kpi.title)] + points.map { PackCell($0.value.map { ReviewPackFormat.value($0, kpi.measure) } ?? "—") }
                    + [PackCell(ReviewPackFormat.value(kpi.target, kpi.measure)), PackCell(ReviewPackFormat.status(status), tone: PackTone(status))])
        }
        let summary = trendSummary(charts, waves: waves)
        return PackFigure(
            id: anchor("trend-figure", group), kind: "trends", caption: "Quality objectives of \(name(group)) across waves",
            summary: summary, charts: charts,
            table: PackTable(
                id: nil, caption: "KPI values of \(name(group)) by wave",
                columns: [PackColumn("KPI")] + waves.map { PackColumn($0, numeric: true) } + [PackColumn("Target", numeric: true), PackColumn("Status")],
                rows: rows))
    }

    /// In words: how many objectives rose and fell into the latest wave, and where they stand.
    /// Each chart's own values are its accessible name.
    private func trendSummary(_ charts: [PackChart], waves: [String]) -> String {
        var up = 0, down = 0
        var statuses: [KPIValue.Status] = []
        for chart in charts {
            guard case .trend(let trend) = chart else { continue }
            statuses.append(trend.status)
            let values = trend.points.suffix(2).map(\.value)
            guard values.count == 2, let before = values[0], let after = values[1], before != after else { continue }
            let better = trend.lowerIsBetter ? after < before : after > before
            if better { up += 1 } else { down += 1 }
        }
        var text = "\(charts.count) objective\(charts.count == 1 ? "" : "s") across waves \(waves.joined(separator: ", "))."
        if waves.count >= 2 { text += " Into \(waves[waves.count - 1]): \(up) improved, \(down) worsened (before significance testing)." }
        let tally = KPIValue.allStatuses.compactMap { status -> String? in
            let count = statuses.filter { $0 == status }.count
            return count == 0 ? nil : "\(count) \(ReviewPackFormat.status(status))"
        }
        return text + " Latest status: " + tally.joined(separator: ", ") + "."
    }

    /// The significant wave-to-wave changes of whole groups into the latest wave.
    private func changeBlocks() -> [PackBlock] {
        var rows: [[PackCell]] = []
        var pairs: [String] = []
        var tested = false
        var itemChanges = 0
        for group in groups {
            guard let to = latest(group) else { continue }
            let trends = group.report.trends.filter { $0.group == group.id && $0.segment == nil && $0.to == to }
            tested = tested || trends.contains { $0.q != nil }
            itemChanges += trends.filter { $0.kind == "item" && $0.significant }.count
            for trend in trends where trend.significant && trend.kind != "item" {
                let pair = "\(trend.from) to \(trend.to)"
                if !pairs.contains(pair) { pairs.append(pair) }
                let measure = measureOf(trend, group: group)
                rows.append([
                    PackCell(name(group)), PackCell(measureName(trend, group: group)),
                    PackCell(ReviewPackFormat.value(trend.before, measure)), PackCell(ReviewPackFormat.value(trend.after, measure)),
                    PackCell(ReviewPackFormat.change(trend.delta, measure), tone: isImprovement(trend, group: group) ? .good : .bad),
                    PackCell(trend.q.map(ReviewPackFormat.probability) ?? "—"), PackCell(trend.effectSize.map { TextFormatting.signed($0, 2) } ?? "—"),
                ])
            }
        }
        var blocks: [PackBlock] = [.heading(level: 3, text: "Significant changes into the latest wave", id: "significant-changes")]
        guard tested else {
            blocks.append(.paragraph("No wave-to-wave tests are available: the report covers a single wave, or no measure was present in two consecutive waves."))
            return blocks
        }
        let items = itemChanges == 0 ? "" : " Item by item, \(itemChanges) further change\(itemChanges == 1 ? " is" : "s are") significant (item means, favourable shares and NPS; the JSON report lists them)."
        guard !rows.isEmpty else {
            blocks.append(.paragraph("No change of a whole group's satisfaction index, dimension or KPI into the latest wave is significant after the Benjamini–Hochberg adjustment." + items))
            return blocks
        }
        if !items.isEmpty { blocks.append(.paragraph("Satisfaction indices, dimensions and KPIs whose change is significant." + items)) }
        blocks.append(.table(PackTable(
            id: "significant-changes-table", caption: "Significant changes, \(pairs.joined(separator: "; ")) (Hedges' g for means)",
            columns: [
                PackColumn("Group"), PackColumn("Measure"), PackColumn("Before", numeric: true), PackColumn("After", numeric: true),
                PackColumn("Change", numeric: true), PackColumn("q", numeric: true), PackColumn("Effect size", numeric: true),
            ],
            rows: rows)))
        return blocks
    }

    /// OLS slopes of whole-group series over four or more waves.
    private func slopeBlocks() -> [PackBlock] {
        var rows: [[PackCell]] = []
        for group in groups {
            for series in group.report.series where series.group == group.id && series.segment == nil {
                guard let slope = series.slope else { continue }
                let kpi = series.kind == "kpi" ? group.instrument.kpis.first { $0.id == series.id } : nil
                let measure = kpi?.measure ?? .index
                let label = kpi?.title ?? (series.kind == "dimension" ? dimensionTitle(series.id, in: group.instrument) : "Satisfaction index")
                rows.append([
                    PackCell(name(group)), PackCell(label), PackCell("\(series.points.count)", tone: nil),
                    PackCell(ReviewPackFormat.change(slope, measure)), PackCell(ReviewPackFormat.interval(series.slopeCi, decimals: ReviewPackFormat.isShare(measure) ? 1 : 2, scale: ReviewPackFormat.isShare(measure) ? 100 : 1)),
                    PackCell(series.p.map(ReviewPackFormat.probability) ?? "—"),
                ])
            }
        }
        guard !rows.isEmpty else { return [] }
        return [
            .heading(level: 3, text: "Long-run trend (four or more waves)", id: "slopes"),
            .table(PackTable(
                id: "slopes-table", caption: "Least-squares slope per wave with its confidence interval",
                columns: [PackColumn("Group"), PackColumn("Measure"), PackColumn("Waves", numeric: true), PackColumn("Slope per wave", numeric: true), PackColumn("95% CI", numeric: true), PackColumn("p", numeric: true)],
                rows: rows)),
        ]
    }
}
