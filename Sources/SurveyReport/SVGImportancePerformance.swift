/// The importance–performance matrix of key drivers (SPEC §5.6): importance is the driver's
/// correlation with the outcome item, performance its 0–100 index; the cross-hairs at the means
/// split the drivers into priority, strength, maintain and low-priority quadrants.
struct SVGImportancePerformance {
    /// One driver.
    struct Point {
        /// Item or dimension id.
        var id: String
        /// Its text or title.
        var text: String
        /// Whether it is a dimension (drawn as a diamond) rather than an item (a circle).
        var isDimension: Bool
        /// Pearson r with the outcome.
        var r: Double
        /// 0–100 index.
        var performance: Double
        /// `priority`, `strength`, `maintain` or `low-priority`.
        var quadrant: String
    }

    /// Accessible name.
    var title: String
    /// Heading drawn above the plot (`Items`, `Dimensions`).
    var heading: String
    /// Outcome item id, for the axis title.
    var outcome: String
    /// The drivers.
    var points: [Point]

    private static let width = 760.0
    private static let left = 64.0
    private static let right = 24.0
    private static let top = 46.0
    private static let bottom = 52.0

    /// Shorter plots for a handful of points.
    private var height: Double { points.count > 8 ? 470 : 380 }

    /// The `<svg>` element.
    func svg() -> String {
        let height = self.height
        var canvas = SVGCanvas(width: Self.width, height: height, label: title, cssClass: "chart ipa-chart")
        canvas.text(heading, x: 4, y: 16, cssClass: "chart-title")
        let performances = points.map(\.performance), correlations = points.map(\.r)
        let (xTicks, xStep) = SVGCanvas.niceTicks((performances.min() ?? 0) - 1, (performances.max() ?? 100) + 1, count: 5)
        let (yTicks, yStep) = SVGCanvas.niceTicks((correlations.min() ?? 0) - 0.02, (correlations.max() ?? 1) + 0.02, count: 4)
        let xLow = xTicks.first ?? 0, xHigh = xTicks.last ?? 100, yLow = yTicks.first ?? 0, yHigh = yTicks.last ?? 1
        let plotRight = Self.width - Self.right, plotBottom = height - Self.bottom
        func x(_ v: Double) -> Double { Self.left + (v - xLow) / (xHigh - xLow) * (plotRight - Self.left) }
        func y(_ v: Double) -> Double { plotBottom - (v - yLow) / (yHigh - yLow) * (plotBottom - Self.top) }
        canvas.rect(x: Self.left, y: Self.top, width: plotRight - Self.left, height: plotBottom - Self.top, cssClass: "plot")
        for v in xTicks {
            canvas.line(x1: x(v), y1: Self.top, x2: x(v), y2: plotBottom, cssClass: "grid")
            canvas.text(TextFormatting.fixed(v, SVGCanvas.decimals(for: xStep)), x: x(v), y: plotBottom + 16, cssClass: "tick", anchor: "middle")
        }
        for v in yTicks {
            canvas.line(x1: Self.left, y1: y(v), x2: plotRight, y2: y(v), cssClass: "grid")
            canvas.text(TextFormatting.fixed(v, max(1, SVGCanvas.decimals(for: yStep))), x: Self.left - 6, y: y(v) + 4, cssClass: "tick", anchor: "end")
        }
        let meanX = performances.reduce(0, +) / Double(max(1, points.count))
        let meanY = correlations.reduce(0, +) / Double(max(1, points.count))
        canvas.line(x1: x(meanX), y1: Self.top, x2: x(meanX), y2: plotBottom, cssClass: "axis")
        canvas.line(x1: Self.left, y1: y(meanY), x2: plotRight, y2: y(meanY), cssClass: "axis")
        canvas.text("Priority: important, performing less well", x: Self.left + 8, y: Self.top + 16, cssClass: "quadrant priority")
        canvas.text("Strength", x: plotRight - 8, y: Self.top + 16, cssClass: "quadrant strength", anchor: "end")
        canvas.text("Low priority", x: Self.left + 8, y: plotBottom - 8, cssClass: "quadrant")
        canvas.text("Maintain", x: plotRight - 8, y: plotBottom - 8, cssClass: "quadrant", anchor: "end")
        canvas.text("Performance (index 0–100)", x: (Self.left + plotRight) / 2, y: height - 12, cssClass: "axis-title", anchor: "middle")
        canvas.text("Importance (r with \(outcome))", x: Self.left - 50, y: Self.top - 10, cssClass: "axis-title")
        var placed: [(Double, Double, Double, Double)] = []
        let order = points.indices.sorted { (points[$0].r, points[$0].id) > (points[$1].r, points[$1].id) }
        for index in order {
            let point = points[index]
            let cx = x(point.performance), cy = y(point.r)
            let tip = "\(point.id) \(point.text): r \(TextFormatting.fixed(point.r, 2)), performance \(TextFormatting.fixed(point.performance, 1)), \(point.quadrant)"
            let cssClass = "point q-\(point.quadrant)"
            if point.isDimension {
                canvas.polygon([(cx, cy - 6.5), (cx + 6.5, cy), (cx, cy + 6.5), (cx - 6.5, cy)], cssClass: cssClass, tooltip: tip)
            } else {
                canvas.circle(cx: cx, cy: cy, r: 5, cssClass: cssClass, tooltip: tip)
            }
            let w = SVGCanvas.textWidth(point.id, size: 11) + 2
            let candidates = [(cx + 8, cy + 4, "start"), (cx - 8, cy + 4, "end"), (cx, cy - 9, "middle"), (cx, cy + 16, "middle")]
            let boxes = candidates.map { c -> (Double, Double, Double, Double) in
                let x0 = c.2 == "start" ? c.0 : c.2 == "end" ? c.0 - w : c.0 - w / 2
                return (x0, c.1 - 10, x0 + w, c.1 + 2)
            }
            let free = boxes.firstIndex { b in
                b.0 >= Self.left && b.2 <= plotRight && !placed.contains { p in b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3 }
            } ?? 0
            placed.append(boxes[free])
            canvas.text(point.id, x: candidates[free].0, y: candidates[free].1, cssClass: "point-label", anchor: candidates[free].2)
        }
        return canvas.finished()
    }
}
