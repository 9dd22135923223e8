import SurveyModel

/// Reads a generic CSV export (SPEC §3, format `csv`) into a ``ResponseTable``.
///
/// A file larger than one piece (``ReadOptions/chunkBytes``) is streamed and read on every
/// core by ``CSVStreamReader``, with the same result; a smaller one, and the tool-specific CSV
/// formats, are read whole.
///
/// One header row, one response per record. Structural problems (unreadable file, broken
/// quoting, a missing required column) throw; a broken record is rejected with its reason and
/// kept verbatim for the rejects file; an answer outside its scale becomes `invalid` with a
/// warning. Every input accounts `read = accepted + rejected`.
public enum CSVResponseReader {
    /// Reads one input.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - inputIndex: Its position among the run's inputs (recorded in row origins).
    ///   - instrument: The questionnaire the columns map to.
    ///   - options: `--wave`, `--group` and friends.
    /// - Throws: ``SurveyError`` `.noInput` when the file cannot be read, `.dataError` when it is
    ///   structurally broken.
    public static func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        try CSVStreamReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: "csv")
    }

    /// Reads one input whole: the file in memory, hashed on another core while it is parsed
    /// (``CSVStreamReader`` falls back to this for inputs it does not stream).
    static func readWhole(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, format: String = "csv") throws(SurveyError) -> ReadResult {
        let raw = try InputFile.bytes(path)
        let digest = BackgroundDigest(raw)
        let decoded = try TextDecoding.decode(raw, path: path)
        return try read(decoded: decoded, sha256: { digest.wait() }, path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format)
    }

    /// Reads already-decoded UTF-8 text (used by the readers of tool-specific CSV layouts too).
    public static func read(
        decoded: DecodedText, sha256: String, path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, format: String = "csv"
    ) throws(SurveyError) -> ReadResult {
        try read(decoded: decoded, sha256: { sha256 }, path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format)
    }

    /// Reads decoded text; `sha256` is asked for only once parsing is done (it may still be
    /// computing on another core).
    static func read(
        decoded: DecodedText, sha256: () -> String, path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, format: String
    ) throws(SurveyError) -> ReadResult {
        let bytes = decoded.bytes
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file; expected a header row naming the columns")
        }
        let dialect = bytes.withUnsafeBufferPointer { CSVDialect.sniff($0) }
        var state = RecordMapper(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format)
        state.diagnostics = decoded.warnings
        do {
            try CSVTokenizer.records(
                in: bytes, dialect: dialect, path: path, limits: options.csvLimits,
                oversized: { record in try state.consumeOversized(record) }
            ) { record in
                try state.consume(record)
            }
        } catch let error as SurveyError {
            throw error
        } catch {
            throw SurveyError(.internalError, path: path, "\(error)")
        }
        guard state.binding != nil else {
            throw SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file; expected a header row naming the columns")
        }
        if state.suppressedWarnings > 0 {
            state.diagnostics.append(Diagnostic(.warning, at: nil, path: path, "\(state.suppressedWarnings) more invalid answers not shown"))
        }
        let summary = InputSummary(
            path: path, format: format, sha256: sha256(), encoding: decoded.encoding.rawValue,
            read: state.read, accepted: state.table.rowCount, rejected: state.rejects.count, invalidAnswers: state.invalidAnswers)
        return ReadResult(table: state.table, summary: summary, rejects: state.rejects, diagnostics: state.diagnostics)
    }

    /// The raw text of the records starting at the given lines, as the rejects file keeps them.
    public static func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        let decoded = try TextDecoding.decode(try InputFile.bytes(path), path: path)
        let dialect = decoded.bytes.withUnsafeBufferPointer { CSVDialect.sniff($0) }
        var found: [Int: String] = [:]
        do {
            try CSVTokenizer.records(in: decoded.bytes, dialect: dialect, path: path) { record in
                if lines.contains(record.line) { found[record.line] = record.rawText() }
            }
        } catch {
            throw SurveyError(.internalError, path: path, "\(error)")
        }
        return found
    }
}

