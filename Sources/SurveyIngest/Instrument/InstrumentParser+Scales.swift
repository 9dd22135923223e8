import Foundation
import SurveyModel

/// `scales:` — codes, labels, favourable and unfavourable codes, missing codes, kind.
extension InstrumentParser {
    static let scaleKeys = ["values", "favourable", "unfavourable", "missing", "labels-in-data", "kind"]

    mutating func parseScales(_ node: YAMLNode) {
        guard let entries = entries(node, of: "\"scales\"") else { return }
        scalesUsable = true
        for (id, pair) in entries {
            checkIdentifier(id, at: pair.key, kind: "scale")
            let before = errors.count
            scales[id] = parseScale(id, pair.value) ?? Scale(id: id, lower: 0, upper: 1)
            if errors.count > before { brokenScales.insert(id) }
        }
    }

    private mutating func parseScale(_ id: String, _ node: YAMLNode) -> Scale? {
        let what = "scale \(id.quotedForMessage)"
        guard let fields = fields(node, of: what, allowed: Self.scaleKeys, required: ["values"]) else { return nil }
        var scale = Scale(id: id, lower: 0, upper: 0)
        var labelNodes: [Int: YAMLNode] = [:]
        var hasRange = false
        if let valuesNode = fields["values"], let values = scaleValues(valuesNode, of: id) {
            (scale.lower, scale.upper, scale.labels, labelNodes) = values
            hasRange = true
        }
        if let node = fields["kind"], let kind = choice(node, for: "kind", among: [Scale.Kind.likert, .nps]) {
            scale.kind = kind
            if kind == .nps, hasRange, scale.lower != 0 || scale.upper != 10, let valuesNode = fields["values"] {
                fail(valuesNode, "an nps scale must have values 0..10, found \(scale.lower)..\(scale.upper)")
            }
        }
        var codeNodes: [String: [Int: YAMLNode]] = [:]
        for key in ["favourable", "unfavourable"] {
            guard let listNode = fields[key], let elements = list(listNode, for: key) else { continue }
            var codes: [Int] = []
            var nodes: [Int: YAMLNode] = [:]
            for element in elements {
                guard let code = integer(element, for: key, expecting: "an integer code") else { continue }
                if let first = nodes[code] {
                    fail(element, "duplicate code \(code) in \(key.quotedForMessage) (first at \(first.position))")
                    continue
                }
                nodes[code] = element
                guard hasRange else { continue }
                guard (scale.lower...scale.upper).contains(code) else {
                    fail(element, "\(key) code \(code) is outside scale \(id.quotedForMessage) (\(scale.lower)..\(scale.upper))")
                    continue
                }
                codes.append(code)
            }
            codeNodes[key] = nodes
            if key == "favourable" { scale.favourable = codes } else { scale.unfavourable = codes }
        }
        for code in scale.unfavourable where scale.favourable.contains(code) {
            guard let favourableNode = codeNodes["favourable"]?[code],
                let unfavourableNode = codeNodes["unfavourable"]?[code]
            else { continue }
            let later = unfavourableNode.isAfter(favourableNode) ? unfavourableNode : favourableNode
            fail(later, "code \(code) is both favourable and unfavourable in scale \(id.quotedForMessage)")
        }
        if let node = fields["labels-in-data"], let labelsInData = bool(node, for: "labels-in-data") {
            scale.labelsInData = labelsInData
            if labelsInData && hasRange && scale.labels.isEmpty {
                fail(
                    node,
                    "labels-in-data needs labels; give the values of scale \(id.quotedForMessage) "
                        + "as a mapping of codes to labels")
            }
        }
        if scale.labelsInData {
            var seen: [String: Int] = [:]
            for code in scale.lower...max(scale.lower, scale.upper) {
                guard let label = scale.labels[code], let node = labelNodes[code] else { continue }
                if let first = seen[label] {
                    fail(
                        node,
                        "label \(label.quotedForMessage) is used for both code \(first) and code \(code) of scale "
                            + "\(id.quotedForMessage); labels-in-data needs unique labels")
                }
                seen[label] = code
            }
        }
        if let node = fields["missing"] {
            scale.missing = missingCodes(node, of: scale, hasRange: hasRange)
        }
        return hasRange ? scale : nil
    }

    /// Reads `missing:`, reporting codes that collide with valid codes or labels.
    private mutating func missingCodes(_ node: YAMLNode, of scale: Scale, hasRange: Bool) -> [Scale.MissingCode] {
        let what = "the missing codes of scale \(scale.id.quotedForMessage)"
        guard let entries = entries(node, of: what) else { return [] }
        var codes: [Scale.MissingCode] = []
        for (code, pair) in entries {
            guard !code.isEmpty, !pair.key.isNull else {
                fail(pair.key, "expected a code in \(what), found \(pair.key.found)")
                continue
            }
            if hasRange, let value = Int(code.trimmingCharacters(in: .whitespaces)),
                (scale.lower...scale.upper).contains(value)
            {
                fail(
                    pair.key,
                    "missing code \(code.quotedForMessage) collides with valid code \(value) of scale "
                        + "\(scale.id.quotedForMessage)")
            } else if scale.labelsInData, scale.labels.values.contains(code) {
                fail(pair.key, "missing code \(code.quotedForMessage) is also a label of scale \(scale.id.quotedForMessage)")
            }
            if let reason = string(pair.value, for: code) {
                codes.append(Scale.MissingCode(code: code, reason: reason))
            }
        }
        return codes
    }
}
