import SurveyModel
import SurveyStatistics

/// Section 1 — satisfaction and feedback of learners, other beneficiaries and staff
/// (9.3.2 c) 1), 9.1.2), by interested-party role, then each instrument's respondents together.
extension ReviewPackBuilder {
    func satisfactionSection() -> PackSection {
        var blocks: [PackBlock] = []
        let roles: [(Group.Role, String)] = [
            (.learner, "Learners"), (.beneficiary, "Other beneficiaries"), (.staff, "Staff"), (.other, "Other interested parties"),
        ]
        let all = groups
        for (role, heading) in roles {
            let members = all.filter { $0.role == role }
            guard !members.isEmpty else { continue }
            blocks.append(.heading(level: 3, text: heading, id: ReviewPackFormat.anchor("role", role.rawValue)))
            for group in members {
                if members.count > 1 || name(group) != heading {
                    blocks.append(.heading(level: 4, text: name(group), id: anchor("group", group)))
                }
                blocks += groupBlocks(group)
            }
        }
        let combined = all.filter { $0.role == nil }
        for group in combined {
            blocks.append(.heading(level: 3, text: isCombined ? "All respondents (\(group.instrument.title))" : "All respondents", id: anchor("group", group)))
            blocks += groupBlocks(group)
        }
        return PackSection(
            id: "satisfaction", title: "Satisfaction and feedback of learners, other beneficiaries and staff",
            clause: "ISO 21001 9.3.2 c) 1), 9.1.2", blocks: blocks)
    }

    /// Headline, dimensions, items and segments of one group in the latest wave.
    func groupBlocks(_ group: PackGroup) -> [PackBlock] {
        let wave = latest(group)
        guard let wave, let cell = cell(group, wave: wave) else {
            return [.paragraph("No responses from this group in wave \(wave ?? "—").")]
        }
        var headline = "Wave \(wave): \(TextFormatting.count(cell.respondents)) respondents"
        if let rate = cell.responseRate { headline += ", response rate \(TextFormatting.percent(rate))" }
        if let reason = cell.suppressed {
            headline += ". Suppressed (\(ReviewPackFormat.suppression(reason, minimumN: group.report.settings.minimumN))): no statistics are shown."
            return [.paragraph(headline)]
        }
        if let index = cell.index {
            let confidence = TextFormatting.fixed(group.report.settings.confidence * 100, 0)
            headline += ". Satisfaction index \(TextFormatting.fixed(index.value, 1)) (\(confidence)% CI \(ReviewPackFormat.interval(index.ci)))"
            if let trend = trend(group, kind: "index", id: "index") {
                headline += ", \(TextFormatting.signed(trend.delta, 1)) since \(trend.from), \(ReviewPackFormat.significance(trend).text)"
            }
        }
        var blocks: [PackBlock] = [.paragraph(headline + ".")]
        if !cell.dimensions.isEmpty { blocks.append(.table(dimensionTable(group, cell: cell, wave: wave))) }
        if group.id != "all" { blocks += itemBlocks(group, cell: cell, wave: wave) }
        blocks += npsBlocks(group, cell: cell, wave: wave)
        if let segments = segmentTable(group, wave: wave) { blocks.append(.table(segments)) }
        return blocks
    }

    private func dimensionTable(_ group: PackGroup, cell: Cell, wave: String) -> PackTable {
        let since = previous(group).map { "Change since \($0)" } ?? "Change"
        var rows: [[PackCell]] = []
        for dimension in cell.dimensions {
            let title = dimensionTitle(dimension.id, in: group.instrument)
            if let reason = dimension.suppressed {
                let why = "suppressed: " + ReviewPackFormat.suppression(reason, minimumN: group.report.settings.minimumN)
                rows.append([PackCell(title), "—", "", "", "", PackCell(dimension.n.map(TextFormatting.count) ?? "—"), "", PackCell(why, tone: .muted)])
                continue
            }
            let trend = trend(group, kind: "dimension", id: dimension.id)
            let significance = ReviewPackFormat.significance(trend)
            rows.append([
                PackCell(title),
                PackCell(dimension.index.map { TextFormatting.fixed($0.value, 1) } ?? "—"),
                PackCell(ReviewPackFormat.interval(dimension.index?.ci)),
                PackCell(dimension.favourable.map { TextFormatting.percent($0.p) } ?? "—"),
                PackCell(dimension.alpha.map { TextFormatting.fixed($0.value, 2) } ?? "—", tone: (dimension.alpha?.value ?? 1) < 0.7 ? .bad : nil),
                PackCell(dimension.n.map(TextFormatting.count) ?? "—"),
                PackCell(trend.map { TextFormatting.signed($0.delta, 1) } ?? "—"),
                PackCell(significance.text, tone: significance.tone),
            ])
        }
        return PackTable(
            id: anchor("dimensions", group), caption: "Dimensions of \(name(group)), wave \(wave) (index 0–100, Cronbach's α)",
            columns: [
                PackColumn("Dimension"), PackColumn("Index", numeric: true), PackColumn("95% CI", numeric: true),
                PackColumn("Favourable", numeric: true), PackColumn("α", numeric: true), PackColumn("n", numeric: true),
                PackColumn(since, numeric: true), PackColumn("Significance", key: true),
            ],
            rows: rows)
    }

    private func segmentTable(_ group: PackGroup, wave: String) -> PackTable? {
        let cells = group.report.cells.filter { $0.wave == wave && $0.group == group.id && $0.segment != nil }
        guard !cells.isEmpty else { return nil }
        let rows: [[PackCell]] = cells.map { cell in
            let segment = cell.segment!
            if let reason = cell.suppressed {
                let why = "suppressed: " + ReviewPackFormat.suppression(reason, minimumN: group.report.settings.minimumN)
                return [PackCell(segment.name), PackCell(segment.value), PackCell(TextFormatting.count(cell.respondents)), "—", "", PackCell(why, tone: .muted)]
            }
            return [
                PackCell(segment.name), PackCell(segment.value), PackCell(TextFormatting.count(cell.respondents)),
                PackCell(cell.index.map { TextFormatting.fixed($0.value, 1) } ?? "—"), PackCell(ReviewPackFormat.interval(cell.index?.ci)), "",
            ]
        }
        return PackTable(
            id: anchor("segments", group), caption: "Satisfaction index of \(name(group)) by segment, wave \(wave)",
            columns: [
                PackColumn("Segment"), PackColumn("Value"), PackColumn("Respondents", numeric: true), PackColumn("Index", numeric: true),
                PackColumn("95% CI", numeric: true), PackColumn("Note"),
            ],
            rows: rows)
    }
}
