import SurveyModel
import SurveyStatistics

/// Section 4 — monitoring and measurement results (9.3.2 c) 5), 9.1.1): response rates, input
/// accounting, data quality, reliability, and what was suppressed and why.
extension ReviewPackBuilder {
    func monitoringSection() -> PackSection {
        var blocks: [PackBlock] = [.heading(level: 3, text: "Responses and response rates", id: "response-rates")]
        for (index, entry) in pack.entries.enumerated() {
            let members = groups.filter { $0.entry == index }
            let rows: [[PackCell]] = members.map { group in
                [PackCell(group.title)] + entry.report.waves.map { wave in
                    guard let cell = cell(group, wave: wave) else { return PackCell("—", tone: .muted) }
                    var text = TextFormatting.count(cell.respondents)
                    if let rate = cell.responseRate { text += " (\(TextFormatting.percent(rate)))" }
                    if cell.suppressed != nil { return PackCell(text + " suppressed", tone: .muted) }
                    return PackCell(text)
                }
            }
            blocks.append(.table(PackTable(
                id: nil, caption: "Respondents (response rate where the invited population is known)" + (isCombined ? ", \(entry.instrument.title)" : ""),
                columns: [PackColumn("Group")] + entry.report.waves.map { PackColumn($0, numeric: true) }, rows: rows)))
        }
        blocks.append(.heading(level: 3, text: "Inputs", id: "inputs"))
        blocks.append(.table(inputsTable()))
        blocks.append(.note("Rejected records are kept verbatim, with file, line and reason, in the rejects file of the run; every input satisfies read = accepted + rejected."))
        blocks += qualityBlocks()
        blocks += reliabilityBlocks()
        blocks += suppressionBlocks()
        return PackSection(id: "monitoring", title: "Monitoring and measurement results", clause: "ISO 21001 9.3.2 c) 5), 9.1.1", blocks: blocks)
    }

    private func inputsTable() -> PackTable {
        var rows: [[PackCell]] = []
        for entry in pack.entries {
            for input in entry.report.inputs {
                rows.append([
                    PackCell(input.path), PackCell(input.format), PackCell(input.encoding), PackCell(TextFormatting.count(input.rows.read)),
                    PackCell(TextFormatting.count(input.rows.accepted)), PackCell(TextFormatting.count(input.rows.rejected), tone: input.rows.rejected > 0 ? .bad : nil),
                    PackCell(TextFormatting.count(input.invalidAnswers)),
                ])
            }
        }
        return PackTable(
            id: "inputs-table", caption: "Survey exports read",
            columns: [
                PackColumn("File"), PackColumn("Format"), PackColumn("Encoding"), PackColumn("Read", numeric: true),
                PackColumn("Accepted", numeric: true), PackColumn("Rejected", numeric: true), PackColumn("Invalid answers", numeric: true),
            ],
            rows: rows)
    }

    private func qualityBlocks() -> [PackBlock] {
        var rows: [[PackCell]] = []
        for group in groups {
            guard let cell = cell(group, wave: latest(group)), let q = cell.quality else { continue }
            rows.append([
                PackCell(name(group)), PackCell(TextFormatting.count(cell.respondents)), PackCell(TextFormatting.count(q.straightliners)),
                PackCell(TextFormatting.count(q.speeders)), PackCell(TextFormatting.count(q.duplicates)), PackCell(TextFormatting.count(q.invalidAnswers)),
            ])
        }
        guard !rows.isEmpty else { return [] }
        let excluded = Set(pack.entries.flatMap(\.report.settings.excluded)).sorted()
        let policy = excluded.isEmpty
            ? "Flagged respondents are counted, not excluded: straight-liners give the same answer to every item of a dimension of five or more items; speeders take less than 0.3 × the median time of their wave and group."
            : "Excluded from every statistic: \(excluded.joined(separator: ", ")). Straight-liners give the same answer to every item of a dimension of five or more items; speeders take less than 0.3 × the median time."
        return [
            .heading(level: 3, text: "Data quality, latest wave", id: "data-quality"),
            .table(PackTable(
                id: "quality-table", caption: "Flags and rejected duplicates per group",
                columns: [
                    PackColumn("Group"), PackColumn("Respondents", numeric: true), PackColumn("Straight-liners", numeric: true),
                    PackColumn("Speeders", numeric: true), PackColumn("Duplicates rejected", numeric: true), PackColumn("Invalid answers", numeric: true),
                ],
                rows: rows)),
            .note(policy),
        ]
    }

    private func reliabilityBlocks() -> [PackBlock] {
        var weak: [String] = []
        for group in groups {
            guard let cell = cell(group, wave: latest(group)) else { continue }
            for dimension in cell.dimensions {
                guard let alpha = dimension.alpha, alpha.value < 0.7 else { continue }
                weak.append("\(name(group)): \(dimensionTitle(dimension.id, in: group.instrument)) α = \(TextFormatting.fixed(alpha.value, 2)) (n = \(alpha.n))")
            }
        }
        let warnings = pack.entries.flatMap { entry in entry.report.warnings.map { isCombined ? "\(entry.instrument.title): \($0)" : $0 } }
        var blocks: [PackBlock] = [.heading(level: 3, text: "Reliability", id: "reliability")]
        blocks.append(.paragraph(weak.isEmpty
            ? "Every dimension reaches Cronbach's α of 0.70 in the latest wave (see the dimension tables in section 2)."
            : "Dimensions below Cronbach's α of 0.70 in the latest wave; their scores are less dependable:"))
        if !weak.isEmpty { blocks.append(.bullets(weak)) }
        if !warnings.isEmpty {
            blocks.append(.paragraph("Analysis warnings:"))
            blocks.append(.bullets(warnings))
        }
        return blocks
    }
}
