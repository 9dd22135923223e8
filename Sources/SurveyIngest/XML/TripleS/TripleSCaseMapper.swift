import SurveyModel

/// Maps Triple-S cases onto the instrument (see ``TripleSResponseReader`` for the rules).
struct TripleSCaseMapper {
    /// Where an item's value comes from.
    enum Source {
        /// A variable's value.
        case variable(Int)
        /// One category of a `multiple`: 1 when selected.
        case category(Int, String)
    }

    let metadata: TripleSMetadata
    let dataPath: String
    let instrument: Instrument
    var assembler: ResponseAssembler
    /// Notes about special codes counted as no answer (one per variable and code).
    var notes: [Diagnostic] = []

    private let variables: [TripleSMetadata.Variable]
    private let respondent: Int?
    private let group: Int?
    private let wave: Int?
    private let waveFrom: Int?
    private let waveLabeler: WaveLabeler?
    private let weight: Int?
    private let duration: Int?
    private let segments: [Int?]
    private let items: [Source?]
    private let filters: [Int?]
    private let groupResolver: GroupResolver
    private var noted: Set<String> = []
    private var answers: [Int16]
    private var segmentCodes: [UInt32]

    init(
        metadata: TripleSMetadata, metadataPath: String, dataPath: String, instrument: Instrument,
        effective: EffectiveColumns, inputIndex: Int, options: ReadOptions
    ) throws(SurveyError) {
        self.metadata = metadata
        self.dataPath = dataPath
        self.instrument = instrument
        assembler = ResponseAssembler(path: dataPath, inputIndex: inputIndex, instrument: instrument, options: options)
        let variables = metadata.record.variables
        self.variables = variables
        var byName: [String: Int] = [:]
        for (i, v) in variables.enumerated() where byName[v.name] == nil { byName[v.name] = i }
        for (i, v) in variables.enumerated() where byName[v.ident] == nil && !v.ident.isEmpty { byName[v.ident] = i }
        let available = variables.map(\.name).joined(separator: ", ").quotedForMessage
        func require(_ name: String, role: String) throws(SurveyError) -> Int {
            guard let index = byName[name] else {
                throw SurveyError(.dataError, path: metadataPath, "missing required variable \(name.quotedForMessage) (\(role)); the metadata has \(available)")
            }
            return index
        }
        let mapping = effective.mapping
        respondent = byName[mapping.respondent] ?? variables.firstIndex { $0.use == "serial" }
        if options.group == nil && instrument.groups.count > 1 {
            group = try require(mapping.group, role: "group")
        } else {
            group = options.group == nil ? byName[mapping.group] : nil
        }
        wave = options.wave == nil ? byName[mapping.wave] : nil
        if options.wave == nil, wave == nil, let rule = mapping.waveFrom {
            waveFrom = try require(rule.column, role: "wave-from date")
            waveLabeler = WaveLabeler(rule, structure: ExportStructure())
        } else {
            waveFrom = nil
            waveLabeler = nil
        }
        if let name = mapping.weight {
            if let index = byName[name] ?? variables.firstIndex(where: { $0.use == "weight" }) {
                weight = index
            } else {
                weight = try require(name, role: "weight")
            }
        } else {
            weight = nil
        }
        duration = mapping.duration.flatMap { byName[$0] }
        var segments: [Int?] = []
        for (s, name) in effective.segmentColumns.enumerated() {
            if let name {
                segments.append(try require(name, role: "segment \(mapping.segments[s])"))
            } else {
                segments.append(nil)
            }
        }
        self.segments = segments

        let possibleGroups: [String] = options.group.map { [$0] } ?? instrument.groups.map(\.id)
        var items: [Source?] = []
        var missing: [String] = []
        for item in instrument.items {
            let name = mapping.column(for: item)
            var source: Source?
            if let index = byName[name] {
                source = .variable(index)
            } else if let category = Self.category(name, byName: byName, variables: variables) {
                source = category
            }
            if source == nil && possibleGroups.contains(where: item.isAsked(of:)) { missing.append(name) }
            items.append(source)
        }
        if !missing.isEmpty {
            let list = missing.prefix(5).map(\.quotedForMessage).joined(separator: ", ") + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
            throw SurveyError(.dataError, path: metadataPath, "missing item variable\(missing.count > 1 ? "s" : "") \(list); the metadata has \(available)")
        }
        self.items = items
        filters = variables.map { v in v.filter.flatMap { byName[$0] } }
        groupResolver = GroupResolver(instrument)
        answers = Array(repeating: AnswerCode.absent, count: instrument.items.count)
        segmentCodes = Array(repeating: ResponseTable.missingSegment, count: instrument.columns.segments.count)
    }

