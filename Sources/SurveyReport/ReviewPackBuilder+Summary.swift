import SurveyModel
import SurveyStatistics

/// The opening summary and the closing provenance (ISO 21001 7.5: identification, inputs,
/// settings and method of the documented information).
extension ReviewPackBuilder {
    func summarySection() -> PackSection {
        var bullets: [String] = []
        let rows = kpiRows
        if !rows.isEmpty {
            let tally = KPIValue.allStatuses.compactMap { status -> String? in
                let count = rows.filter { $0.status == status }.count
                return count == 0 ? nil : "\(count) \(ReviewPackFormat.status(status))"
            }
            bullets.append("Quality objectives: " + tally.joined(separator: ", ") + " (of \(rows.count) KPI results in the latest wave).")
        }
        var indices: [String] = []
        for group in groups where group.id != "all" {
            guard let cell = cell(group, wave: latest(group)) else { continue }
            guard cell.suppressed == nil, let index = cell.index else {
                indices.append("\(name(group)) suppressed")
                continue
            }
            var text = "\(name(group)) \(TextFormatting.fixed(index.value, 1))"
            if let trend = trend(group, kind: "index", id: "index") {
                text += " (\(TextFormatting.signed(trend.delta, 1))\(trend.significant ? ", significant" : ""))"
            }
            indices.append(text)
        }
        if !indices.isEmpty { bullets.append("Satisfaction index (0–100), latest wave, change since the wave before: " + indices.joined(separator: "; ") + ".") }
        var responses: [String] = []
        for entry in pack.entries {
            guard let wave = entry.report.waves.last else { continue }
            let respondents = entry.report.cells.filter { $0.wave == wave && $0.segment == nil && $0.group != "all" }.reduce(0) { $0 + $1.respondents }
            let rejected = entry.report.inputs.reduce(0) { $0 + $1.rows.rejected }
            responses.append("\(TextFormatting.count(respondents)) respondents in wave \(wave)" + (isCombined ? " (\(entry.instrument.title))" : "") + "; \(TextFormatting.count(rejected)) records rejected over all waves")
        }
        if !responses.isEmpty { bullets.append("Responses: " + responses.joined(separator: "; ") + ".") }
        if pack.actions != nil, !pack.reviews.isEmpty {
            let verdicts = ActionReview.Verdict.allCases.compactMap { verdict -> String? in
                let count = pack.reviews.filter { $0.verdict == verdict }.count
                return count == 0 ? nil : "\(count) \(ReviewPackFormat.verdict(verdict))"
            }
            bullets.append("Improvement actions: " + verdicts.joined(separator: ", ") + ".")
        }
        let top = pack.entries.enumerated().flatMap { index, entry in entry.report.opportunities.prefix(3).map { (index, $0) } }.prefix(3)
        if !top.isEmpty {
            let names = top.map { index, o -> String in
                let group = groups.first { $0.entry == index && $0.id == o.group }
                let what: String
                switch (o.kind, group?.instrument) {
                case ("kpi", let instrument?): what = instrument.kpis.first { $0.id == o.id }?.title ?? o.id
                case ("dimension", let instrument?): what = dimensionTitle(o.id, in: instrument)
                case ("item", let instrument?): what = itemLabel(o.id, in: instrument)
                case ("index", _): what = "Satisfaction index"
                default: what = o.id
                }
                return "\(what) (\(group.map(name) ?? o.group))"
            }
            bullets.append("Top opportunities for improvement: " + names.joined(separator: "; ") + ".")
        }
        return PackSection(id: "summary", title: "At a glance", clause: nil, blocks: [.bullets(bullets)])
    }

    func provenanceSection() -> PackSection {
        var blocks: [PackBlock] = [
            .table(PackTable(
                id: "instruments-table", caption: "Instruments",
                columns: [PackColumn("Instrument"), PackColumn("Title"), PackColumn("Version"), PackColumn("SHA-256")],
                rows: pack.entries.map { entry in
                    [PackCell(entry.instrument.id), PackCell(entry.instrument.title), PackCell(entry.instrument.version ?? "—"), PackCell(entry.report.instrument.sha256)]
                })),
            .table(PackTable(
                id: "input-hashes-table", caption: "Inputs",
                columns: [PackColumn("File"), PackColumn("SHA-256")],
                rows: pack.entries.flatMap { entry in entry.report.inputs.map { [PackCell($0.path), PackCell($0.sha256)] } }
                    + (pack.actions.map { [[PackCell($0.path + " (actions)"), PackCell($0.sha256)]] } ?? []))),
        ]
        for entry in pack.entries {
            let s = entry.report.settings
            let rows: [(String, String)] = [
                ("Confidence level", TextFormatting.percent(s.confidence)),
                ("Minimum group size (suppression)", "\(s.minimumN)"),
                ("Minimum response rate", s.minimumResponseRate > 0 ? TextFormatting.percent(s.minimumResponseRate) : "not applied"),
                ("Dimension score needs", "\(TextFormatting.percent(s.dimensionMinimumAnswered)) of its items answered"),
                ("Cronbach's α, missing answers", s.alphaMissing),
                ("Weights", s.weighted ? "applied" : "none"),
                ("Segments broken down", s.segments.isEmpty ? "none" : s.segments.joined(separator: ", ")),
                ("Flagged respondents excluded", s.excluded.isEmpty ? "none" : s.excluded.joined(separator: ", ")),
                ("Significance level (Benjamini–Hochberg q)", TextFormatting.fixed(s.significance, 2)),
            ]
            blocks.append(.table(PackTable(
                id: nil, caption: "Settings" + (isCombined ? ", \(entry.instrument.title)" : ""),
                columns: [PackColumn("Setting"), PackColumn("Value")], rows: rows.map { [PackCell($0.0), PackCell($0.1)] })))
        }
        blocks.append(.bullets([
            "Satisfaction index: each respondent's mean over the dimensions they answered, weighted by dimension weight, rescaled to 0–100; the cell index is the mean with its t interval.",
            "Favourable share: answers in the scale's favourable codes over valid answers, with the Wilson score interval. NPS: promoters minus detractors, with the adjusted-Wald interval.",
            "Changes between waves: Welch's t test for means (Hedges' g as effect size), the pooled two-proportion z test for shares, a z test for NPS; all p values of a report adjusted together by Benjamini–Hochberg.",
            "Non-substantive answers (not applicable, don't know) and answers outside the scale count as missing, never as a score. Free-text comments are never printed.",
        ]))
        blocks.append(.note("Produced by SurveyKPI \(SurveyKPIVersion.current) from report schema \(pack.entries.first?.report.schema ?? "surveykpi.report.v1"). The same inputs give the same bytes: no timestamp is recorded, so date and approve the pack when it is filed (ISO 21001 7.5.2)."))
        return PackSection(id: "provenance", title: "Provenance and method", clause: "ISO 21001 7.5", blocks: blocks)
    }
}
