import SurveyModel
import SurveyStatistics

/// The management review pack as GitHub-flavoured Markdown (SPEC §6.3): the same sections,
/// tables and text alternatives as the HTML pack, with every chart given as its data table.
///
/// Every text from an instrument, a data file or an actions file is escaped (see
/// ``MarkdownEscaping``), so it prints literally and cannot inject markup or HTML.
public struct MarkdownRenderer: ReportRenderer, ReviewPackRenderer {
    /// `markdown`.
    public let format = "markdown"
    /// The improvement actions to review with a single report.
    public var actions: ActionPlan?

    /// Creates the renderer.
    ///
    /// - Parameter actions: The actions file, when one was given.
    public init(actions: ActionPlan? = nil) { self.actions = actions }

    /// Renders one report (and the renderer's actions) as a pack.
    public func render(_ report: Report, instrument: Instrument) throws -> String {
        try renderSingle(report, instrument: instrument, actions: actions)
    }

    /// Renders a pack of one or more instruments.
    public func render(_ pack: ReviewPack) throws -> String {
        let document = ReviewPackBuilder(pack).build()
        var out: [String] = ["# " + MarkdownEscaping.text(document.title), ""]
        out.append(document.subtitle.map(MarkdownEscaping.text).joined(separator: "  \n"))
        out.append("")
        for paragraph in document.lead { out += [MarkdownEscaping.text(paragraph), ""] }
        out.append("Contents:")
        out.append("")
        for (index, section) in document.sections.enumerated() {
            out.append("\(index + 1). " + MarkdownEscaping.text(section.title))
        }
        out.append("")
        for (index, section) in document.sections.enumerated() {
            out.append("## \(index + 1). " + MarkdownEscaping.text(section.title))
            out.append("")
            if let clause = section.clause { out += ["*" + MarkdownEscaping.text(clause) + "*", ""] }
            for block in section.blocks { out += lines(block) }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    private func lines(_ block: PackBlock) -> [String] {
        switch block {
        case .heading(let level, let text, _):
            return [String(repeating: "#", count: level) + " " + MarkdownEscaping.text(text), ""]
        case .paragraph(let text):
            return [MarkdownEscaping.text(text), ""]
        case .note(let text):
            return ["*" + MarkdownEscaping.text(text) + "*", ""]
        case .bullets(let items):
            return items.map { "- " + MarkdownEscaping.text($0) } + [""]
        case .table(let table):
            return self.table(table)
        case .tiles:
            // The KPI table that follows the tiles carries the same values.
            return []
        case .figure(let figure):
            return ["**Figure: " + MarkdownEscaping.text(figure.caption) + "**", "", MarkdownEscaping.text(figure.summary), ""]
                + self.table(figure.table)
        }
    }

    private func table(_ table: PackTable) -> [String] {
        var out = ["**" + MarkdownEscaping.text(table.caption) + "**", ""]
        out.append("| " + table.columns.map { MarkdownEscaping.cell($0.title) }.joined(separator: " | ") + " |")
        out.append("|" + table.columns.map { $0.isNumeric ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for row in table.rows {
            out.append("| " + row.map { MarkdownEscaping.cell($0.text.isEmpty ? " " : $0.text) }.joined(separator: " | ") + " |")
        }
        out.append("")
        return out
    }
}
