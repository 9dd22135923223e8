import SurveyModel

/// `columns.include` and `columns.overrides`: which marked responses to keep, and the mapping for
/// inputs of one format or file pattern when several exports feed one instrument.
extension InstrumentParser {
    static let overrideKeys = [
        "format", "files", "respondent", "group", "wave", "wave-from", "weight", "duration", "segments", "comments",
        "items", "include", "fixed",
    ]

    /// A list of response kinds (`unfinished`, `preview`, `test`, `spam`).
    mutating func parseInclude(_ node: YAMLNode, in what: String) -> Set<ExcludedResponse>? {
        guard let list = stringList(node, for: "include") else { return nil }
        var kinds: Set<ExcludedResponse> = []
        let known = ExcludedResponse.allCases.map(\.rawValue)
        for (text, element) in list {
            guard let kind = ExcludedResponse(rawValue: text) else {
                var message = "unknown response kind \(text.quotedForMessage) in \"include\" of \(what); expected one of: \(known.joined(separator: ", "))"
                if let close = Suggestion.closest(to: text, among: known) { message += " (did you mean \(close.quotedForMessage)?)" }
                fail(element, message)
                continue
            }
            kinds.insert(kind)
        }
        return kinds
    }

    /// `columns.overrides`: a list of mappings, each with a `format` and/or `files` selector.
    mutating func parseColumnOverrides(_ node: YAMLNode) {
        guard let elements = list(node, for: "overrides") else { return }
        for (offset, element) in elements.enumerated() {
            if let override = parseOverride(element, what: "\"columns.overrides\" entry \(offset + 1)") {
                columns.overrides.append(override)
            }
        }
    }

    private mutating func parseOverride(_ node: YAMLNode, what: String) -> ColumnOverride? {
        guard let fields = fields(node, of: what, allowed: Self.overrideKeys) else { return nil }
        var override = ColumnOverride()
        if fields["format"] == nil && fields["files"] == nil {
            fail(node, "\(what) has neither \"format\" nor \"files\"; expected at least one to say which inputs it applies to")
        }
        if let node = fields["format"], let id = string(node, for: "format") {
            if InputFormats.ids.contains(id) {
                override.format = id
            } else {
                var message = "unknown input format \(id.quotedForMessage) in \(what); expected one of \(InputFormats.ids.joined(separator: ", "))"
                if let close = Suggestion.closest(to: id, among: InputFormats.ids) { message += " (did you mean \(close.quotedForMessage)?)" }
                fail(node, message)
            }
        }
        if let node = fields["files"] { override.files = string(node, for: "files") }
        if let node = fields["respondent"] { override.respondent = string(node, for: "respondent") }
        if let node = fields["group"] { override.group = string(node, for: "group") }
        if let node = fields["wave"] { override.wave = string(node, for: "wave") }
        if let node = fields["wave-from"] {
            if let waveKey = fields.keyNode("wave"), let key = fields.keyNode("wave-from") {
                fail(key.isAfter(waveKey) ? key : waveKey, "\(what) has both \"wave\" and \"wave-from\"; use one")
            }
            override.waveFrom = parseOverrideWaveFrom(node, in: what)
        }
        for (key, declared) in [("weight", columns.weight), ("duration", columns.duration)] {
            guard let node = fields[key], let column = string(node, for: key) else { continue }
            guard declared != nil else {
                fail(node, "\(what) names a \(key) column, but \"columns\" declares none; declare \"\(key)\" there first")
                continue
            }
            if key == "weight" { override.weight = column } else { override.duration = column }
        }
        if let node = fields["segments"], let entries = entries(node, of: "\"segments\" of \(what)") {
            for (name, pair) in entries {
                let known = checkReference(
                    name, at: pair.key, kind: "segment", owner: "\"segments\" of \(what)", known: columns.segments, isUsable: true)
                if let column = optionalString(pair.value, for: name), known { override.segments[name] = column }
            }
        }
        if let node = fields["comments"], let list = stringList(node, for: "comments") { override.comments = list.map(\.text) }
        if let node = fields["items"], let entries = entries(node, of: "\"items\" of \(what)") {
            for (item, pair) in entries {
                let known = checkReference(
                    item, at: pair.key, kind: "item", owner: "\"items\" of \(what)", known: items.map(\.item.id), isUsable: itemsUsable)
                if let column = string(pair.value, for: item), known { override.items[item] = column }
            }
        }
        if let node = fields["include"] { override.include = parseInclude(node, in: what) }
        if let node = fields["fixed"] { parseFixed(node, in: what, into: &override) }
        return override
    }

    /// `fixed: { group: staff, wave: "2025" }`: the group and wave of every response of the inputs.
    private mutating func parseFixed(_ node: YAMLNode, in what: String, into override: inout ColumnOverride) {
        guard let fields = fields(node, of: "\"fixed\" of \(what)", allowed: ["group", "wave"]) else { return }
        if let node = fields["group"], let group = string(node, for: "group"),
            checkReference(group, at: node, kind: "group", owner: "\"fixed\" of \(what)", known: Array(groups.keys), isUsable: groupsUsable)
        {
            override.fixedGroup = group
        }
        if let node = fields["wave"], let wave = string(node, for: "wave") {
            if let waves, !waves.contains(wave) {
                fail(node, "wave \(wave.quotedForMessage) in \"fixed\" of \(what) is not among the instrument's waves (\(waves.joined(separator: ", ")))")
            } else {
                override.fixedWave = wave
            }
        }
    }

    private mutating func parseOverrideWaveFrom(_ node: YAMLNode, in what: String) -> WaveFrom? {
        guard
            let fields = fields(node, of: "\"wave-from\" of \(what)", allowed: ["column", "calendar", "starts", "dates"], required: ["column", "calendar"]),
            let column = fields["column"].flatMap({ string($0, for: "column") }),
            let calendar = fields["calendar"].flatMap({ choice($0, for: "calendar", among: [WaveFrom.Calendar.year, .academicYear]) })
        else { return nil }
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
}
