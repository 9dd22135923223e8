import SurveyModel

/// The record-level rules every XML-based reader shares with the CSV reader (SPEC §3), so that
/// the same data gives the same table, the same rejects and the same warnings whatever the
/// format: respondent id, group, wave, weight and duration resolution with the CSV reader's
/// reasons and wording; answers decoded by ``AnswerDecoder``; invalid answers counted and the
/// first `maxWarnings` kept for a warning.
///
/// A format resolves a record's identity first (``identity(id:group:wave:weight:duration:)``),
/// then decodes the answers of the items its group is asked (``decode(item:_:site:)``), then
/// appends the row.
struct ResponseAssembler {
    /// Where an invalid answer was, as the format knows it during the scan.
    enum Site: Hashable {
        /// An XML element, by document-order ordinal (see ``XMLLocator``).
        case element(Int)
        /// A known place.
        case location(InputLocation)
    }

    /// A warning whose location may still need resolving.
    struct PendingWarning {
        var site: Site
        var message: String
    }

    /// Who, in which group and wave, with which weight and duration.
    struct Identity {
        var group: UInt16
        var wave: UInt16
        var weight: Double
        var duration: Double
    }

    /// Why a record is rejected: a short reason and the detail, as in the rejects file.
    struct Rejection: Error {
        var reason: String
        var detail: String
    }

    let path: String
    let inputIndex: Int
    let instrument: Instrument
    let options: ReadOptions
    /// One decoder per item.
    let decoders: [AnswerDecoder]
    /// `asked[group][item]`.
    let asked: [[Bool]]
    private let groups: GroupResolver
    private let fixedGroup: UInt16?
    private let fixedWave: String?
    private let declaredWaves: Set<String>?
    private var groupMemo: [String: UInt16] = [:]
    private var waveMemo: [String: UInt16] = [:]

    /// Accepted responses.
    var table: ResponseTable
    /// Rejected records, in input order.
    var rejects: [RejectedRecord] = []
    /// Warnings, in input order (invalid answers first capped at `maxWarnings`).
    var warnings: [PendingWarning] = []
    /// Records read.
    var read = 0
    /// Answers outside their scale.
    var invalidAnswers = 0
    /// Invalid answers beyond `maxWarnings`, counted but not shown.
    var suppressedWarnings = 0

    init(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) {
        self.path = path
        self.inputIndex = inputIndex
        self.instrument = instrument
        self.options = options
        decoders = instrument.items.map { AnswerDecoder(scale: instrument.scale(of: $0)) }
        asked = instrument.groups.map { group in instrument.items.map { $0.isAsked(of: group.id) } }
        groups = GroupResolver(instrument)
        table = ResponseTable(
            itemCount: instrument.items.count, segmentNames: instrument.columns.segments,
            hasWeights: instrument.columns.weight != nil, hasDurations: instrument.columns.duration != nil)
        if let group = options.group {
            fixedGroup = instrument.groupIndex(group).map(UInt16.init) ?? (instrument.groups.count == 1 ? 0 : nil)
        } else {
            fixedGroup = instrument.groups.count == 1 ? 0 : nil
        }
        fixedWave = options.wave
        declaredWaves = instrument.waves.map(Set.init)
    }

