import SurveyModel

/// The rules that tie a KPI's measure, subject, groups, target and threshold together.
extension InstrumentParser {
    /// Checks that the measure has the subject it needs (SPEC §5.7).
    mutating func checkMeasure(
        _ kpi: KPI, measure: KPI.Measure, name: String, fields: YAMLFields, measureNode: YAMLNode
    ) {
        let itemNode = fields["item"]
        let dimensionNode = fields["dimension"]
        let measureName = measure.rawValue
        switch measure {
        case .index:
            break
        case .mean, .favourable, .unfavourable:
            guard let subject = itemNode ?? dimensionNode else {
                fail(measureNode, "\(name) with measure \(measureName) needs an \"item\" or a \"dimension\"")
                return
            }
            if measure != .mean, let scale = kpiScale(kpi) {
                let codes = measure == .favourable ? scale.favourable : scale.unfavourable
                if codes.isEmpty {
                    fail(
                        subject,
                        "\(name) measures \(measureName) on scale \(scale.id.quotedForMessage), which declares no "
                            + "\(measureName) codes")
                }
            }
        case .nps:
            if let dimensionNode {
                fail(dimensionNode, "\(name) with measure nps takes an \"item\", not a \"dimension\"")
                return
            }
            guard let itemNode, let item = kpi.item else {
                fail(measureNode, "\(name) with measure nps needs an \"item\" on an nps scale")
                return
            }
            if let scale = kpiScale(kpi), scale.kind != .nps {
                fail(
                    itemNode,
                    "\(name) with measure nps needs an item on an nps scale; item \(item.quotedForMessage) is on "
                        + "\(scale.kind.rawValue) scale \(scale.id.quotedForMessage)")
            }
        case .responseRate:
            if let subject = itemNode ?? dimensionNode {
                fail(subject, "\(name) with measure response-rate takes neither \"item\" nor \"dimension\"")
                return
            }
            let covered = kpi.groups ?? Array(groups.keys)
            if groupsUsable, !covered.contains(where: { groups[$0]?.population.isEmpty == false }) {
                fail(measureNode, "\(name) measures response-rate, but no group it covers declares a population")
            }
        }
    }

    /// Checks that target and threshold lie on the measure's scale and in the right order.
    mutating func checkGoals(_ kpi: KPI, name: String, fields: YAMLFields) {
        let range: (values: ClosedRange<Double>, meaning: String)? =
            switch kpi.measure {
            case .favourable, .unfavourable, .responseRate: (0...1, "a share within 0...1")
            case .index: (0...100, "an index within 0...100")
            case .nps: (-100...100, "a score within -100...100")
            case .mean:
                kpiScale(kpi).map { scale in
                    (
                        Double(scale.lower)...Double(scale.upper),
                        "a mean within \(scale.lower)...\(scale.upper) (scale \(scale.id.quotedForMessage))"
                    )
                }
            }
        guard let targetNode = fields["target"] else { return }
        let targetText = targetNode.scalarText ?? ""
        var goals = [(key: "target", value: kpi.target, node: targetNode)]
        if let threshold = kpi.threshold, let node = fields["threshold"] {
            goals.append((key: "threshold", value: threshold, node: node))
        }
        if let range {
            for goal in goals where !range.values.contains(goal.value) {
                fail(
                    goal.node,
                    "\(goal.key) \(goal.node.scalarText ?? "") is out of range for measure "
                        + "\(kpi.measure.rawValue); expected \(range.meaning)")
            }
        }
        guard let threshold = kpi.threshold, let thresholdNode = fields["threshold"] else { return }
        let thresholdText = thresholdNode.scalarText ?? ""
        switch kpi.direction {
        case .higher where threshold > kpi.target:
            fail(
                thresholdNode,
                "threshold \(thresholdText) is above target \(targetText); with direction higher the threshold "
                    + "must not exceed the target")
        case .lower where threshold < kpi.target:
            fail(
                thresholdNode,
                "threshold \(thresholdText) is below target \(targetText); with direction lower the threshold "
                    + "must not be below the target")
        default:
            break
        }
    }

    /// Checks that a KPI restricted to groups measures something those groups are asked.
    mutating func checkAskedOfGroups(_ kpi: KPI, name: String, fields: YAMLFields) {
        guard let kpiGroups = kpi.groups else { return }
        if let item = kpi.item, let node = fields["item"], let parsed = parsedItem(item),
            let asked = parsed.item.groups
        {
            for group in kpiGroups where !asked.contains(group) {
                fail(
                    node,
                    "\(name) is for group \(group.quotedForMessage), but item \(item.quotedForMessage) is asked only "
                        + "of \(asked.joined(separator: ", "))")
            }
        }
        if let dimension = kpi.dimension, let node = fields["dimension"] {
            let members = items.filter { $0.item.dimension == dimension }
            guard !members.isEmpty else { return }
            for group in kpiGroups where !members.contains(where: { $0.item.isAsked(of: group) }) {
                fail(
                    node,
                    "\(name) is for group \(group.quotedForMessage), but no item of dimension "
                        + "\(dimension.quotedForMessage) is asked of it")
            }
        }
    }
}