/// The per-record state machine behind ``CSVResponseReader``.
struct RecordMapper {
    let path: String
    let inputIndex: Int
    let instrument: Instrument
    let options: ReadOptions
    let decoders: [AnswerDecoder]
    let groups: GroupResolver
    var binding: ColumnBinding?
    /// The binding flattened for the per-record loop (set with ``binding``).
    private(set) var plan: MapPlan?
    /// The mapping for this input (defaults plus matching `columns.overrides`).
    let effective: EffectiveColumns
    /// How the export writes dates (for `columns.wave-from`).
    let structure: ExportStructure
    /// Derives waves from dates, with `columns.wave-from`.
    let waveLabeler: WaveLabeler?
    /// Excludes marked responses (tests, previews, unfinished …) of tool exports.
    var filter: ResponseFilter?
    var table: ResponseTable
    var rejects: [RejectedRecord] = []
    var diagnostics: [Diagnostic] = []
    var read = 0
    var invalidAnswers = 0
    var suppressedWarnings = 0
    private var answers: [Int16]
    private var segmentCodes: [UInt32]
    private let fixedGroup: UInt16?
    private let fixedWave: UInt16?
    private let declaredWaves: Set<String>?
    private let askedOf: [[Bool]]
    private var groupInterner = ByteInterner()
    private var groupOfCode: [UInt16?] = []
    private var waveInterner = ByteInterner()
    private var waveOfCode: [UInt16?] = []
    private var segmentInterners: [ByteInterner]
    private var segmentOfCode: [[UInt32]]
    /// LimeSurvey writes never-shown questions unquoted and shown-but-blank ones quoted.
    var distinguishNotShown = false

    init(
        path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, format: String = "csv",
        structure: ExportStructure = ExportStructure()
    ) {
        self.path = path
        self.inputIndex = inputIndex
        self.instrument = instrument
        effective = EffectiveColumns(instrument.columns, format: format, path: path)
        let options = effective.applied(to: options)
        self.options = options
        self.structure = structure
        distinguishNotShown = structure.distinguishNotShown
        waveLabeler = effective.mapping.waveFrom.map { WaveLabeler($0, structure: structure) }
        decoders = instrument.items.map { AnswerDecoder(scale: instrument.scale(of: $0)) }
        groups = GroupResolver(instrument)
        table = ResponseTable(
            itemCount: instrument.items.count, segmentNames: instrument.columns.segments,
            hasWeights: instrument.columns.weight != nil, hasDurations: instrument.columns.duration != nil)
        answers = Array(repeating: AnswerCode.absent, count: instrument.items.count)
        segmentCodes = Array(repeating: ResponseTable.missingSegment, count: instrument.columns.segments.count)
        if let group = options.group {
            fixedGroup = instrument.groupIndex(group).map(UInt16.init) ?? (instrument.groups.count == 1 ? 0 : nil)
        } else {
            fixedGroup = instrument.groups.count == 1 ? 0 : nil
        }
        declaredWaves = instrument.waves.map(Set.init)
        askedOf = instrument.items.map { item in instrument.groups.map { item.isAsked(of: $0.id) } }
        segmentInterners = Array(repeating: ByteInterner(), count: instrument.columns.segments.count)
        segmentOfCode = Array(repeating: [], count: instrument.columns.segments.count)
        if let wave = options.wave {
            fixedWave = table.waveCode(wave)
        } else {
            fixedWave = nil
        }
    }

    mutating func consume(_ record: CSVRecord) throws(SurveyError) {
        guard binding != nil else {
            // Repeated names become `Q (1)`, `Q (2)` … as the export formats and `inspect` name
            // them (so a drafted instrument binds), with `Q` kept as an alias.
            let (header, aliases) = ColumnNames.unique((0..<record.fieldCount).map { record.string($0).trimmingSpaces })
            let path = self.path
            try bind(header: header, aliases: aliases) { i in InputLocation(path: path, line: record.line, column: record.column(ofField: i)) }
            return
        }
        read += 1
        try map(record)
    }

    /// Binds the header names (and aliases) of an input to the mapping.
    mutating func bind(header: [String], aliases: [[String]] = [], location: (Int) -> InputLocation) throws(SurveyError) {
        let binding = try ColumnBinding(
            header: header, aliases: aliases, instrument: instrument, effective: effective, options: options, location: location)
        self.binding = binding
        plan = MapPlan(binding: binding, decoders: decoders, askedOf: askedOf, groupCount: instrument.groups.count)
    }

