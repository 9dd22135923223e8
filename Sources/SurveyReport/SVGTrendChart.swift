import SurveyModel
import SurveyStatistics

/// A small line chart of one KPI across waves, with its target (dashed) and at-risk threshold
/// (dotted), and the band that meets the target shaded.
struct SVGTrendChart {
    /// The chart's title (KPI and group).
    var title: String
    /// Every wave of the report, with the KPI's value where it has one.
    var points: [(wave: String, value: Double?)]
    /// Target.
    var target: Double
    /// At-risk threshold.
    var threshold: Double?
    /// What the KPI measures (for number formats).
    var measure: KPI.Measure
    /// `direction: lower`.
    var lowerIsBetter: Bool
    /// Status in the latest wave.
    var status: KPIValue.Status

    private static let width = 300.0
    private static let height = 196.0
    private static let left = 50.0
    private static let right = 54.0
    private static let top = 30.0
    private static let bottom = 24.0

    /// The chart's text alternative: its values in words.
    var summary: String {
        let values = points.map { "\($0.wave) \($0.value.map { ReviewPackFormat.value($0, measure) } ?? "no data")" }
        var text = "\(title): " + values.joined(separator: ", ") + "; target \(ReviewPackFormat.value(target, measure))"
        if let threshold { text += ", threshold \(ReviewPackFormat.value(threshold, measure))" }
        return text + "; \(ReviewPackFormat.status(status))."
    }

    /// The `<svg>` element.
    func svg() -> String {
        var canvas = SVGCanvas(width: Self.width, height: Self.height, label: summary, cssClass: "chart trend-chart")
        canvas.text(HTMLEscaping.truncated(title, 42), x: 2, y: 15, cssClass: "chart-title", tooltip: title)
        let (ticks, step) = scale()
        let low = ticks.first ?? 0, high = ticks.last ?? 1
        let plotBottom = Self.height - Self.bottom
        let plotRight = Self.width - Self.right
        func y(_ v: Double) -> Double { plotBottom - (v - low) / (high - low) * (plotBottom - Self.top) }
        func x(_ i: Int) -> Double {
            points.count == 1 ? (Self.left + plotRight) / 2 : Self.left + 8 + Double(i) / Double(points.count - 1) * (plotRight - Self.left - 16)
        }
        let targetY = y(target)
        let bandTop = lowerIsBetter ? targetY : Self.top
        let bandBottom = lowerIsBetter ? plotBottom : targetY
        canvas.rect(x: Self.left, y: bandTop, width: plotRight - Self.left, height: bandBottom - bandTop, cssClass: "band-met")
        for v in ticks {
            canvas.line(x1: Self.left, y1: y(v), x2: plotRight, y2: y(v), cssClass: "grid")
            canvas.text(tickLabel(v, step: step), x: Self.left - 5, y: y(v) + 4, cssClass: "tick", anchor: "end")
        }
        for (i, point) in points.enumerated() {
            canvas.text(point.wave, x: x(i), y: plotBottom + 16, cssClass: "tick", anchor: "middle")
        }
        canvas.line(x1: Self.left, y1: targetY, x2: plotRight, y2: targetY, cssClass: "target")
        // Line labels sit on the side of their line with room: above unless at the top edge.
        func labelY(_ lineY: Double, preferAbove: Bool) -> Double {
            let above = preferAbove ? lineY - Self.top >= 13 : plotBottom - lineY < 13
            return above ? lineY - 4 : lineY + 12
        }
        let targetLabelY = labelY(targetY, preferAbove: !lowerIsBetter)
        canvas.text("target " + ReviewPackFormat.value(target, measure), x: Self.left + 4, y: targetLabelY, cssClass: "line-label target-label")
        if let threshold {
            let thresholdY = y(threshold)
            canvas.line(x1: Self.left, y1: thresholdY, x2: plotRight, y2: thresholdY, cssClass: "threshold")
            let thresholdLabelY = labelY(thresholdY, preferAbove: lowerIsBetter)
            if abs(thresholdLabelY - targetLabelY) >= 12 {
                canvas.text("threshold " + ReviewPackFormat.value(threshold, measure), x: Self.left + 4, y: thresholdLabelY, cssClass: "line-label threshold-label")
            }
        }
        var run: [(Double, Double)] = []
        for (i, point) in points.enumerated() {
            if let value = point.value {
                run.append((x(i), y(value)))
            } else {
                if run.count > 1 { canvas.polyline(run, cssClass: "series") }
                run = []
            }
        }
        if run.count > 1 { canvas.polyline(run, cssClass: "series") }
        let last = points.indices.last { points[$0].value != nil }
        for (i, point) in points.enumerated() {
            guard let value = point.value else { continue }
            let isLast = i == last
            let tip = "\(point.wave): \(ReviewPackFormat.value(value, measure))"
            canvas.circle(cx: x(i), cy: y(value), r: isLast ? 5 : 3.5, cssClass: isLast ? "point \(PackTone(status).rawValue)" : "point", tooltip: tip)
            if isLast {
                canvas.text(ReviewPackFormat.value(value, measure), x: x(i) + 9, y: y(value) + 4, cssClass: "value")
            }
        }
        return canvas.finished()
    }

    /// Nice ticks over the data, target and threshold, never flatter than a minimum span.
    private func scale() -> (ticks: [Double], step: Double) {
        let values = points.compactMap(\.value) + [target] + (threshold.map { [$0] } ?? [])
        var low = values.min() ?? 0, high = values.max() ?? 1
        let minimumSpan: Double
        switch measure {
        case .favourable, .unfavourable, .responseRate: minimumSpan = 0.1
        case .mean: minimumSpan = 0.5
        case .index: minimumSpan = 10
        case .nps: minimumSpan = 20
        }
        if high - low < minimumSpan {
            let mid = (high + low) / 2
            low = mid - minimumSpan / 2
            high = mid + minimumSpan / 2
        }
        // A little room so that no point or line sits on the frame.
        let pad = (high - low) * 0.06
        low -= pad
        high += pad
        if ReviewPackFormat.isShare(measure) { low = max(0, low); high = min(1, high) }
        if measure == .index { low = max(0, low); high = min(100, high) }
        return SVGCanvas.niceTicks(low, high, count: 4)
    }

    /// A tick label with as few decimals as the step needs.
    private func tickLabel(_ v: Double, step: Double) -> String {
        switch measure {
        case .favourable, .unfavourable, .responseRate: TextFormatting.fixed(v * 100, SVGCanvas.decimals(for: step * 100)) + "%"
        case .nps, .index, .mean: (measure == .nps ? TextFormatting.signed : TextFormatting.fixed)(v, SVGCanvas.decimals(for: step))
        }
    }
}
