import SurveyModel

/// Which `.lsr` field feeds which concept, resolved once from `<fields>` and the `.lss`: the
/// LimeSurvey XML counterpart of the CSV reader's column binding, with the same required-column
/// rules and messages.
struct LimeSurveyBinding {
    /// Every field, mapped.
    var columns: [LimeSurveyColumn]
    /// Element name (as rows write it) → field index.
    var fieldOfElement: [String: Int]
    var respondent: Int
    var group: Int?
    var wave: Int?
    var waveFrom: Int?
    var weight: Int?
    var duration: Int?
    /// `submitdate`, for leaving out responses never submitted.
    var submitted: Int?
    var segments: [Int?]
    /// Per item: its field, or nil when the responses do not hold it (the item is then absent).
    var items: [Int?]
    /// Per item: code → replacement (assessment value or label) from the `.lss` answer options.
    var answerMaps: [[(code: [UInt8], value: [UInt8])]]

    /// Binds the fields of a response file.
    ///
    /// - Throws: `.dataError` at `location` when a required column is missing.
    init(
        fields: [String], structure: LimeSurveyStructure, instrument: Instrument, mapping: ColumnMapping,
        segmentColumns: [String?], options: ReadOptions, location: InputLocation
    ) throws(SurveyError) {
        columns = fields.map { LimeSurveyColumn(field: $0, structure: structure) }
        var fieldOfElement: [String: Int] = [:]
        var byName: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            fieldOfElement[LimeSurveyColumn.elementName(forField: column.field)] = index
            if fieldOfElement[column.field] == nil { fieldOfElement[column.field] = index }
            for name in column.names where byName[name] == nil { byName[name] = index }
        }
        self.fieldOfElement = fieldOfElement
        let available = columns.map { $0.names[0] }.joined(separator: ", ").quotedForMessage

        func require(_ name: String, role: String) throws(SurveyError) -> Int {
            guard let index = byName[name] else {
                throw SurveyError(.dataError, at: location, "missing required column \(name.quotedForMessage) (\(role)); the responses have \(available)")
            }
            return index
        }

        if let index = byName[mapping.respondent] {
            respondent = index
        } else if let index = byName["id"] {
            respondent = index
        } else {
            respondent = try require(mapping.respondent, role: "respondent id")
        }
        if options.group == nil && instrument.groups.count > 1 {
            group = try require(mapping.group, role: "group")
        } else {
            group = options.group == nil ? byName[mapping.group] : nil
        }
        wave = options.wave == nil ? byName[mapping.wave] : nil
        if options.wave == nil, wave == nil, let rule = mapping.waveFrom {
            waveFrom = try require(rule.column, role: "wave-from date")
        }
        weight = try mapping.weight.map { name throws(SurveyError) in try require(name, role: "weight") }
        duration = mapping.duration.flatMap { byName[$0] }
        submitted = byName["submitdate"]
        var segments: [Int?] = []
        for (index, name) in segmentColumns.enumerated() {
            guard let name else {
                segments.append(nil)
                continue
            }
            segments.append(try require(name, role: "segment \(mapping.segments.indices.contains(index) ? mapping.segments[index] : name)"))
        }
        self.segments = segments

        let possibleGroups: [String] = options.group.map { [$0] } ?? instrument.groups.map(\.id)
        var items: [Int?] = []
        var missing: [String] = []
        var maps: [[(code: [UInt8], value: [UInt8])]] = []
        for item in instrument.items {
            let name = mapping.column(for: item)
            let index = byName[name]
            if index == nil && possibleGroups.contains(where: item.isAsked(of:)) { missing.append(name) }
            items.append(index)
            var map: [(code: [UInt8], value: [UInt8])] = []
            if let index, let qid = columns[index].qid {
                let scale = columns[index].answerScale
                let options = structure.options(qid: qid, scale: scale)
                if structure.hasAssessmentValues(qid: qid, scale: scale) {
                    map = options.compactMap { option in option.assessmentValue.map { (Array(option.code.utf8), Array(String($0).utf8)) } }
                } else if instrument.scale(of: item).labelsInData {
                    map = options.compactMap { option in option.label.map { (Array(option.code.utf8), Array($0.utf8)) } }
                }
            }
            maps.append(map)
        }
        if !missing.isEmpty {
            let list = missing.prefix(5).map(\.quotedForMessage).joined(separator: ", ") + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
            throw SurveyError(.dataError, at: location, "missing item column\(missing.count > 1 ? "s" : "") \(list); the responses have \(available)")
        }
        self.items = items
        answerMaps = maps
    }
}
