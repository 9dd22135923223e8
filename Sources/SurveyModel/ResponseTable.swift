/// Responses in columnar, integer-coded form: what every reader produces and the statistics read.
///
/// Answers are row-major `Int16` codes (``AnswerCode``), groups and waves small integer indices,
/// segment values interned per segment column. Strings exist only once per distinct value,
/// never per cell.
public struct ResponseTable: Sendable {
    /// Number of items per row (the instrument's item count).
    public let itemCount: Int
    /// Segment column names, in instrument order.
    public let segmentNames: [String]
    /// Whether rows carry a weight.
    public private(set) var hasWeights: Bool
    /// Whether rows carry a duration.
    public let hasDurations: Bool

    /// `codes[row * itemCount + item]`.
    public internal(set) var codes: [Int16] = []
    /// Index into the instrument's groups.
    public internal(set) var groups: [UInt16] = []
    /// Index into ``waveLabels``.
    public internal(set) var waves: [UInt16] = []
    /// Distinct wave labels in first-seen order.
    public internal(set) var waveLabels: [String] = []
    /// `segmentCodes[s][row]`: index into `segmentValues[s]`, or ``missingSegment``.
    public internal(set) var segmentCodes: [[UInt32]]
    /// Distinct values per segment column in first-seen order.
    public internal(set) var segmentValues: [[String]]
    /// Design weights (1 where no weight column).
    public internal(set) var weights: [Double] = []
    /// Durations in seconds, `nan` where unknown.
    public internal(set) var durations: [Double] = []
    /// Respondent ids, concatenated UTF-8.
    public internal(set) var idBytes: [UInt8] = []
    /// `idBytes[idStarts[row]..<idStarts[row + 1]]` is row's respondent id.
    public internal(set) var idStarts: [Int] = [0]
    /// Where each row came from (for rejects and messages).
    public internal(set) var origins: [RowOrigin] = []

    private var waveLookup: [String: UInt16] = [:]
    private var segmentLookup: [[String: UInt32]]

    /// Segment value code meaning "not given".
    public static let missingSegment = UInt32.max

    /// Creates an empty table.
    public init(itemCount: Int, segmentNames: [String], hasWeights: Bool = false, hasDurations: Bool = false) {
        self.itemCount = itemCount
        self.segmentNames = segmentNames
        self.hasWeights = hasWeights
        self.hasDurations = hasDurations
        self.segmentCodes = Array(repeating: [], count: segmentNames.count)
        self.segmentValues = Array(repeating: [], count: segmentNames.count)
        self.segmentLookup = Array(repeating: [:], count: segmentNames.count)
    }

    /// Number of rows.
    public var rowCount: Int { groups.count }

    /// Replaces the rows' weights (one per row, from a weight column or weighting).
    public mutating func setWeights(_ values: [Double]) {
        precondition(values.count == rowCount)
        weights = values
        hasWeights = true
    }

    /// Reserves room for `rows` more rows.
    public mutating func reserveCapacity(_ rows: Int) {
        codes.reserveCapacity(codes.count + rows * itemCount)
        groups.reserveCapacity(groups.count + rows)
        waves.reserveCapacity(waves.count + rows)
        origins.reserveCapacity(origins.count + rows)
    }

    /// The interned code for a wave label.
    public mutating func waveCode(_ label: String) -> UInt16 {
        if let code = waveLookup[label] { return code }
        let code = UInt16(waveLabels.count)
        waveLabels.append(label)
        waveLookup[label] = code
        return code
    }

    /// The interned code for a segment value.
    public mutating func segmentCode(_ segment: Int, _ value: String) -> UInt32 {
        if let code = segmentLookup[segment][value] { return code }
        let code = UInt32(segmentValues[segment].count)
        segmentValues[segment].append(value)
        segmentLookup[segment][value] = code
        return code
    }

