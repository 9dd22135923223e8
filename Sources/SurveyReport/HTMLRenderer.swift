import SurveyModel
import SurveyStatistics

/// The management review pack as one self-contained HTML file (SPEC §6.3).
///
/// - Self-contained: the stylesheet and every chart (inline SVG) are in the file; nothing is
///   fetched, there is no script, and a Content-Security-Policy forbids loading anything.
/// - Accessible: every chart has an accessible name, a text alternative in words and the table
///   of its numbers; status is written out, never shown by colour alone.
/// - Print-friendly: sections start on a new page, figures and tiles do not break, data tables
///   print open, colours print.
/// - Safe: every text from an instrument, a data file or an actions file is escaped
///   (``HTMLEscaping``), so `<script>` prints as text.
/// - Deterministic: no timestamps, stable order; the same pack gives the same bytes.
public struct HTMLRenderer: ReportRenderer, ReviewPackRenderer {
    /// `html`.
    public let format = "html"
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
        let e = HTMLEscaping.text
        let titleSuffix = pack.entries.map(\.instrument.title).joined(separator: ", ")
        var out: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"generator\" content=\"SurveyKPI\">",
            "<title>\(e(document.title))\(titleSuffix.isEmpty ? "" : " — " + e(titleSuffix))</title>",
            "<style>",
            HTMLStyle.css,
            "</style>",
            "</head>",
            "<body>",
            "<header class=\"cover\">",
            "<p class=\"kicker\">ISO 21001 · management review input</p>",
            "<h1>\(e(document.title))</h1>",
        ]
        out += document.subtitle.map { "<p class=\"subtitle\">\(e($0))</p>" }
        out += document.lead.map { "<p class=\"lead\">\(e($0))</p>" }
        out.append("<nav class=\"toc\" aria-label=\"Contents\">")
        out.append("<h2 class=\"toc-title\">Contents</h2>")
        out.append("<ol>")
        for section in document.sections {
            let clause = section.clause.map { " <span class=\"clause\">\(e($0))</span>" } ?? ""
            out.append("<li><a href=\"#\(HTMLEscaping.attribute(section.id))\">\(e(section.title))</a>\(clause)</li>")
        }
        out += ["</ol>", "</nav>", "</header>", "<main>"]
        for (index, section) in document.sections.enumerated() {
            let id = HTMLEscaping.attribute(section.id)
            out.append("<section id=\"\(id)\" aria-labelledby=\"\(id)-title\">")
            out.append("<h2 id=\"\(id)-title\"><span class=\"number\">\(index + 1)</span> \(e(section.title))</h2>")
            if let clause = section.clause { out.append("<p class=\"clause\">\(e(clause))</p>") }
            for block in section.blocks { out.append(html(block)) }
            out.append("</section>")
        }
        out += [
            "</main>",
            "<footer><p>Produced by SurveyKPI. Every figure in this pack can be traced to its inputs and settings in section \(document.sections.count).</p></footer>",
            "</body>",
            "</html>",
        ]
        return out.joined(separator: "\n") + "\n"
    }

    func html(_ block: PackBlock) -> String {
        let e = HTMLEscaping.text
        switch block {
        case .heading(let level, let text, let id):
            return "<h\(level) id=\"\(HTMLEscaping.attribute(id))\">\(e(text))</h\(level)>"
        case .paragraph(let text):
            return "<p>\(e(text))</p>"
        case .note(let text):
            return "<p class=\"note\">\(e(text))</p>"
        case .bullets(let items):
            return "<ul>\n" + items.map { "<li>\(e($0))</li>" }.joined(separator: "\n") + "\n</ul>"
        case .table(let table):
            return self.table(table)
        case .tiles(let tiles):
            return self.tiles(tiles)
        case .figure(let figure):
            return self.figure(figure)
        }
    }
}