    /// Resolves a record's identity from its raw values (nil: not given at all).
    ///
    /// - Throws: A ``Rejection`` with the CSV reader's reasons: `no-respondent`, `no-group`,
    ///   `unknown-group`, `no-wave`, `unknown-wave`, `bad-weight`.
    /// - Parameter derivedWave: With `columns.wave-from`: the label derived from the date column
    ///   (or why there is none), the column and its text; used when neither `--wave` nor a wave
    ///   value is given.
    mutating func identity(
        id: String, group: String?, wave: String?, weight: String?, duration: String?,
        derivedWave: (label: Result<String, DateProblem>, column: String, text: String)? = nil
    ) throws(Rejection) -> Identity {
        guard !id.trimmingSpaces.isEmpty else { throw Rejection(reason: "no-respondent", detail: "empty respondent id") }
        let groupIndex: UInt16
        if let fixedGroup, options.group != nil || group == nil {
            groupIndex = fixedGroup
        } else if let group {
            if let known = groupMemo[group] {
                groupIndex = known
            } else {
                let resolved = Array(group.utf8).withUnsafeBufferPointer { groups.resolve($0) }
                guard let resolved else {
                    let known = instrument.groups.map(\.id).joined(separator: ", ")
                    throw Rejection(reason: "unknown-group", detail: "group \(group.quotedForMessage) is not declared; expected one of \(known)")
                }
                if groupMemo.count < 256 { groupMemo[group] = resolved }
                groupIndex = resolved
            }
        } else {
            let known = instrument.groups.map(\.id).joined(separator: ", ")
            throw Rejection(reason: "no-group", detail: "no group given; expected one of \(known)")
        }

        let waveCode: UInt16
        if let fixedWave {
            waveCode = table.waveCode(fixedWave)
        } else if let wave {
            if let known = waveMemo[wave] {
                waveCode = known
            } else {
                let label = wave.trimmingSpaces
                guard !label.isEmpty else { throw Rejection(reason: "no-wave", detail: "empty wave") }
                if let declared = declaredWaves, !declared.contains(label) {
                    throw Rejection(
                        reason: "unknown-wave",
                        detail: "wave \(label.quotedForMessage) is not among the instrument's waves (\(instrument.waves!.joined(separator: ", ")))")
                }
                waveCode = table.waveCode(label)
                if waveMemo.count < 256 { waveMemo[wave] = waveCode }
            }
        } else if let derivedWave {
            switch derivedWave.label {
            case .success(let label):
                if let declared = declaredWaves, !declared.contains(label) {
                    throw Rejection(
                        reason: "unknown-wave",
                        detail: "wave \(label.quotedForMessage) (from \(derivedWave.column) \(derivedWave.text.quotedForMessage)) is not among the instrument's waves (\(instrument.waves!.joined(separator: ", ")))")
                }
                waveCode = table.waveCode(label)
            case .failure(let problem):
                throw Rejection(reason: problem.reason, detail: problem.detail(column: derivedWave.column, text: derivedWave.text))
            }
        } else {
            waveCode = table.waveCode(unnamedWave)
        }

        var weightValue = 1.0
        if instrument.columns.weight != nil {
            let text = (weight ?? "").trimmingSpaces
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw Rejection(reason: "bad-weight", detail: "weight \(text.quotedForMessage) is not a positive number")
            }
            weightValue = value
        }
        var durationValue = Double.nan
        if instrument.columns.duration != nil, let duration, let value = Double(duration.trimmingSpaces), value.isFinite, value >= 0 {
            durationValue = value
        }
        return Identity(group: groupIndex, wave: waveCode, weight: weightValue, duration: durationValue)
    }

    /// Decodes one answer of an item its group is asked; an invalid answer is counted and, within
    /// the first `maxWarnings`, kept for a warning at `site`.
    @inline(__always)
    mutating func decode(item: Int, _ bytes: UnsafeBufferPointer<UInt8>, site: @autoclosure () -> Site, distinguishNotShown: Bool = false) -> Int16 {
        // Through a pointer: `decoders[item]` copied the decoder, retaining its dictionaries,
        // once per answer.
        let code = decoders.withUnsafeBufferPointer { $0[item].decode(bytes, quoted: true, distinguishNotShown: distinguishNotShown) }
        if code == AnswerCode.invalid { noteInvalid(item: item, text: String(decoding: bytes, as: UTF8.self), site: site()) }
        return code
    }

    /// Counts an invalid answer and keeps a warning for the first `maxWarnings`.
    mutating func noteInvalid(item: Int, text: String, site: Site) {
        invalidAnswers += 1
        guard invalidAnswers <= options.maxWarnings else {
            suppressedWarnings += 1
            return
        }
        let scale = instrument.scale(of: instrument.items[item])
        let expected = "\(scale.lower)..\(scale.upper)" + (scale.missing.isEmpty ? "" : " or a missing code (\(scale.missing.map(\.code).joined(separator: ", ")))")
        warnings.append(PendingWarning(
            site: site,
            message: "invalid answer \(text.quotedForMessage) for item \(instrument.items[item].id); expected \(expected); counted as missing (invalid)"))
    }

    /// Appends an accepted row.
    mutating func append(_ identity: Identity, answers: [Int16], segments: [UInt32], id: String, line: Int) {
        table.append(
            answers: answers, group: identity.group, wave: identity.wave, segments: segments,
            weight: identity.weight, duration: identity.duration, id: id.trimmingSpaces.utf8,
            origin: RowOrigin(input: inputIndex, line: line))
    }

    /// Records a rejected record.
    mutating func reject(_ rejection: Rejection, line: Int, raw: String, path: String? = nil) {
        rejects.append(RejectedRecord(reason: rejection.reason, detail: rejection.detail, path: path ?? self.path, line: line, raw: raw))
    }

    /// The warnings as diagnostics, in the order they were found, element sites resolved with
    /// ``XMLLocator`` (one pass over the file, only when there are any), followed by the count of
    /// invalid answers not shown.
    func diagnostics(locatingElementsIn file: String) -> [Diagnostic] {
        let ordinals = Set(warnings.compactMap { warning -> Int? in
            if case .element(let ordinal) = warning.site { return ordinal }
            return nil
        })
        let located = ordinals.isEmpty ? [:] : XMLLocator.elementLocations(path: file, ordinals: ordinals)
        var out: [Diagnostic] = warnings.map { warning in
            switch warning.site {
            case .location(let location):
                return Diagnostic(.warning, at: location, warning.message)
            case .element(let ordinal):
                return Diagnostic(.warning, at: located[ordinal], path: file, warning.message)
            }
        }
        if suppressedWarnings > 0 {
            out.append(Diagnostic(.warning, at: nil, path: path, "\(suppressedWarnings) more invalid answers not shown"))
        }
        return out
    }
}