    /// Maps one data record, already counted in `read`, into the table, or rejects it.
    mutating func map(_ record: CSVRecord) throws(SurveyError) {
        guard let plan else { throw SurveyError(.internalError, path: path, "a data record before the header") }
        guard record.fieldCount == plan.fieldCount else {
            return reject(record, "field-count", "expected \(plan.fieldCount) fields as in the header, found \(record.fieldCount)")
        }
        if filter != nil, let exclusion = filter?.exclusion(record) { return reject(record, exclusion.reason, exclusion.detail) }
        let byOrdinal = plan.respondent == ColumnBinding.recordOrdinal
        guard byOrdinal || !FieldBytes.trimmed(record.field(plan.respondent)).isEmpty else {
            return reject(record, "no-respondent", "empty respondent id")
        }

        let group: UInt16
        if let fixedGroup, options.group != nil || plan.group == nil {
            group = fixedGroup
        } else if let column = plan.group {
            let (code, isNew) = groupInterner.code(FieldBytes.trimmed(record.field(column)))
            if isNew { groupOfCode.append(groups.resolve(record.field(column))) }
            guard let resolved = groupOfCode[code] else {
                let known = instrument.groups.map(\.id).joined(separator: ", ")
                return reject(record, "unknown-group", "group \(record.string(column).quotedForMessage) is not declared; expected one of \(known)")
            }
            group = resolved
        } else {
            throw SurveyError(.internalError, path: path, "no group for a record")
        }

        let wave: UInt16
        if let fixedWave {
            wave = fixedWave
        } else if let column = plan.wave {
            let bytes = FieldBytes.trimmed(record.field(column))
            guard !bytes.isEmpty else { return reject(record, "no-wave", "empty wave") }
            let (code, isNew) = waveInterner.code(bytes)
            if isNew {
                let label = String(decoding: bytes, as: UTF8.self)
                waveOfCode.append(declaredWaves.map { $0.contains(label) } ?? true ? table.waveCode(label) : nil)
            }
            guard let resolved = waveOfCode[code] else {
                let label = String(decoding: bytes, as: UTF8.self)
                return reject(record, "unknown-wave", "wave \(label.quotedForMessage) is not among the instrument's waves (\(instrument.waves!.joined(separator: ", ")))")
            }
            wave = resolved
        } else if let column = plan.waveFrom, let waveLabeler {
            switch waveLabeler.label(record.field(column)) {
            case .success(let label):
                if let declared = declaredWaves, !declared.contains(label) {
                    return reject(record, "unknown-wave", "wave \(label.quotedForMessage) (from \(waveLabeler.rule.column) \(record.string(column).trimmingSpaces.quotedForMessage)) is not among the instrument's waves (\(instrument.waves!.joined(separator: ", ")))")
                }
                wave = table.waveCode(label)
            case .failure(let problem):
                return reject(record, problem.reason, problem.detail(column: waveLabeler.rule.column, text: record.string(column).trimmingSpaces))
            }
        } else {
            wave = table.waveCode(unnamedWave)
        }

        var weight = 1.0
        if plan.weightColumn >= 0 {
            let column = plan.weightColumn
            guard let value = FieldBytes.double(record.field(column)), value.isFinite, value > 0 else {
                return reject(record, "bad-weight", "weight \(record.string(column).trimmingSpaces.quotedForMessage) is not a positive number")
            }
            weight = value
        }
        var duration = Double.nan
        if plan.durationColumn >= 0, let value = FieldBytes.double(record.field(plan.durationColumn)), value.isFinite, value >= 0 {
            duration = value
        }
        for s in 0..<plan.segmentColumns.count {
            let column = plan.segmentColumns[s]
            guard column >= 0 else { continue }
            let bytes = FieldBytes.trimmed(record.field(column))
            if bytes.isEmpty {
                segmentCodes[s] = ResponseTable.missingSegment
                continue
            }
            let (code, isNew) = segmentInterners[s].code(bytes)
            if isNew { segmentOfCode[s].append(table.segmentCode(s, String(decoding: bytes, as: UTF8.self))) }
            segmentCodes[s] = segmentOfCode[s][code]
        }

        let firstInvalid = decodeItems(record, plan: plan, group: Int(group))
        if firstInvalid >= 0 {
            for i in firstInvalid..<plan.itemCount where answers[i] == AnswerCode.invalid {
                noteInvalid(record, column: plan.itemColumns[i], item: i)
            }
        }
        let origin = RowOrigin(input: inputIndex, line: record.line)
        let segmentCodes = self.segmentCodes
        let answers = self.answers
        answers.withUnsafeBufferPointer { answers in
            segmentCodes.withUnsafeBufferPointer { segments in
                if byOrdinal {
                    let id = Array(String(read).utf8)
                    id.withUnsafeBufferPointer { id in
                        table.appendRow(answers: answers, group: group, wave: wave, segments: segments, weight: weight, duration: duration, id: id, origin: origin)
                    }
                } else {
                    table.appendRow(answers: answers, group: group, wave: wave, segments: segments, weight: weight, duration: duration,
                                    id: FieldBytes.trimmed(record.field(plan.respondent)), origin: origin)
                }
            }
        }
    }