    /// Appends one row. `answers` must hold ``itemCount`` codes; `segments` one code per segment.
    public mutating func append(
        answers: some Collection<Int16>, group: UInt16, wave: UInt16, segments: [UInt32],
        weight: Double = 1, duration: Double = .nan, id: some Collection<UInt8>, origin: RowOrigin
    ) {
        precondition(answers.count == itemCount && segments.count == segmentNames.count)
        codes.append(contentsOf: answers)
        groups.append(group)
        waves.append(wave)
        for (s, code) in segments.enumerated() { segmentCodes[s].append(code) }
        if hasWeights { weights.append(weight) }
        if hasDurations { durations.append(duration) }
        idBytes.append(contentsOf: id)
        idStarts.append(idBytes.count)
        origins.append(origin)
    }

    /// The respondent id of a row.
    public func respondentID(_ row: Int) -> String {
        String(decoding: idBytes[idStarts[row]..<idStarts[row + 1]], as: UTF8.self)
    }

    /// The answers of a row.
    public func answers(_ row: Int) -> ArraySlice<Int16> {
        codes[(row * itemCount)..<((row + 1) * itemCount)]
    }

    /// Number of substantive answers in a row.
    public func answeredCount(_ row: Int) -> Int {
        var count = 0
        for code in answers(row) where AnswerCode.isAnswer(code) { count += 1 }
        return count
    }

    /// A copy holding only the rows where `keep` is true, in order.
    public func filtered(_ keep: [Bool]) -> ResponseTable {
        precondition(keep.count == rowCount)
        var out = ResponseTable(itemCount: itemCount, segmentNames: segmentNames, hasWeights: hasWeights, hasDurations: hasDurations)
        out.waveLabels = waveLabels
        out.waveLookup = waveLookup
        out.segmentValues = segmentValues
        out.segmentLookup = segmentLookup
        for row in 0..<rowCount where keep[row] {
            out.codes.append(contentsOf: answers(row))
            out.groups.append(groups[row])
            out.waves.append(waves[row])
            for s in 0..<segmentNames.count { out.segmentCodes[s].append(segmentCodes[s][row]) }
            if hasWeights { out.weights.append(weights[row]) }
            if hasDurations { out.durations.append(durations[row]) }
            out.idBytes.append(contentsOf: idBytes[idStarts[row]..<idStarts[row + 1]])
            out.idStarts.append(out.idBytes.count)
            out.origins.append(origins[row])
        }
        return out
    }

    /// Appends every row of another table over the same instrument, re-interning its labels.
    public mutating func append(contentsOf other: ResponseTable) {
        precondition(other.itemCount == itemCount && other.segmentNames == segmentNames)
        let waveMap = other.waveLabels.map { waveCode($0) }
        var segmentMaps: [[UInt32]] = []
        for s in 0..<segmentNames.count {
            segmentMaps.append(other.segmentValues[s].map { segmentCode(s, $0) })
        }
        codes.append(contentsOf: other.codes)
        groups.append(contentsOf: other.groups)
        waves.append(contentsOf: other.waves.map { waveMap[Int($0)] })
        for s in 0..<segmentNames.count {
            segmentCodes[s].append(contentsOf: other.segmentCodes[s].map {
                $0 == Self.missingSegment ? $0 : segmentMaps[s][Int($0)]
            })
        }
        if hasWeights { weights.append(contentsOf: other.hasWeights ? other.weights : Array(repeating: 1, count: other.rowCount)) }
        if hasDurations { durations.append(contentsOf: other.hasDurations ? other.durations : Array(repeating: .nan, count: other.rowCount)) }
        let base = idBytes.count
        idBytes.append(contentsOf: other.idBytes)
        idStarts.append(contentsOf: other.idStarts.dropFirst().map { $0 + base })
        origins.append(contentsOf: other.origins)
    }
}

/// Where a row came from: input index and 1-based line of its record.
public struct RowOrigin: Hashable, Sendable {
    /// Index of the input among the run's inputs.
    public var input: Int
    /// 1-based line where the record starts.
    public var line: Int
    /// Creates an origin.
    public init(input: Int, line: Int) {
        self.input = input
        self.line = line
    }
}
