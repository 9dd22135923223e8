import SurveyModel

/// `waves:`, `groups:` and `dimensions:`.
extension InstrumentParser {
    mutating func parseWaves(_ node: YAMLNode) {
        guard let labels = stringList(node, for: "waves") else { return }
        waves = labels.isEmpty ? nil : labels.map(\.text)
    }

    mutating func parseGroups(_ node: YAMLNode) {
        guard let entries = entries(node, of: "\"groups\"") else { return }
        groupsUsable = true
        if entries.isEmpty {
            fail(node, "\"groups\" declares no group; expected at least one")
        }
        for (id, pair) in entries {
            checkIdentifier(id, at: pair.key, kind: "group")
            claimGroupCode(id, for: id, at: pair.key)
            groups[id] = parseGroup(id, pair.value)
        }
    }

    private mutating func parseGroup(_ id: String, _ node: YAMLNode) -> Group {
        var group = Group(id: id, title: id)
        let what = "group \(id.quotedForMessage)"
        guard
            let fields = fields(
                node, of: what, allowed: ["title", "role", "values", "population"], required: ["title"])
        else { return group }
        if let title = fields["title"].flatMap({ string($0, for: "title") }) {
            group.title = title
        }
        if let role = fields["role"].flatMap({ choice($0, for: "role", among: Group.Role.allCases) }) {
            group.role = role
        }
        if let valuesNode = fields["values"], let values = stringList(valuesNode, for: "values") {
            for value in values where value.text != id {
                claimGroupCode(value.text, for: id, at: value.node)
                group.values.append(value.text)
            }
        }
        if let populationNode = fields["population"] {
            group.population = parsePopulation(populationNode, of: id)
        }
        return group
    }

    /// Records that a data code means a group, reporting a code two groups claim.
    private mutating func claimGroupCode(_ code: String, for group: String, at node: YAMLNode) {
        if let owner = groupCodes[code], owner != group {
            fail(
                node,
                "group code \(code.quotedForMessage) is claimed by both group \(owner.quotedForMessage) "
                    + "and group \(group.quotedForMessage)")
            return
        }
        groupCodes[code] = group
    }

    private mutating func parsePopulation(_ node: YAMLNode, of group: String) -> [String: Int] {
        var population: [String: Int] = [:]
        guard let entries = entries(node, of: "the population of group \(group.quotedForMessage)") else {
            return population
        }
        for (wave, pair) in entries {
            if let waves, !waves.contains(wave) {
                fail(
                    pair.key,
                    "population wave \(wave.quotedForMessage) of group \(group.quotedForMessage) is not among "
                        + "the declared waves: \(Self.nameList(waves))")
            }
            if let count = integer(pair.value, for: wave, in: 0...Int.max, expecting: "a non-negative integer") {
                population[wave] = count
            }
        }
        return population
    }

    mutating func parseDimensions(_ node: YAMLNode) {
        guard let entries = entries(node, of: "\"dimensions\"") else {
            dimensionsUsable = false
            return
        }
        for (id, pair) in entries {
            checkIdentifier(id, at: pair.key, kind: "dimension")
            dimensionKeyNodes[id] = pair.key
            var dimension = Dimension(id: id, title: id)
            let what = "dimension \(id.quotedForMessage)"
            if let fields = fields(pair.value, of: what, allowed: ["title", "weight"], required: ["title"]) {
                if let title = fields["title"].flatMap({ string($0, for: "title") }) {
                    dimension.title = title
                }
                if let weightNode = fields["weight"],
                    let weight = number(weightNode, for: "weight", expecting: "a positive number", where: { $0 > 0 })
                {
                    dimension.weight = weight
                }
            }
            dimensions[id] = dimension
        }
    }

    /// Reports every dimension no item belongs to (after the items are read).
    mutating func checkDimensionsHaveItems() {
        guard itemsUsable else { return }
        let used = Set(items.compactMap(\.item.dimension))
        for (id, node) in dimensionKeyNodes where !used.contains(id) {
            fail(node, "dimension \(id.quotedForMessage) has no items")
        }
    }
}
