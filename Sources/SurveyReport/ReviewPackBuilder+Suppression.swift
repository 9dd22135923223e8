import SurveyModel
import SurveyStatistics

/// What was suppressed in the latest wave, and why (SPEC §5.8): whole cells (groups and segment
/// values), and items and dimensions of whole groups; segment-level item suppression is counted.
extension ReviewPackBuilder {
    func suppressionBlocks() -> [PackBlock] {
        var blocks: [PackBlock] = [.heading(level: 3, text: "What was suppressed and why", id: "suppression")]
        for entry in pack.entries {
            let settings = entry.report.settings
            var rule = "Results based on fewer than \(settings.minimumN) respondents (or answers, for an item or dimension) are suppressed: only their size is shown."
            if settings.minimumResponseRate > 0 {
                rule += " So are groups whose response rate is below \(TextFormatting.percent(settings.minimumResponseRate))."
            }
            rule += " When exactly one value of a segment breakdown is suppressed, the next smallest is suppressed too, so that it cannot be worked out by subtraction."
            blocks.append(.paragraph(isCombined ? "\(entry.instrument.title): \(rule)" : rule))
        }
        var rows: [[PackCell]] = []
        var segmentHidden = 0
        for group in groups {
            guard let wave = latest(group) else { continue }
            let minimumN = group.report.settings.minimumN
            for cell in group.report.cells where cell.wave == wave && cell.group == group.id {
                let place = cell.segment.map { "\($0.name) = \($0.value)" } ?? "whole group"
                if let reason = cell.suppressed {
                    rows.append([
                        PackCell(name(group)), PackCell(place), PackCell("all results"), PackCell(TextFormatting.count(cell.respondents)),
                        PackCell(ReviewPackFormat.suppression(reason, minimumN: minimumN)),
                    ])
                    continue
                }
                let hiddenItems = cell.items.filter { $0.suppressed != nil }
                let hiddenDimensions = cell.dimensions.filter { $0.suppressed != nil }
                if cell.segment != nil {
                    segmentHidden += hiddenItems.count + hiddenDimensions.count
                    continue
                }
                for item in hiddenItems {
                    rows.append([
                        PackCell(name(group)), PackCell(place), PackCell("item " + itemLabel(item.id, in: group.instrument)),
                        PackCell(item.n.map(TextFormatting.count) ?? "—"), PackCell(ReviewPackFormat.suppression(item.suppressed!, minimumN: minimumN)),
                    ])
                }
                for dimension in hiddenDimensions {
                    rows.append([
                        PackCell(name(group)), PackCell(place), PackCell("dimension " + dimensionTitle(dimension.id, in: group.instrument)),
                        PackCell(dimension.n.map(TextFormatting.count) ?? "—"), PackCell(ReviewPackFormat.suppression(dimension.suppressed!, minimumN: minimumN)),
                    ])
                }
            }
        }
        if rows.isEmpty {
            blocks.append(.paragraph("Nothing was suppressed in the latest wave."))
        } else {
            blocks.append(.table(PackTable(
                id: "suppression-table", caption: "Suppressed results, latest wave",
                columns: [PackColumn("Group"), PackColumn("Where"), PackColumn("What"), PackColumn("Respondents or answers", numeric: true), PackColumn("Why")],
                rows: rows)))
        }
        if segmentHidden > 0 {
            blocks.append(.note("Within segments that are shown, a further \(TextFormatting.count(segmentHidden)) item or dimension result\(segmentHidden == 1 ? " is" : "s are") suppressed for the same reasons."))
        }
        return blocks
    }
}
