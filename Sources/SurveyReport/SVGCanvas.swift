import Foundation

/// Builds one inline `<svg>` element. Coordinates are printed with one decimal so the bytes do
/// not depend on floating-point noise; every text and attribute value is escaped.
struct SVGCanvas {
    private(set) var parts: [String] = []
    let width: Double
    let height: Double

    /// Opens an SVG with an accessible name (`role="img"`, `aria-label` and `<title>`).
    init(width: Double, height: Double, label: String, cssClass: String) {
        self.width = width
        self.height = height
        parts.append("<svg class=\"\(cssClass)\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.attribute(label))\">")
        parts.append("<title>\(HTMLEscaping.text(label))</title>")
    }

    /// A number for a coordinate: one decimal, no `-0.0`.
    static func n(_ x: Double) -> String { TextFormatting.fixed((x * 10).rounded() / 10, 1) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, cssClass: String, tooltip: String? = nil) {
        let open = "<rect class=\"\(cssClass)\" x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\""
        if let tooltip {
            parts.append(open + "><title>\(HTMLEscaping.text(tooltip))</title></rect>")
        } else {
            parts.append(open + "/>")
        }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, cssClass: String) {
        parts.append("<line class=\"\(cssClass)\" x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\"/>")
    }

    mutating func circle(cx: Double, cy: Double, r: Double, cssClass: String, tooltip: String? = nil) {
        let open = "<circle class=\"\(cssClass)\" cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\""
        parts.append(tooltip.map { open + "><title>\(HTMLEscaping.text($0))</title></circle>" } ?? open + "/>")
    }

    mutating func polygon(_ points: [(Double, Double)], cssClass: String, tooltip: String? = nil) {
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        let open = "<polygon class=\"\(cssClass)\" points=\"\(list)\""
        parts.append(tooltip.map { open + "><title>\(HTMLEscaping.text($0))</title></polygon>" } ?? open + "/>")
    }

    mutating func polyline(_ points: [(Double, Double)], cssClass: String) {
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        parts.append("<polyline class=\"\(cssClass)\" points=\"\(list)\"/>")
    }

    /// Text; `anchor` is `start`, `middle` or `end`.
    mutating func text(_ string: String, x: Double, y: Double, cssClass: String, anchor: String = "start", tooltip: String? = nil) {
        let body = HTMLEscaping.text(string) + (tooltip.map { "<title>\(HTMLEscaping.text($0))</title>" } ?? "")
        parts.append("<text class=\"\(cssClass)\" x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor)\">\(body)</text>")
    }

    /// Closes the element and returns it.
    func finished() -> String { (parts + ["</svg>"]).joined(separator: "\n") }

    /// Approximate width of text at a font size, for layout (0.56 em per character).
    static func textWidth(_ string: String, size: Double) -> Double { Double(string.count) * size * 0.56 }

    /// The decimals a tick step needs: 0 for 5, 1 for 2.5, 3 for 0.025.
    static func decimals(for step: Double) -> Int {
        for decimals in 0...4 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 { return decimals }
        }
        return 4
    }

    /// Round tick values covering `low...high`: steps of 1, 2, 2.5 or 5 × 10ᵏ, about `count`
    /// intervals; the first and last ticks enclose the range.
    static func niceTicks(_ low: Double, _ high: Double, count: Int = 4) -> (ticks: [Double], step: Double) {
        let span = max(high - low, 1e-9)
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        let first = (low / step + 1e-9).rounded(.down), last = (high / step - 1e-9).rounded(.up)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return (ticks, step)
    }
}
