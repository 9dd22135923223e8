import SurveyModel

/// The measure an action links to: `kpi`, `item` or `dimension`, with `group`, `measure` and
/// `instrument`, each checked against the instruments.
extension ActionsParser {
    mutating func link(_ fields: YAMLFields, name: String) -> ImprovementAction.Link? {
        let present = ["kpi", "item", "dimension"].compactMap { key in fields.keyNode(key).map { (key, $0) } }
        guard let (kind, _) = present.first else {
            yaml.fail(fields.node, "\(name) links to no measure; expected one of \"kpi\", \"item\" or \"dimension\"")
            return nil
        }
        if present.count > 1 {
            yaml.fail(present[1].1, "\(name) has both \(present[0].0.quotedForMessage) and \(present[1].0.quotedForMessage); link one measure")
            return nil
        }
        guard let node = fields[kind], let id = yaml.string(node, for: kind),
            let instrument = instrument(for: kind, id: id, at: node, fields: fields, name: name)
        else { return nil }
        let known: [String]
        switch kind {
        case "kpi": known = instrument.kpis.map(\.id)
        case "item": known = instrument.items.map(\.id)
        default: known = instrument.dimensions.map(\.id)
        }
        guard yaml.checkReference(id, at: node, kind: kind == "kpi" ? "KPI" : kind, owner: name, known: known, isUsable: true) else {
            return nil
        }
        if kind == "kpi", let kpi = instrument.kpis.first(where: { $0.id == id }) {
            if let measureKey = fields.keyNode("measure") {
                yaml.fail(measureKey, "\(name) links to KPI \(id.quotedForMessage), which has its own measure; leave out \"measure\"")
                return nil
            }
            guard let group = group(fields, concerned: kpi.groups, instrument: instrument, name: name) else { return nil }
            return ImprovementAction.Link(
                instrument: instrument.id, target: .kpi(id), group: group, measure: kpi.measure,
                lowerIsBetter: kpi.direction == .lower)
        }
        let items = kind == "item" ? instrument.items.filter { $0.id == id } : instrument.items.filter { $0.dimension == id }
        guard let first = items.first else { return nil }
        let scale = instrument.scale(of: first)
        let concerned = items.contains { $0.groups == nil } ? nil : Array(Set(items.flatMap { $0.groups ?? [] })).sorted()
        guard let group = group(fields, concerned: concerned, instrument: instrument, name: name),
            let measure = measure(fields, scale: scale, isItem: kind == "item", name: name)
        else { return nil }
        return ImprovementAction.Link(
            instrument: instrument.id, target: kind == "item" ? .item(id) : .dimension(id), group: group,
            measure: measure, lowerIsBetter: measure == .unfavourable)
    }

    /// The instrument named by `instrument`, or the only one that declares the linked id.
    private mutating func instrument(for kind: String, id: String, at node: YAMLNode, fields: YAMLFields, name: String) -> Instrument? {
        if let instrumentNode = fields["instrument"] {
            guard let wanted = yaml.string(instrumentNode, for: "instrument") else { return nil }
            guard yaml.checkReference(wanted, at: instrumentNode, kind: "instrument", owner: name, known: instruments.map(\.id), isUsable: true) else {
                return nil
            }
            return instruments.first { $0.id == wanted }
        }
        if instruments.count == 1 { return instruments[0] }
        let holders = instruments.filter { instrument in
            switch kind {
            case "kpi": instrument.kpis.contains { $0.id == id }
            case "item": instrument.items.contains { $0.id == id }
            default: instrument.dimensions.contains { $0.id == id }
            }
        }
        if holders.count == 1 { return holders[0] }
        let which = holders.isEmpty ? "none of the instruments (\(instruments.map(\.id).joined(separator: ", ")))" : "several instruments (\(holders.map(\.id).joined(separator: ", ")))"
        yaml.fail(node, "\(name): \(kind) \(id.quotedForMessage) is declared by \(which); name one with \"instrument\"")
        return nil
    }

    /// `group`: one the measure concerns, or `all`; by default the only group concerned, else `all`.
    private mutating func group(_ fields: YAMLFields, concerned: [String]?, instrument: Instrument, name: String) -> String? {
        let declared = instrument.groups.map(\.id)
        let hasAll = declared.count > 1
        let allowed = (concerned ?? declared) + (hasAll && (concerned == nil || concerned!.count > 1) ? ["all"] : [])
        guard let node = fields["group"] else {
            if allowed.count == 1 { return allowed[0] }
            if hasAll, allowed.contains("all") { return "all" }
            yaml.fail(fields.node, "\(name) must name its group; expected \"group\" with one of \(allowed.joined(separator: ", "))")
            return nil
        }
        guard let group = yaml.string(node, for: "group") else { return nil }
        guard allowed.contains(group) else {
            let what = declared.contains(group) || group == "all" ? "a group its measure does not cover" : "an unknown group"
            yaml.fail(node, "\(name) names \(what) \(group.quotedForMessage); expected one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return group
    }

    /// `measure` of an item or dimension link, checked against its scale.
    private mutating func measure(_ fields: YAMLFields, scale: Scale, isItem: Bool, name: String) -> KPI.Measure? {
        var allowed: [KPI.Measure] = [.index, .mean]
        if scale.kind == .nps {
            allowed = isItem ? [.nps, .index, .mean] : allowed
        } else if !scale.favourable.isEmpty {
            allowed += isItem ? [.favourable, .unfavourable] : [.favourable]
        }
        guard let node = fields["measure"] else {
            if allowed.contains(.nps) { return .nps }
            return allowed.contains(.favourable) ? .favourable : .index
        }
        return yaml.choice(node, for: "measure", among: allowed)
    }
}
