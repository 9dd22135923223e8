import Foundation

/// Locale-free number formatting shared by the text renderers: the same bytes on every machine.
public enum TextFormatting {
    /// `1234567` → `1,234,567`.
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// Fixed decimals, `-0.0` printed as `0.0`.
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// A signed change: `+2.1`, `-0.4`, `0.0`.
    public static func signed(_ x: Double, _ decimals: Int) -> String {
        let s = fixed(x, decimals)
        return s.hasPrefix("-") || s.allSatisfy({ $0 == "0" || $0 == "." }) ? s : "+" + s
    }

    /// A proportion as a percentage with one decimal.
    public static func percent(_ p: Double) -> String { fixed(p * 100, 1) + "%" }

    /// Pads or cuts to exactly `width` characters (left-aligned).
    public static func pad(_ s: String, _ width: Int) -> String {
        if s.count > width { return String(s.prefix(max(0, width - 1))) + "…" }
        return s + String(repeating: " ", count: width - s.count)
    }

    /// Right-aligns in `width` characters.
    public static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    private static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A sparkline over values; `nil` values print as `·`.
    public static func sparkline(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return String(repeating: "·", count: values.count) }
        return String(values.map { value -> Character in
            guard let value else { return "·" }
            if high - low < 1e-12 { return ticks[3] }
            let position = Int(((value - low) / (high - low) * 7).rounded())
            return ticks[min(7, max(0, position))]
        })
    }

    /// A horizontal bar for a 0–100 value, `width` cells, eighth-block resolution.
    public static func bar(_ value: Double, width: Int) -> String {
        let eighths = Int((max(0, min(100, value)) / 100 * Double(width * 8)).rounded())
        let partial: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}
