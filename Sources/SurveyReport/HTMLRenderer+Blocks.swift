import SurveyStatistics

/// Tables, KPI tiles and figures.
extension HTMLRenderer {
    func table(_ table: PackTable) -> String {
        let e = HTMLEscaping.text
        let id = table.id.map { " id=\"\(HTMLEscaping.attribute($0))\"" } ?? ""
        var out = ["<div class=\"table-wrap\">", "<table\(id) class=\"data\">", "<caption>\(e(table.caption))</caption>", "<thead>", "<tr>"]
        for column in table.columns {
            let classes = (column.isNumeric ? ["num"] : []) + (column.isKey ? ["key"] : [])
            out.append("<th scope=\"col\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>\(e(column.title))</th>")
        }
        out += ["</tr>", "</thead>", "<tbody>"]
        for row in table.rows {
            var cells: [String] = []
            for (index, cell) in row.enumerated() {
                var classes: [String] = []
                if index < table.columns.count, table.columns[index].isNumeric { classes.append("num") }
                if index < table.columns.count, table.columns[index].isKey { classes.append("key") }
                var content = e(cell.text)
                if let tone = cell.tone {
                    if tone == .good || tone == .bad || tone == .muted {
                        classes.append(tone.rawValue)
                    } else {
                        content = "<span class=\"badge \(tone.rawValue)\">\(content)</span>"
                    }
                }
                let attributes = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                cells.append(index == 0 ? "<th scope=\"row\"\(attributes)>\(content)</th>" : "<td\(attributes)>\(content)</td>")
            }
            out.append("<tr>" + cells.joined() + "</tr>")
        }
        out += ["</tbody>", "</table>", "</div>"]
        return out.joined(separator: "\n")
    }

    func tiles(_ tiles: [PackTile]) -> String {
        let e = HTMLEscaping.text
        var out = ["<ul class=\"tiles\" aria-label=\"Quality objectives at a glance\">"]
        for tile in tiles {
            let tone = PackTone(tile.status).rawValue
            out.append("<li class=\"tile \(tone)\">")
            out.append("<p class=\"tile-title\">\(e(tile.title))</p>")
            out.append("<p class=\"tile-scope\">\(e(tile.scope))</p>")
            out.append("<p class=\"tile-value\">\(e(tile.value))</p>")
            out.append("<p class=\"tile-target\">\(e(tile.target))</p>")
            out.append("<p class=\"tile-status\"><span class=\"badge \(tone)\">\(e(ReviewPackFormat.status(tile.status)))</span></p>")
            if !tile.change.isEmpty { out.append("<p class=\"tile-change\">\(e(tile.change))</p>") }
            out.append("</li>")
        }
        out.append("</ul>")
        return out.joined(separator: "\n")
    }

    func figure(_ figure: PackFigure) -> String {
        let e = HTMLEscaping.text
        var out = [
            "<figure id=\"\(HTMLEscaping.attribute(figure.id))\" class=\"figure \(HTMLEscaping.attribute(figure.kind))\">",
            "<figcaption>\(e(figure.caption))</figcaption>",
            "<div class=\"charts\">",
        ]
        for chart in figure.charts {
            switch chart {
            case .diverging(let bars): out.append(bars.svg())
            case .trend(let trend): out.append("<div class=\"small-chart\">\n" + trend.svg() + "\n</div>")
            case .importance(let matrix): out.append(matrix.svg())
            }
        }
        out.append("</div>")
        out.append("<p class=\"alt\">\(e(figure.summary))</p>")
        out.append("<details class=\"data-table\">")
        out.append("<summary>Data table: \(e(figure.table.caption))</summary>")
        out.append(table(figure.table))
        out += ["</details>", "</figure>"]
        return out.joined(separator: "\n")
    }
}
