import SurveyModel

/// `items:` and `outcome:`.
extension InstrumentParser {
    static let itemKeys = ["id", "text", "scale", "dimension", "reverse", "groups"]

    mutating func parseItems(_ node: YAMLNode) {
        guard let elements = list(node, for: "items") else { return }
        itemsUsable = true
        if elements.isEmpty {
            fail(node, "\"items\" lists no item; expected at least one")
        }
        for (offset, element) in elements.enumerated() {
            parseItem(element, position: offset + 1)
        }
        checkDimensionsHaveItems()
    }

    /// How an entry of a list is named in messages: `item "T1"`, or `item 3` before its id is known.
    static func entryName(_ kind: String, _ node: YAMLNode, position: Int) -> String {
        if let id = node.pairs?.first(where: { $0.key.scalarText == "id" })?.value.scalarText, !id.isEmpty {
            return "\(kind) \(id.quotedForMessage)"
        }
        return "\(kind) \(position)"
    }

    private mutating func parseItem(_ node: YAMLNode, position: Int) {
        let name = Self.entryName("item", node, position: position)
        guard
            let fields = fields(node, of: name, allowed: Self.itemKeys, required: ["id", "text", "scale"]),
            let idNode = fields["id"], let id = string(idNode, for: "id")
        else { return }
        checkIdentifier(id, at: idNode, kind: "item")
        if let first = itemIndex[id] {
            fail(idNode, "duplicate item id \(id.quotedForMessage) (first at \(items[first].idNode.position))")
        } else if dimensions[id] != nil {
            fail(
                idNode,
                "item id \(id.quotedForMessage) is also a dimension id; KPIs refer to both by id, so they must differ")
        }
        var item = Item(id: id, text: id, scale: "")
        var hasSoundScale = false
        if let text = fields["text"].flatMap({ string($0, for: "text") }) {
            item.text = text
        }
        if let scaleNode = fields["scale"], let scale = string(scaleNode, for: "scale") {
            item.scale = scale
            let isKnown = checkReference(
                scale, at: scaleNode, kind: "scale", owner: name, known: Array(scales.keys), isUsable: scalesUsable)
            hasSoundScale = isKnown && !brokenScales.contains(scale)
        }
        if let dimensionNode = fields["dimension"], let dimension = string(dimensionNode, for: "dimension") {
            item.dimension = dimension
            let isKnown = checkReference(
                dimension, at: dimensionNode, kind: "dimension", owner: name, known: Array(dimensions.keys),
                isUsable: dimensionsUsable)
            if isKnown, hasSoundScale, let scaleNode = fields["scale"] {
                checkSharedScale(of: item, in: dimension, at: scaleNode)
            }
        }
        if let node = fields["reverse"], let reverse = bool(node, for: "reverse") {
            item.reverse = reverse
        }
        if let groupsNode = fields["groups"], let groupList = stringList(groupsNode, for: "groups") {
            if groupList.isEmpty, groupsNode.elements?.isEmpty == true {
                fail(groupsNode, "\(name) lists no group in \"groups\"; leave \"groups\" out to ask every group")
            }
            for group in groupList {
                checkReference(
                    group.text, at: group.node, kind: "group", owner: name, known: Array(groups.keys),
                    isUsable: groupsUsable)
            }
            item.groups = groupList.map(\.text)
        }
        if itemIndex[id] == nil { itemIndex[id] = items.count }
        items.append(ParsedItem(item: item, idNode: idNode, hasSoundScale: hasSoundScale))
    }

    /// Reports an item whose scale differs from the one its dimension already uses.
    private mutating func checkSharedScale(of item: Item, in dimension: String, at scaleNode: YAMLNode) {
        guard let established = dimensionScales[dimension] else {
            dimensionScales[dimension] = (item.scale, item.id)
            return
        }
        guard established.scale != item.scale else { return }
        fail(
            scaleNode,
            "item \(item.id.quotedForMessage) is on scale \(item.scale.quotedForMessage) but dimension "
                + "\(dimension.quotedForMessage) uses scale \(established.scale.quotedForMessage) "
                + "(from item \(established.item.quotedForMessage)); all items of a dimension share a scale")
    }

    mutating func parseOutcome(_ node: YAMLNode) {
        guard let id = string(node, for: "outcome") else { return }
        guard let parsed = parsedItem(id) else {
            if dimensions[id] != nil {
                fail(node, "\"outcome\" names dimension \(id.quotedForMessage); the outcome must be an item")
            } else {
                checkReference(
                    id, at: node, kind: "item", owner: "\"outcome\"", known: items.map(\.item.id), isUsable: itemsUsable)
            }
            return
        }
        if parsed.hasSoundScale, let scale = scales[parsed.item.scale], scale.kind != .likert {
            fail(
                node,
                "outcome \(id.quotedForMessage) is on \(scale.kind.rawValue) scale \(scale.id.quotedForMessage); "
                    + "the outcome must be an item on a likert scale")
        }
        outcome = id
    }

    /// The first item with an id.
    func parsedItem(_ id: String) -> ParsedItem? {
        itemIndex[id].map { items[$0] }
    }
}
