import SurveyModel

/// Which header position feeds which concept, resolved once per input from `columns:`.
struct ColumnBinding {
    var respondent: Int
    var group: Int?
    var wave: Int?
    var weight: Int?
    var duration: Int?
    var segments: [Int?]
    /// Per item: its column, or nil when the input does not carry it (item then absent).
    var items: [Int?]
    var fieldCount: Int

    /// Binds the header to the instrument's mapping.
    ///
    /// - Throws: `.dataError` at the header when a required column is missing or ambiguous.
    init(header: [String], instrument: Instrument, options: ReadOptions, location: (Int) -> InputLocation) throws(SurveyError) {
        fieldCount = header.count
        let columns = instrument.columns
        var positions: [String: [Int]] = [:]
        for (i, name) in header.enumerated() { positions[name, default: []].append(i) }
        let headerLocation = location(0)
        let available = Self.list(header)

        func find(_ name: String, role: String) throws(SurveyError) -> Int? {
            guard let found = positions[name] else { return nil }
            if found.count > 1 {
                throw SurveyError(.dataError, at: location(found[1]),
                                  "column \(name.quotedForMessage) (\(role)) appears \(found.count) times in the header; expected it once")
            }
            return found[0]
        }
        func require(_ name: String, role: String) throws(SurveyError) -> Int {
            guard let index = try find(name, role: role) else {
                throw SurveyError(.dataError, at: headerLocation,
                                  "missing required column \(name.quotedForMessage) (\(role)); the header has \(available)")
            }
            return index
        }

        respondent = try require(columns.respondent, role: "respondent id")
        if options.group == nil && instrument.groups.count > 1 {
            group = try require(columns.group, role: "group")
        } else {
            group = options.group == nil ? try find(columns.group, role: "group") : nil
        }
        wave = options.wave == nil ? try find(columns.wave, role: "wave") : nil
        weight = try columns.weight.map { name throws(SurveyError) in try require(name, role: "weight") }
        duration = try columns.duration.map { name throws(SurveyError) in try require(name, role: "duration") }
        var segments: [Int?] = []
        for name in columns.segments { segments.append(try require(name, role: "segment")) }
        self.segments = segments

        // Items asked of a group this input can hold are required; the others may be absent.
        let possibleGroups: [String] = options.group.map { [$0] } ?? instrument.groups.map(\.id)
        var items: [Int?] = []
        var missing: [String] = []
        for item in instrument.items {
            let name = columns.column(for: item)
            let index = try find(name, role: "item \(item.id)")
            if index == nil && possibleGroups.contains(where: item.isAsked(of:)) { missing.append(name) }
            items.append(index)
        }
        if !missing.isEmpty {
            let list = missing.prefix(5).map(\.quotedForMessage).joined(separator: ", ") + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
            throw SurveyError(.dataError, at: headerLocation, "missing item column\(missing.count > 1 ? "s" : "") \(list); the header has \(available)")
        }
        self.items = items
    }

    /// Column names for a message: up to 20, then a count.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(20).map { $0.count > 40 ? $0.quotedForMessage : $0 }.joined(separator: ", ")
        return names.count > 20 ? shown + " and \(names.count - 20) more" : shown
    }
}
