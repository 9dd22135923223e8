/// Diverging stacked bars for Likert items: for each item one bar of 100 %, unfavourable answers
/// left of a centre line, favourable answers right, neutral answers split across it, so that the
/// balance of opinion reads at a glance (Robbins & Heiberger's recommended Likert display).
struct SVGDivergingBars {
    /// Which side of the centre line a category sits on.
    enum Side { case unfavourable, neutral, favourable }

    /// One answer category, in order from worst to best.
    struct Category {
        /// `1 Strongly disagree`.
        var label: String
        /// Its side.
        var side: Side
    }

    /// One item.
    struct Row {
        /// Item id.
        var id: String
        /// Item text.
        var text: String
        /// Share of each category (summing to 1), in category order.
        var shares: [Double]
        /// Valid answers.
        var n: Int
    }

    /// The chart's accessible name.
    var title: String
    /// Answer categories, worst to best.
    var categories: [Category]
    /// Items, top to bottom.
    var rows: [Row]

    private static let width = 960.0
    private static let labelRight = 384.0
    private static let barLeft = 400.0
    private static let barRight = 944.0
    private static let rowHeight = 26.0
    /// Item labels longer than this are cut (the full text is the tooltip and in the table).
    private static let labelLimit = 52

    /// The CSS class of each category: `u0` (strongest unfavourable) … `n` … `f0`.
    var shades: [String] {
        let unfavourable = categories.filter { $0.side == .unfavourable }.count
        let favourable = categories.filter { $0.side == .favourable }.count
        var seenUnfavourable = 0, seenFavourable = 0
        return categories.map { category in
            switch category.side {
            case .neutral: return "n"
            case .unfavourable:
                defer { seenUnfavourable += 1 }
                return "u\(Self.shade(distance: unfavourable - 1 - seenUnfavourable, count: unfavourable))"
            case .favourable:
                defer { seenFavourable += 1 }
                return "f\(Self.shade(distance: seenFavourable, count: favourable))"
            }
        }
    }

    /// 0 for the category farthest from the centre, up to 2 for the nearest.
    private static func shade(distance: Int, count: Int) -> Int {
        count == 1 ? 1 : max(0, min(2, count - 1 - distance))
    }

    /// How far the bars reach left and right of the centre line, as shares.
    private func extents() -> (left: Double, right: Double) {
        var left = 0.0, right = 0.0
        for row in rows {
            var unfavourable = 0.0, neutral = 0.0, favourable = 0.0
            for (share, category) in zip(row.shares, categories) {
                switch category.side {
                case .unfavourable: unfavourable += share
                case .neutral: neutral += share
                case .favourable: favourable += share
                }
            }
            left = max(left, unfavourable + neutral / 2)
            right = max(right, favourable + neutral / 2)
        }
        // Round out to quarters, at least half the scale each side, so the axis stays honest.
        return (max(0.5, (left * 4 - 1e-9).rounded(.up) / 4), max(0.5, (right * 4 - 1e-9).rounded(.up) / 4))
    }

    /// The `<svg>` element.
    func svg() -> String {
        let legend = legendLayout()
        let top = legend.height + 26
        let height = top + Double(rows.count) * Self.rowHeight + 6
        var canvas = SVGCanvas(width: Self.width, height: height, label: title, cssClass: "chart likert-chart")
        let shades = self.shades
        for (index, entry) in legend.entries.enumerated() {
            canvas.rect(x: entry.x, y: entry.y - 10, width: 12, height: 12, cssClass: "bar " + shades[index])
            canvas.text(categories[index].label, x: entry.x + 17, y: entry.y, cssClass: "legend")
        }
        let (reachLeft, reachRight) = extents()
        let unit = (Self.barRight - Self.barLeft) / (reachLeft + reachRight)
        let centre = Self.barLeft + reachLeft * unit
        var tick = -reachLeft
        while tick <= reachRight + 1e-9 {
            let x = centre + tick * unit
            canvas.line(x1: x, y1: top - 6, x2: x, y2: height - 4, cssClass: abs(tick) < 1e-9 ? "axis centre" : "grid")
            canvas.text(TextFormatting.fixed(abs(tick) * 100, 0) + "%", x: x, y: top - 10, cssClass: "tick", anchor: "middle")
            tick += 0.25
        }
        canvas.text("← unfavourable", x: centre - 6, y: legend.height + 2, cssClass: "tick side", anchor: "end")
        canvas.text("favourable →", x: centre + 6, y: legend.height + 2, cssClass: "tick side")
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * Self.rowHeight
            let label = HTMLEscaping.truncated("\(row.id) \(row.text)", Self.labelLimit)
            canvas.text(label, x: Self.labelRight, y: y + 17, cssClass: "label", anchor: "end", tooltip: "\(row.id) \(row.text)")
            let neutral = zip(row.shares, categories).filter { $1.side == .neutral }.map(\.0).reduce(0, +)
            let unfavourable = zip(row.shares, categories).filter { $1.side == .unfavourable }.map(\.0).reduce(0, +)
            var x = centre - (unfavourable + neutral / 2) * unit
            for (k, share) in row.shares.enumerated() {
                let w = share * unit
                let tip = "\(row.id): \(categories[k].label) \(TextFormatting.percent(share)) of \(TextFormatting.count(row.n))"
                canvas.rect(x: x, y: y + 4, width: w, height: Self.rowHeight - 8, cssClass: "bar " + shades[k], tooltip: tip)
                if w >= 22 {
                    let dark = shades[k] == "u0" || shades[k] == "f0"
                    canvas.text(TextFormatting.fixed(share * 100, 0), x: x + w / 2, y: y + 17.5, cssClass: dark ? "in-bar dark" : "in-bar", anchor: "middle")
                }
                x += w
            }
        }
        return canvas.finished()
    }

    /// Legend entries laid out left to right, wrapping to a new line when the width runs out.
    private func legendLayout() -> (entries: [(x: Double, y: Double)], height: Double) {
        var entries: [(x: Double, y: Double)] = []
        var x = Self.labelRight - 220
        var y = 14.0
        for category in categories {
            let w = 17 + SVGCanvas.textWidth(category.label, size: 12) + 18
            if x + w > Self.width, !entries.isEmpty {
                x = Self.labelRight - 220
                y += 20
            }
            entries.append((x, y))
            x += w
        }
        return (entries, y + 20)
    }
}
