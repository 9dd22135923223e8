import SurveyModel

/// `kpis:` — quality objectives and the rules that make each one computable (SPEC §5.7).
extension InstrumentParser {
    static let kpiKeys = [
        "id", "title", "group", "groups", "measure", "item", "dimension", "target", "threshold", "direction",
    ]

    mutating func parseKPIs(_ node: YAMLNode) {
        guard let elements = list(node, for: "kpis") else { return }
        for (offset, element) in elements.enumerated() {
            parseKPI(element, position: offset + 1)
        }
    }

    private mutating func parseKPI(_ node: YAMLNode, position: Int) {
        let name = Self.entryName("KPI", node, position: position)
        guard
            let fields = fields(
                node, of: name, allowed: Self.kpiKeys, required: ["id", "title", "measure", "target"]),
            let idNode = fields["id"], let id = string(idNode, for: "id")
        else { return }
        checkIdentifier(id, at: idNode, kind: "KPI")
        if let first = kpiIDs[id] {
            fail(idNode, "duplicate KPI id \(id.quotedForMessage) (first at \(first.position))")
        } else {
            kpiIDs[id] = idNode
        }
        let before = errors.count
        var kpi = KPI(id: id, title: id, measure: .index, target: 0)
        if let title = fields["title"].flatMap({ string($0, for: "title") }) {
            kpi.title = title
        }
        kpi.groups = kpiGroups(fields, name: name)
        let measure = fields["measure"].flatMap { choice($0, for: "measure", among: KPI.Measure.allCases) }
        if let measure { kpi.measure = measure }
        if let node = fields["item"], let item = string(node, for: "item") {
            kpi.item = item
            checkReference(
                item, at: node, kind: "item", owner: name, known: items.map(\.item.id), isUsable: itemsUsable)
        }
        if let node = fields["dimension"], let dimension = string(node, for: "dimension") {
            kpi.dimension = dimension
            checkReference(
                dimension, at: node, kind: "dimension", owner: name, known: Array(dimensions.keys),
                isUsable: dimensionsUsable)
        }
        if let itemKey = fields.keyNode("item"), let dimensionKey = fields.keyNode("dimension") {
            let later = itemKey.isAfter(dimensionKey) ? itemKey : dimensionKey
            fail(later, "\(name) has both \"item\" and \"dimension\"; use one")
        }
        if let node = fields["direction"],
            let direction = choice(node, for: "direction", among: [KPI.Direction.higher, .lower])
        {
            kpi.direction = direction
        }
        if let node = fields["target"], let target = number(node, for: "target") {
            kpi.target = target
        }
        if let node = fields["threshold"], let threshold = number(node, for: "threshold") {
            kpi.threshold = threshold
        }
        // The rules below combine several fields: only check them when each field is sound.
        if errors.count == before, let measure, let measureNode = fields["measure"] {
            checkMeasure(kpi, measure: measure, name: name, fields: fields, measureNode: measureNode)
            checkGoals(kpi, name: name, fields: fields)
            checkAskedOfGroups(kpi, name: name, fields: fields)
        }
        kpis.append(kpi)
    }

    /// `group: g` or `groups: [g, …]`; `nil` means every group.
    private mutating func kpiGroups(_ fields: YAMLFields, name: String) -> [String]? {
        if let groupKey = fields.keyNode("group"), let groupsKey = fields.keyNode("groups") {
            fail(groupsKey.isAfter(groupKey) ? groupsKey : groupKey, "\(name) has both \"group\" and \"groups\"; use one")
            return nil
        }
        var named: [(text: String, node: YAMLNode)] = []
        if let node = fields["group"], let group = string(node, for: "group") {
            named = [(group, node)]
        } else if let node = fields["groups"], let list = stringList(node, for: "groups") {
            if list.isEmpty, node.elements?.isEmpty == true {
                fail(node, "\(name) lists no group in \"groups\"; leave \"groups\" out to cover every group")
            }
            named = list
        } else {
            return nil
        }
        for group in named {
            checkReference(
                group.text, at: group.node, kind: "group", owner: name, known: Array(groups.keys), isUsable: groupsUsable)
        }
        return named.map(\.text)
    }

    /// The scale a KPI's item or dimension is on, when it is known and sound.
    func kpiScale(_ kpi: KPI) -> Scale? {
        if let item = kpi.item {
            guard let parsed = parsedItem(item), parsed.hasSoundScale else { return nil }
            return scales[parsed.item.scale]
        }
        if let dimension = kpi.dimension, let established = dimensionScales[dimension] {
            guard !brokenScales.contains(established.scale) else { return nil }
            return scales[established.scale]
        }
        return nil
    }
}
