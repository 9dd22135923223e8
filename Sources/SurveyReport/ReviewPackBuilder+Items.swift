import SurveyModel
import SurveyStatistics

/// Item-level feedback of a group: diverging stacked bars per Likert scale, and NPS items.
extension ReviewPackBuilder {
    func itemBlocks(_ group: PackGroup, cell: Cell, wave: String) -> [PackBlock] {
        var blocks: [PackBlock] = []
        let instrument = group.instrument
        var scales: [String] = []
        for stats in cell.items {
            guard let item = instrument.items.first(where: { $0.id == stats.id }), instrument.scale(of: item).kind == .likert else { continue }
            if !scales.contains(item.scale) { scales.append(item.scale) }
        }
        for scaleID in scales {
            guard let scale = instrument.scales.first(where: { $0.id == scaleID }) else { continue }
            let members = cell.items.filter { stats in instrument.items.first { $0.id == stats.id }?.scale == scaleID }
            let shown = members.filter { $0.suppressed == nil && ($0.distribution?.values.reduce(0, +) ?? 0) > 0 }
            if !shown.isEmpty {
                blocks.append(.figure(likertFigure(group, scale: scale, items: shown, wave: wave, several: scales.count > 1)))
            }
            let hidden = members.filter { $0.suppressed != nil }
            if !hidden.isEmpty {
                let list = hidden.map { "\($0.id) (\(ReviewPackFormat.suppression($0.suppressed!, minimumN: group.report.settings.minimumN)))" }
                blocks.append(.note("Not shown: " + list.joined(separator: "; ") + "."))
            }
        }
        return blocks
    }

    /// Categories worst to best: unfavourable codes, then neutral, then favourable.
    static func categories(of scale: Scale) -> [(code: Int, side: SVGDivergingBars.Side)] {
        var codes = Array(scale.lower...scale.upper)
        let fav = scale.favourable.map(Double.init), unfav = scale.unfavourable.map(Double.init)
        if !fav.isEmpty, !unfav.isEmpty, fav.reduce(0, +) / Double(fav.count) < unfav.reduce(0, +) / Double(unfav.count) {
            codes.reverse()
        }
        return codes.map { code in
            (code, scale.favourable.contains(code) ? .favourable : scale.unfavourable.contains(code) ? .unfavourable : .neutral)
        }
    }

    private func likertFigure(_ group: PackGroup, scale: Scale, items: [ItemStats], wave: String, several: Bool) -> PackFigure {
        let categories = Self.categories(of: scale)
        let labels = categories.map { category -> String in
            guard let label = scale.labels[category.code] else { return "\(category.code)" }
            return "\(category.code) \(label)"
        }
        var rows: [SVGDivergingBars.Row] = []
        var tableRows: [[PackCell]] = []
        for stats in items {
            let item = group.instrument.items.first { $0.id == stats.id }
            let counts = categories.map { Double(stats.distribution?[String($0.code)] ?? 0) }
            let n = counts.reduce(0, +)
            let shares = counts.map { $0 / n }
            let text = (item?.text ?? "") + (item?.reverse == true ? " (reverse-scored)" : "")
            rows.append(SVGDivergingBars.Row(id: stats.id, text: text, shares: shares, n: Int(n)))
            var tableRow: [PackCell] = [PackCell("\(stats.id) \(text)"), PackCell(TextFormatting.count(Int(n)))]
            tableRow += shares.map { PackCell(TextFormatting.percent($0)) }
            tableRow.append(PackCell(stats.favourable.map { TextFormatting.percent($0.p) } ?? "—"))
            tableRow.append(PackCell(stats.mean.map { TextFormatting.fixed($0, 2) } ?? "—"))
            tableRows.append(tableRow)
        }
        let chart = SVGDivergingBars(
            title: "Answers of \(name(group)), wave \(wave)",
            categories: zip(categories, labels).map { SVGDivergingBars.Category(label: $1, side: $0.side) }, rows: rows)
        let favourable: [(row: SVGDivergingBars.Row, share: Double)] = rows.map { row in
            var share = 0.0
            for (k, category) in categories.enumerated() where category.side == .favourable { share += row.shares[k] }
            return (row, share)
        }
        let ranked = favourable.sorted { a, b in a.share != b.share ? a.share > b.share : a.row.id < b.row.id }
        var summary = "Diverging stacked bars of the answers to \(rows.count) item\(rows.count == 1 ? "" : "s") by \(name(group)) in wave \(wave): "
            + "unfavourable answers extend left of the centre line, favourable answers right, neutral answers straddle it. "
            + "Reverse-scored items are shown recoded, so that every bar reads the same way."
        if let best = ranked.first, let worst = ranked.last, ranked.count > 1 {
            summary += " Most favourable: \(best.row.id) \(best.row.text) (\(TextFormatting.percent(best.share)));"
                + " least favourable: \(worst.row.id) \(worst.row.text) (\(TextFormatting.percent(worst.share)))."
        }
        let scaleName = several ? " (scale \(scale.id))" : ""
        return PackFigure(
            id: anchor("items-\(scale.id)", group), kind: "likert",
            caption: "Item answers of \(name(group)), wave \(wave)\(scaleName)",
            summary: summary, charts: [.diverging(chart)],
            table: PackTable(
                id: nil, caption: "Share of answers per item, wave \(wave)",
                columns: [PackColumn("Item"), PackColumn("n", numeric: true)] + labels.map { PackColumn($0, numeric: true) }
                    + [PackColumn("Favourable", numeric: true), PackColumn("Mean", numeric: true)],
                rows: tableRows))
    }

    func npsBlocks(_ group: PackGroup, cell: Cell, wave: String) -> [PackBlock] {
        let rows: [[PackCell]] = cell.items.compactMap { stats in
            guard let nps = stats.nps, stats.suppressed == nil else { return nil }
            let n = Double(max(1, nps.promoters + nps.passives + nps.detractors))
            let trend = trend(group, kind: "item", id: stats.id, measure: "nps")
            let significance = ReviewPackFormat.significance(trend)
            return [
                PackCell(itemLabel(stats.id, in: group.instrument)), PackCell(TextFormatting.count(Int(n))),
                PackCell(TextFormatting.signed(nps.score, 1)), PackCell(ReviewPackFormat.interval(nps.ci)),
                PackCell(TextFormatting.percent(Double(nps.promoters) / n)), PackCell(TextFormatting.percent(Double(nps.passives) / n)),
                PackCell(TextFormatting.percent(Double(nps.detractors) / n)),
                PackCell(trend.map { TextFormatting.signed($0.delta, 1) } ?? "—"), PackCell(significance.text, tone: significance.tone),
            ]
        }
        guard !rows.isEmpty else { return [] }
        let since = previous(group).map { "Change since \($0)" } ?? "Change"
        return [.table(PackTable(
            id: anchor("nps", group), caption: "Recommendation (Net Promoter Score) of \(name(group)), wave \(wave)",
            columns: [
                PackColumn("Item"), PackColumn("n", numeric: true), PackColumn("NPS", numeric: true), PackColumn("95% CI", numeric: true),
                PackColumn("Promoters", numeric: true), PackColumn("Passives", numeric: true), PackColumn("Detractors", numeric: true),
                PackColumn(since, numeric: true), PackColumn("Significance", key: true),
            ],
            rows: rows))]
    }
}
