import SurveyModel

/// The `weighting:` section: raking or post-stratification to population margins given per
/// segment column, as counts or shares.
extension InstrumentParser {
    static let weightingKeys = ["method", "groups", "margins", "tolerance", "max-iterations", "trim"]

    mutating func parseWeighting(_ node: YAMLNode) -> Weighting? {
        let what = "\"weighting\""
        guard let fields = fields(node, of: what, allowed: Self.weightingKeys, required: ["method", "margins"]),
              let methodNode = fields["method"],
              let method = choice(methodNode, for: "method", among: [Weighting.Method.rake, .postStratify]),
              let marginsNode = fields["margins"], let entries = entries(marginsNode, of: "\"weighting.margins\"")
        else { return nil }
        var margins: [Weighting.Margin] = []
        for (segment, pair) in entries {
            guard columns.segments.contains(segment) else {
                fail(pair.key, "margin \(segment.quotedForMessage) is not a segment column; expected one of: \(columns.segments.joined(separator: ", ")) (declare it in columns.segments)")
                continue
            }
            guard let categories = self.entries(pair.value, of: "margin \(segment.quotedForMessage)") else { continue }
            var values: [(String, Double)] = []
            for (category, entry) in categories {
                guard let value = number(entry.value, for: category, expecting: "a population count or share > 0", where: { $0 > 0 && $0.isFinite }) else { continue }
                values.append((category, value))
            }
            guard !values.isEmpty else {
                fail(pair.value, "margin \(segment.quotedForMessage) lists no category; expected category: count or share pairs")
                continue
            }
            let total = values.reduce(0) { $0 + $1.1 }
            margins.append(Weighting.Margin(segment: segment, shares: values.map { ($0.0, $0.1 / total) }))
        }
        if method == .postStratify && entries.count != 1 {
            fail(marginsNode, "post-stratify takes exactly one margin, found \(entries.count); use method: rake for several")
        }
        var weighting = Weighting(method: method, margins: margins)
        if let groupsNode = fields["groups"], let list = stringList(groupsNode, for: "groups") {
            for entry in list where groups[entry.text] == nil {
                fail(entry.node, "unknown group \(entry.text.quotedForMessage) in \(what); expected one of: \(groups.keys.joined(separator: ", "))")
            }
            weighting.groups = list.map(\.text)
        }
        if let n = fields["tolerance"], let value = number(n, for: "tolerance", expecting: "a number between 0 and 0.01", where: { $0 > 0 && $0 <= 0.01 }) {
            weighting.tolerance = value
        }
        if let n = fields["max-iterations"], let value = integer(n, for: "max-iterations", in: 1...100_000, expecting: "an integer from 1 to 100000") {
            weighting.maxIterations = value
        }
        if let n = fields["trim"], let list = self.list(n, for: "trim") {
            let bounds = list.compactMap { Self.numberValue(of: $0) }
            if bounds.count == 2, bounds[0] > 0, bounds[0] < 1, bounds[1] > 1 {
                weighting.trim = bounds[0]...bounds[1]
            } else {
                fail(n, "expected \"trim\" as [low, high] with 0 < low < 1 < high (bounds on weight / mean weight)")
            }
        }
        return weighting
    }
}
