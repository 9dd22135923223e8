import SurveyModel

/// The settings sections: `columns:` (which export column holds which concept, one role per column)
/// and `reporting:` (suppression, confidence and analysis settings).
extension InstrumentParser {
    static let columnKeys = [
        "respondent", "group", "wave", "wave-from", "weight", "duration", "segments", "comments", "items", "include",
        "overrides",
    ]

    mutating func parseColumns(_ node: YAMLNode) {
        guard let fields = fields(node, of: "\"columns\"", allowed: Self.columnKeys) else { return }
        for key in ["respondent", "group", "wave"] {
            guard let node = fields[key], let column = string(node, for: key) else { continue }
            columnNodes[key] = node
            switch key {
            case "respondent": columns.respondent = column
            case "group": columns.group = column
            default: columns.wave = column
            }
        }
        if let node = fields["wave-from"] {
            if let waveKey = fields.keyNode("wave"), let waveFromKey = fields.keyNode("wave-from") {
                fail(waveFromKey.isAfter(waveKey) ? waveFromKey : waveKey, "\"columns\" has both \"wave\" and \"wave-from\"; use one")
            }
            columns.waveFrom = parseWaveFrom(node)
        }
        for key in ["weight", "duration"] {
            guard let node = fields[key], let column = optionalString(node, for: key) else { continue }
            if column != nil { columnNodes[key] = node }
            if key == "weight" { columns.weight = column } else { columns.duration = column }
        }
        if let node = fields["segments"], let list = stringList(node, for: "segments") {
            columns.segments = list.map(\.text)
            columnListNodes["segments"] = list.map(\.node)
        }
        if let node = fields["comments"], let list = stringList(node, for: "comments") {
            columns.comments = list.map(\.text)
            columnListNodes["comments"] = list.map(\.node)
        }
        if let node = fields["items"], let entries = entries(node, of: "\"columns.items\"") {
            for (item, pair) in entries {
                let isKnown = checkReference(
                    item, at: pair.key, kind: "item", owner: "\"columns.items\"", known: items.map(\.item.id),
                    isUsable: itemsUsable)
                if let column = string(pair.value, for: item), isKnown {
                    columns.items[item] = column
                    columnNodes["item:" + item] = pair.value
                }
            }
        }
        if let node = fields["include"], let kinds = parseInclude(node, in: "\"columns\"") { columns.include = kinds }
        if let node = fields["overrides"] { parseColumnOverrides(node) }
    }

    private mutating func parseWaveFrom(_ node: YAMLNode) -> WaveFrom? {
        let what = "\"columns.wave-from\""
        guard
            let fields = fields(node, of: what, allowed: ["column", "calendar", "starts", "dates"], required: ["column", "calendar"]),
            let columnNode = fields["column"], let column = string(columnNode, for: "column"),
            let calendar = fields["calendar"].flatMap({
                choice($0, for: "calendar", among: [WaveFrom.Calendar.year, .academicYear])
            })
        else { return nil }
        columnNodes["wave-from"] = columnNode
        var waveFrom = WaveFrom(column: column, calendar: calendar)
        if let startsNode = fields["starts"] {
            if calendar == .year, let key = fields.keyNode("starts") {
                fail(key, "\"starts\" applies only to calendar academic-year")
            } else if let month = integer(startsNode, for: "starts", in: 1...12, expecting: "a month 1...12") {
                waveFrom.startsMonth = month
            }
        }
        if let datesNode = fields["dates"] {
            waveFrom.dateOrder = choice(datesNode, for: "dates", among: [WaveFrom.DateOrder.dayFirst, .monthFirst])
        }
        return waveFrom
    }

    /// Reports a column used for two roles (respondent, group, wave, weight, segment, item …).
    mutating func checkColumnRoles() {
        var uses: [(column: String, role: String, node: YAMLNode?)] = [
            (columns.respondent, "respondent", columnNodes["respondent"]),
            (columns.group, "group", columnNodes["group"]),
        ]
        if let waveFrom = columns.waveFrom {
            uses.append((waveFrom.column, "wave-from", columnNodes["wave-from"]))
        } else {
            uses.append((columns.wave, "wave", columnNodes["wave"]))
        }
        if let weight = columns.weight { uses.append((weight, "weight", columnNodes["weight"])) }
        if let duration = columns.duration { uses.append((duration, "duration", columnNodes["duration"])) }
        for (column, node) in zip(columns.segments, columnListNodes["segments"] ?? []) {
            uses.append((column, "segment", node))
        }
        for (column, node) in zip(columns.comments, columnListNodes["comments"] ?? []) {
            uses.append((column, "comment", node))
        }
        for (offset, parsed) in items.enumerated() where itemIndex[parsed.item.id] == offset {
            let explicit = columnNodes["item:" + parsed.item.id]
            uses.append((columns.column(for: parsed.item), "item \(parsed.item.id.quotedForMessage)", explicit ?? parsed.idNode))
        }
        var first: [String: (role: String, node: YAMLNode?)] = [:]
        for use in uses {
            guard let earlier = first[use.column] else {
                first[use.column] = (use.role, use.node)
                continue
            }
            guard let node = Self.laterNode(earlier.node, use.node) else { continue }
            let message =
                earlier.role == use.role
                ? "column \(use.column.quotedForMessage) is listed twice as \(use.role)"
                : "column \(use.column.quotedForMessage) is used for both \(earlier.role) and \(use.role)"
            fail(node, message)
        }
    }

    /// The later of two optional nodes in file order.
    private static func laterNode(_ lhs: YAMLNode?, _ rhs: YAMLNode?) -> YAMLNode? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return rhs.isAfter(lhs) ? rhs : lhs
    }

    // MARK: reporting

    static let reportingKeys = [
        "minimum-n", "minimum-response-rate", "confidence", "dimension-minimum-answered", "alpha-missing",
        "driver-minimum-n", "significance",
    ]

    mutating func parseReporting(_ node: YAMLNode) {
        guard let fields = fields(node, of: "\"reporting\"", allowed: Self.reportingKeys) else { return }
        if let node = fields["minimum-n"],
            let value = integer(node, for: "minimum-n", in: 1...Int.max, expecting: "an integer >= 1")
        {
            reporting.minimumN = value
        }
        if let node = fields["minimum-response-rate"],
            let value = number(
                node, for: "minimum-response-rate", expecting: "a number within 0...1", where: { (0...1).contains($0) })
        {
            reporting.minimumResponseRate = value
        }
        if let node = fields["confidence"],
            let value = number(
                node, for: "confidence", expecting: "a number between 0 and 1 (exclusive)", where: { $0 > 0 && $0 < 1 })
        {
            reporting.confidence = value
        }
        if let node = fields["dimension-minimum-answered"],
            let value = number(
                node, for: "dimension-minimum-answered", expecting: "a number greater than 0 and at most 1",
                where: { $0 > 0 && $0 <= 1 })
        {
            reporting.dimensionMinimumAnswered = value
        }
        if let node = fields["alpha-missing"],
            let value = choice(node, for: "alpha-missing", among: [ReportingOptions.AlphaMissing.listwise, .pairwise])
        {
            reporting.alphaMissing = value
        }
        if let node = fields["driver-minimum-n"],
            let value = integer(node, for: "driver-minimum-n", in: 3...Int.max, expecting: "an integer >= 3")
        {
            reporting.driverMinimumN = value
        }
        if let node = fields["significance"],
            let value = number(
                node, for: "significance", expecting: "a number between 0 and 1 (exclusive)", where: { $0 > 0 && $0 < 1 })
        {
            reporting.significance = value
        }
    }
}