    /// Decodes every item of a record into ``answers``; returns the first item that is invalid,
    /// or -1. One-byte numeric answers (the common case) are looked up without a call.
    private mutating func decodeItems(_ record: CSVRecord, plan: MapPlan, group: Int) -> Int {
        let k = plan.itemCount
        var firstInvalid = -1
        let distinguishNotShown = self.distinguishNotShown
        answers.withUnsafeMutableBufferPointer { answers in
            plan.itemColumns.withUnsafeBufferPointer { columns in
            plan.asked.withUnsafeBufferPointer { asked in
            plan.dense.withUnsafeBufferPointer { dense in
            plan.denseLower.withUnsafeBufferPointer { lowers in
            plan.denseOffset.withUnsafeBufferPointer { offsets in
            plan.denseCount.withUnsafeBufferPointer { counts in
                let askedRow = group * k
                for i in 0..<k {
                    let column = columns[i]
                    guard column >= 0, asked[askedRow + i] else {
                        answers[i] = AnswerCode.absent
                        continue
                    }
                    let field = record.field(column)
                    var code: Int16
                    if field.count == 1, case let digit = Int(field[0]) &- 0x30, digit >= 0, digit <= 9, counts[i] > 0 {
                        let index = digit - lowers[i]
                        code = index >= 0 && index < counts[i] ? dense[offsets[i] + index] : AnswerCode.invalid
                    } else if field.count == 0 {
                        code = distinguishNotShown && !record.isQuoted(column) ? AnswerCode.notShown : AnswerCode.noAnswer
                    } else {
                        code = decoders.withUnsafeBufferPointer {
                            $0[i].decode(field, quoted: record.isQuoted(column), distinguishNotShown: distinguishNotShown)
                        }
                    }
                    if code == AnswerCode.invalid && firstInvalid < 0 { firstInvalid = i }
                    answers[i] = code
                }
            }
            }
            }
            }
            }
            }
        }
        return firstInvalid
    }

    mutating func reject(_ record: CSVRecord, _ reason: String, _ detail: String) {
        rejects.append(RejectedRecord(reason: reason, detail: detail, path: path, line: record.line, raw: record.rawText()))
    }

    private mutating func noteInvalid(_ record: CSVRecord, column: Int, item: Int) {
        invalidAnswers += 1
        guard invalidAnswers <= options.maxWarnings else {
            suppressedWarnings += 1
            return
        }
        let scale = instrument.scale(of: instrument.items[item])
        let expected = "\(scale.lower)..\(scale.upper)" + (scale.missing.isEmpty ? "" : " or a missing code (\(scale.missing.map(\.code).joined(separator: ", ")))")
        diagnostics.append(Diagnostic(
            .warning, at: InputLocation(path: path, line: record.line, column: record.column(ofField: column)),
            "invalid answer \(record.string(column).quotedForMessage) for item \(instrument.items[item].id); expected \(expected); counted as missing (invalid)"))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

/// A ``ColumnBinding`` and the answer decoders flattened into plain integer arrays, so that
/// mapping a record reads buffers instead of copying structs that hold dictionaries.
final class MapPlan {
    let fieldCount: Int
    let group: Int?
    let wave: Int?
    let waveFrom: Int?
    let itemCount: Int
    let respondent: Int
    /// Column of the weight / duration, or -1.
    let weightColumn: Int
    let durationColumn: Int
    /// Per segment: its column, or -1.
    let segmentColumns: [Int]
    /// Per item: its column, or -1 when the input does not carry it.
    let itemColumns: [Int]
    /// `asked[group * itemCount + item]`.
    let asked: [Bool]
    /// The decoders' dense tables, concatenated; per item its offset, lower value and length
    /// (0: no dense table, always decode with the decoder).
    let dense: [Int16]
    let denseOffset: [Int]
    let denseLower: [Int]
    let denseCount: [Int]

    init(binding: ColumnBinding, decoders: [AnswerDecoder], askedOf: [[Bool]], groupCount: Int) {
        fieldCount = binding.fieldCount
        group = binding.group
        wave = binding.wave
        waveFrom = binding.waveFrom
        itemCount = binding.items.count
        respondent = binding.respondent
        weightColumn = binding.weight ?? -1
        durationColumn = binding.duration ?? -1
        segmentColumns = binding.segments.map { $0 ?? -1 }
        itemColumns = binding.items.map { $0 ?? -1 }
        var asked: [Bool] = []
        for g in 0..<groupCount { for i in 0..<binding.items.count { asked.append(askedOf[i][g]) } }
        self.asked = asked
        var dense: [Int16] = []
        var offsets: [Int] = [], lowers: [Int] = [], counts: [Int] = []
        for decoder in decoders {
            offsets.append(dense.count)
            lowers.append(decoder.denseLower)
            counts.append(decoder.denseTable.count)
            dense += decoder.denseTable
        }
        self.dense = dense
        denseOffset = offsets
        denseLower = lowers
        denseCount = counts
    }
}