    /// `NAME_CODE`, `NAME.CODE` or `NAME[CODE]` of a `multiple` variable.
    private static func category(_ name: String, byName: [String: Int], variables: [TripleSMetadata.Variable]) -> Source? {
        var splits: [(String, String)] = []
        if name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
            splits.append((String(name[..<open]), String(name[name.index(after: open)..<name.index(before: name.endIndex)])))
        }
        for separator in ["_", "."] as [Character] {
            if let at = name.lastIndex(of: separator) {
                splits.append((String(name[..<at]), String(name[name.index(after: at)...])))
            }
        }
        for (variableName, code) in splits where !code.isEmpty {
            if let index = byName[variableName], variables[index].type == .multiple {
                return .category(index, Int(code).map(String.init) ?? code)
            }
        }
        return nil
    }

    /// Maps one case into the table, or rejects it.
    mutating func map(_ c: TripleSCase) {
        assembler.read += 1
        let id: String
        if let respondent {
            id = Self.text(c.values[respondent])
        } else {
            id = String(c.line)
        }
        var groupText: String?
        if let group {
            groupText = groupValue(variables[group], c.values[group])
        }
        var derived: (label: Result<String, DateProblem>, column: String, text: String)?
        if let waveFrom, let waveLabeler {
            var text = Self.text(c.values[waveFrom])
            if text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                // Triple-S dates are YYYYMMDD.
                let digits = Array(text)
                text = "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
            }
            derived = (Array(text.utf8).withUnsafeBufferPointer { waveLabeler.label($0) }, waveLabeler.rule.column, text)
        }
        let identity: ResponseAssembler.Identity
        do {
            identity = try assembler.identity(
                id: id, group: groupText, wave: wave.map { Self.text(c.values[$0]) },
                weight: weight.map { Self.text(c.values[$0]) }, duration: duration.map { Self.text(c.values[$0]) },
                derivedWave: derived)
        } catch {
            assembler.reject(error, line: c.line, raw: c.raw)
            return
        }
        for (s, index) in segments.enumerated() {
            guard let index else { continue }
            let text = Self.labelOrText(variables[index], c.values[index])
            segmentCodes[s] = text.isEmpty ? ResponseTable.missingSegment : assembler.table.segmentCode(s, text)
        }
        let groupIndex = Int(identity.group)
        for (item, source) in items.enumerated() {
            guard let source, assembler.asked[groupIndex][item] else {
                answers[item] = AnswerCode.absent
                continue
            }
            answers[item] = decode(item: item, source, c)
        }
        assembler.append(identity, answers: answers, segments: segmentCodes, id: id, line: c.line)
    }

    private mutating func decode(item: Int, _ source: Source, _ c: TripleSCase) -> Int16 {
        let decoder = assembler.decoders[item]
        func code(_ text: String) -> Int16 { Array(text.utf8).withUnsafeBufferPointer { decoder.decode($0) } }
        let index: Int
        switch source {
        case .category(let v, let category):
            switch c.values[v] {
            case .selected(let codes): return code(codes.contains(category) ? "1" : "0")
            case .blank: return blank(v, c)
            default: return code("")
            }
        case .variable(let v):
            index = v
        }
        let variable = variables[index]
        let site = ResponseAssembler.Site.location(InputLocation(path: dataPath, line: c.line, column: c.columns[index]))
        var text: String
        switch c.values[index] {
        case .blank:
            return blank(index, c)
        case .code(let value), .text(let value), .unreadable(let value):
            text = value
        case .number(let value):
            text = value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : Self.text(.number(value))
        case .logical(let value):
            text = value ? "1" : "0"
        case .selected(let codes):
            text = codes.joined(separator: " ")
        }
        var result = code(text)
        if result == AnswerCode.invalid, instrument.scale(of: instrument.items[item]).labelsInData, let label = variable.label(ofCode: text) {
            result = code(label)
        }
        if result == AnswerCode.invalid, variable.isSpecial(text) {
            return special(item: item, variable: variable, code: text)
        }
        if result == AnswerCode.invalid { assembler.noteInvalid(item: item, text: text, site: site) }
        return result
    }

    /// A blank field: `not-shown` when the variable's filter is false for the case.
    private func blank(_ variable: Int, _ c: TripleSCase) -> Int16 {
        if let filter = filters[variable] {
            switch c.values[filter] {
            case .logical(false), .blank: return AnswerCode.notShown
            case .code(let code) where code == "0": return AnswerCode.notShown
            case .number(let n) where n == 0: return AnswerCode.notShown
            default: break
            }
        }
        return AnswerCode.noAnswer
    }

    /// A special code the scale does not know: the scale's missing reason of the same name, else
    /// no answer, with one note per variable and code.
    private mutating func special(item: Int, variable: TripleSMetadata.Variable, code: String) -> Int16 {
        let scale = instrument.scale(of: instrument.items[item])
        let label = variable.label(ofCode: code) ?? code
        let reasons = scale.missingReasons
        if let reason = reasons.firstIndex(where: { $0.lowercased().replacingApostrophes == label.lowercased().replacingApostrophes }) {
            return AnswerCode.declaredMissing(reason)
        }
        if noted.insert("\(variable.name)\u{1F}\(code)").inserted {
            notes.append(Diagnostic(
                .note, at: nil, path: dataPath,
                "Triple-S code \(code) (\(label.quotedForMessage)) of variable \(variable.name) is a not-stated code that scale \(scale.id) does not declare; counted as no-answer (add it to the scale's missing: to report it by name)"))
        }
        return AnswerCode.noAnswer
    }

    /// The group text: the code when it names a group, else its label when that does.
    private func groupValue(_ variable: TripleSMetadata.Variable, _ value: TripleSValue) -> String {
        let text = Self.text(value)
        let resolves = { (candidate: String) -> Bool in Array(candidate.utf8).withUnsafeBufferPointer { groupResolver.resolve($0) } != nil }
        if resolves(text) { return text }
        if let label = variable.label(ofCode: text), resolves(label) { return label }
        return text
    }

    /// A segment's value: a single's label, else the value as text.
    private static func labelOrText(_ variable: TripleSMetadata.Variable, _ value: TripleSValue) -> String {
        let text = Self.text(value)
        if case .code = value, let label = variable.label(ofCode: text), !label.isEmpty { return label }
        return text
    }

    /// A value as text (whole numbers without a decimal point).
    static func text(_ value: TripleSValue) -> String {
        switch value {
        case .blank: return ""
        case .code(let text), .text(let text), .unreadable(let text): return text
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        case .logical(let b): return b ? "1" : "0"
        case .selected(let codes): return codes.joined(separator: " ")
        }
    }
}
