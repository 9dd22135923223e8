import SurveyModel

/// Which header position feeds which concept, resolved once per input from `columns:`.
struct ColumnBinding {
    var respondent: Int
    var group: Int?
    var wave: Int?
    /// The date column the wave is derived from (`columns.wave-from`).
    var waveFrom: Int?
    var weight: Int?
    var duration: Int?
    var segments: [Int?]
    /// Per item: its column, or nil when the input does not carry it (item then absent).
    var items: [Int?]
    var fieldCount: Int

    /// The respondent position meaning "the record's ordinal" (``recordColumn``).
    static let recordOrdinal = -1
    /// The virtual column holding each data record's 1-based ordinal, for exports without a
    /// response id (Google Forms).
    static let recordColumn = "@record"

    /// Binds the header to the instrument's mapping.
    ///
    /// - Parameters:
    ///   - aliases: Further names per position (`Q1_SQ001` for `Q1[SQ001]` …); a header name wins
    ///     over an alias.
    ///   - effective: The mapping for this input; the instrument's defaults when nil.
    /// - Throws: `.dataError` at the header when a required column is missing or ambiguous.
    init(
        header: [String], aliases: [[String]] = [], instrument: Instrument, effective: EffectiveColumns? = nil,
        options: ReadOptions, location: (Int) -> InputLocation
    ) throws(SurveyError) {
        fieldCount = header.count
        let effective = effective ?? EffectiveColumns(instrument.columns, format: "csv", path: "")
        let columns = effective.mapping
        var positions: [String: [Int]] = [:]
        for (i, name) in header.enumerated() { positions[name, default: []].append(i) }
        var aliasPositions: [String: [Int]] = [:]
        for (i, names) in aliases.enumerated() {
            for name in names where positions[name] == nil { aliasPositions[name, default: []].append(i) }
        }
        positions.merge(aliasPositions) { own, _ in own }
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

        if columns.respondent == Self.recordColumn && positions[Self.recordColumn] == nil {
            respondent = Self.recordOrdinal
        } else {
            respondent = try require(columns.respondent, role: "respondent id")
        }
        if options.group == nil && instrument.groups.count > 1 {
            group = try require(columns.group, role: "group")
        } else {
            group = options.group == nil ? try find(columns.group, role: "group") : nil
        }
        wave = options.wave == nil && columns.waveFrom == nil ? try find(columns.wave, role: "wave") : nil
        waveFrom = options.wave == nil ? try columns.waveFrom.map { rule throws(SurveyError) in try require(rule.column, role: "wave-from date") } : nil
        weight = try columns.weight.map { name throws(SurveyError) in try require(name, role: "weight") }
        duration = try columns.duration.map { name throws(SurveyError) in try require(name, role: "duration") }
        var segments: [Int?] = []
        for name in effective.segmentColumns { segments.append(try name.map { name throws(SurveyError) in try require(name, role: "segment") }) }
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

    /// Column names for a message: up to 20, then a count. A name that is long, empty, or holds
    /// a comma or a control character (a line break would forge a log line) is quoted.
    static func list(_ names: [String]) -> String {
        func plain(_ name: String) -> Bool {
            !name.isEmpty && name.count <= 40 && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "," }
        }
        let shown = names.prefix(20).map { plain($0) ? $0 : $0.quotedForMessage }.joined(separator: ", ")
        return names.count > 20 ? shown + " and \(names.count - 20) more" : shown
    }
}
