import SurveyStatistics

/// The review pack as a format-neutral document: the Markdown and HTML renderers print the same
/// sections, tables and figures, so the two formats cannot tell different stories.
///
/// Every string here is plain text; each renderer escapes it for its own format.
struct PackDocument {
    /// The `<h1>`.
    var title: String
    /// Lines under the title (instruments, waves).
    var subtitle: [String]
    /// Paragraphs before the first section.
    var lead: [String]
    /// The top-level sections, in order.
    var sections: [PackSection]
}

/// One top-level section: one 9.3.2 input, or provenance.
struct PackSection {
    /// Anchor id (letters, digits and `-`).
    var id: String
    /// Heading text.
    var title: String
    /// The ISO 21001 clauses it answers, e.g. `9.3.2 c) 1)`.
    var clause: String?
    /// Content in order.
    var blocks: [PackBlock]
}

/// One piece of content.
enum PackBlock {
    /// A sub-heading: level 3 or 4, with an anchor id.
    case heading(level: Int, text: String, id: String)
    /// A paragraph.
    case paragraph(String)
    /// A muted note (method, what was left out).
    case note(String)
    /// A bulleted list.
    case bullets([String])
    /// A table.
    case table(PackTable)
    /// KPI tiles with status.
    case tiles([PackTile])
    /// Charts with their text alternative and data table.
    case figure(PackFigure)
}

/// How a cell reads: status colours, good/bad changes, or plain.
enum PackTone: String {
    case met, atRisk = "at-risk", notMet = "not-met", noData = "no-data"
    case good, bad, muted

    /// The tone of a KPI status.
    init(_ status: KPIValue.Status) {
        switch status {
        case .met: self = .met
        case .atRisk: self = .atRisk
        case .notMet: self = .notMet
        case .noData: self = .noData
        }
    }
}

/// One table cell.
struct PackCell: ExpressibleByStringLiteral {
    /// Text.
    var text: String
    /// Optional emphasis.
    var tone: PackTone?

    init(_ text: String, tone: PackTone? = nil) {
        self.text = text
        self.tone = tone
    }

    init(stringLiteral value: String) { self.init(value) }
}

/// One table column.
struct PackColumn {
    /// Heading.
    var title: String
    /// Numbers are right-aligned.
    var isNumeric: Bool
    /// Short codes (action ids) that must not wrap.
    var isKey: Bool

    init(_ title: String, numeric: Bool = false, key: Bool = false) {
        self.title = title
        self.isNumeric = numeric
        self.isKey = key
    }
}

/// A table with a caption.
struct PackTable {
    /// Anchor id, when the table is referred to (the KPI table is `kpi-table`).
    var id: String?
    /// Caption (also the Markdown table's title).
    var caption: String
    /// Columns.
    var columns: [PackColumn]
    /// Rows, each with one cell per column.
    var rows: [[PackCell]]
}

/// One KPI tile: a quality objective in one group, latest wave.
struct PackTile {
    /// KPI title.
    var title: String
    /// Group (and instrument) it applies to.
    var scope: String
    /// Formatted value, or `—`.
    var value: String
    /// `target 80.0%` and the like.
    var target: String
    /// Status.
    var status: KPIValue.Status
    /// Change since the previous wave, with its significance, or empty.
    var change: String
}

/// A chart (or a row of small charts) with a caption, a text alternative and the data table
/// behind it.
struct PackFigure {
    /// Anchor id.
    var id: String
    /// CSS class naming the chart kind: `likert`, `trends`, `ipa`.
    var kind: String
    /// Caption.
    var caption: String
    /// What the chart shows, in words (the text alternative).
    var summary: String
    /// The charts.
    var charts: [PackChart]
    /// The numbers behind them.
    var table: PackTable
}

/// A chart's data; the SVG renderers draw them.
enum PackChart {
    /// Diverging stacked bars for Likert items.
    case diverging(SVGDivergingBars)
    /// One KPI across waves.
    case trend(SVGTrendChart)
    /// The importance–performance matrix of key drivers.
    case importance(SVGImportancePerformance)
}
