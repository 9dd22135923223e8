import Foundation
import SurveyModel

/// A scale's `values:` — a range `"L..U"` or a mapping of every code L…U to its label.
extension InstrumentParser {
    /// The codes of a scale: lowest, highest, labels and the node of each label.
    typealias ScaleValues = (lower: Int, upper: Int, labels: [Int: String], labelNodes: [Int: YAMLNode])

    /// Reads `values:`; `nil` after an error.
    mutating func scaleValues(_ node: YAMLNode, of scale: String) -> ScaleValues? {
        if node.pairs != nil {
            return labelledValues(node, of: scale)
        }
        guard let text = node.scalarText, !node.isNull, let range = Self.codeRange(text) else {
            fail(
                node,
                "expected a range \"L..U\" or a mapping of codes to labels for \"values\", found \(node.found)")
            return nil
        }
        guard range.lower < range.upper else {
            fail(node, "invalid range \(text.quotedForMessage) for \"values\"; expected L < U")
            return nil
        }
        guard Scale.codeRange.contains(range.lower), Scale.codeRange.contains(range.upper) else {
            fail(node, "scale codes must lie within \(Self.codeLimits), found \(text.quotedForMessage)")
            return nil
        }
        return (range.lower, range.upper, [:], [:])
    }

    /// `-1000...1000`, as messages print it.
    static var codeLimits: String { "\(Scale.codeRange.lowerBound)...\(Scale.codeRange.upperBound)" }

    /// Parses `L..U` (spaces allowed around the numbers).
    static func codeRange(_ text: String) -> (lower: Int, upper: Int)? {
        guard let dots = text.range(of: "..") else { return nil }
        let lowerText = text[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)
        let upperText = text[dots.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let lower = Int(lowerText), let upper = Int(upperText) else { return nil }
        return (lower, upper)
    }

    private mutating func labelledValues(_ node: YAMLNode, of scale: String) -> ScaleValues? {
        let what = "the values of scale \(scale.quotedForMessage)"
        guard let entries = entries(node, of: what) else { return nil }
        var labels: [Int: String] = [:]
        var labelNodes: [Int: YAMLNode] = [:]
        var keyNodes: [Int: YAMLNode] = [:]
        var isValid = true
        for (_, pair) in entries {
            guard let code = Self.integerValue(of: pair.key) else {
                fail(pair.key, "expected an integer code in \(what), found \(pair.key.found)")
                isValid = false
                continue
            }
            guard Scale.codeRange.contains(code) else {
                fail(pair.key, "scale codes must lie within \(Self.codeLimits), found \(code)")
                isValid = false
                continue
            }
            if let first = keyNodes[code] {
                fail(pair.key, "duplicate code \(code) in \(what) (first at \(first.position))")
                isValid = false
                continue
            }
            keyNodes[code] = pair.key
            if let label = string(pair.value, for: "\(code)") {
                labels[code] = label
                labelNodes[code] = pair.value
            }
        }
        guard isValid else { return nil }
        guard let lower = keyNodes.keys.min(), let upper = keyNodes.keys.max(), lower < upper else {
            fail(node, "\(what) must span at least two codes")
            return nil
        }
        if let gap = (lower...upper).first(where: { keyNodes[$0] == nil }) {
            fail(node, "\(what) are not contiguous: \(gap) is missing between \(lower) and \(upper)")
            return nil
        }
        return (lower, upper, labels, labelNodes)
    }
}
