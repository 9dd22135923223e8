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
    /// Where each row came from (for rejects and messages), 4 bytes a row.
    public internal(set) var origins = RowOrigins()

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
        for s in segmentCodes.indices { segmentCodes[s].reserveCapacity(segmentCodes[s].count + rows) }
        if hasWeights { weights.reserveCapacity(weights.count + rows) }
        if hasDurations { durations.reserveCapacity(durations.count + rows) }
        idStarts.reserveCapacity(idStarts.count + rows)
        origins.reserveCapacity(origins.count + rows)
    }

    /// Reserves room for `bytes` more bytes of respondent ids.
    public mutating func reserveIDCapacity(_ bytes: Int) {
        idBytes.reserveCapacity(idBytes.count + bytes)
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

    /// Appends one row from buffers, without generic dispatch: the readers' hot path.
    /// `answers` must hold ``itemCount`` codes; `segments` one code per segment.
    public mutating func appendRow(
        answers: UnsafeBufferPointer<Int16>, group: UInt16, wave: UInt16, segments: UnsafeBufferPointer<UInt32>,
        weight: Double, duration: Double, id: UnsafeBufferPointer<UInt8>, origin: RowOrigin
    ) {
        precondition(answers.count == itemCount && segments.count == segmentNames.count)
        codes.append(contentsOf: answers)
        groups.append(group)
        waves.append(wave)
        for s in 0..<segments.count { segmentCodes[s].append(segments[s]) }
        if hasWeights { weights.append(weight) }
        if hasDurations { durations.append(duration) }
        idBytes.append(contentsOf: id)
        idStarts.append(idBytes.count)
        origins.append(origin)
    }

    /// A table with the same columns and interned labels (same codes) and no rows.
    public func emptied() -> ResponseTable {
        var out = ResponseTable(itemCount: itemCount, segmentNames: segmentNames, hasWeights: hasWeights, hasDurations: hasDurations)
        out.waveLabels = waveLabels
        out.waveLookup = waveLookup
        out.segmentValues = segmentValues
        out.segmentLookup = segmentLookup
        return out
    }

    /// Removes every row, keeping the storage for reuse, and takes the interned labels of
    /// `template` (a table of the same columns): a table recycled for the next batch of a file.
    public mutating func resetRows(labelsFrom template: ResponseTable) {
        precondition(template.itemCount == itemCount && template.segmentNames == segmentNames)
        codes.removeAll(keepingCapacity: true)
        groups.removeAll(keepingCapacity: true)
        waves.removeAll(keepingCapacity: true)
        for s in segmentCodes.indices { segmentCodes[s].removeAll(keepingCapacity: true) }
        weights.removeAll(keepingCapacity: true)
        durations.removeAll(keepingCapacity: true)
        idBytes.removeAll(keepingCapacity: true)
        idStarts.removeAll(keepingCapacity: true)
        idStarts.append(0)
        origins.removeAll(keepingCapacity: true)
        hasWeights = template.hasWeights
        waveLabels = template.waveLabels
        waveLookup = template.waveLookup
        segmentValues = template.segmentValues
        segmentLookup = template.segmentLookup
    }

    /// Keeps only the rows where `keep` is true, in order, compacting in place (no second copy
    /// of the table; labels keep their codes).
    public mutating func retainRows(_ keep: [Bool]) {
        precondition(keep.count == rowCount)
        let k = itemCount
        var out = 0
        var idOut = 0
        var idStart = 0
        for row in 0..<rowCount {
            let idEnd = idStarts[row + 1]
            defer { idStart = idEnd }
            guard keep[row] else { continue }
            if out != row {
                for i in 0..<k { codes[out * k + i] = codes[row * k + i] }
                groups[out] = groups[row]
                waves[out] = waves[row]
                for s in segmentCodes.indices { segmentCodes[s][out] = segmentCodes[s][row] }
                if hasWeights { weights[out] = weights[row] }
                if hasDurations { durations[out] = durations[row] }
            }
            if idOut != idStart {
                for b in idStart..<idEnd { idBytes[idOut + b - idStart] = idBytes[b] }
            }
            idOut += idEnd - idStart
            idStarts[out + 1] = idOut
            out += 1
        }
        let removed = rowCount - out
        guard removed > 0 else { return }
        codes.removeLast(removed * k)
        groups.removeLast(removed)
        waves.removeLast(removed)
        for s in segmentCodes.indices { segmentCodes[s].removeLast(removed) }
        if hasWeights { weights.removeLast(removed) }
        if hasDurations { durations.removeLast(removed) }
        origins = origins.filtered(keep)
        idStarts.removeLast(removed)
        idBytes.removeLast(idBytes.count - idOut)
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
        append(contentsOf: other, lineOffset: 0)
    }

    /// Appends every row of another table, re-interning its labels and adding `lineOffset` to
    /// the line of each of its row origins (for a table read from a later part of a file).
    public mutating func append(contentsOf other: ResponseTable, lineOffset: Int) {
        precondition(other.itemCount == itemCount && other.segmentNames == segmentNames)
        let waveMap = other.waveLabels.map { waveCode($0) }
        var segmentMaps: [[UInt32]] = []
        for s in 0..<segmentNames.count {
            segmentMaps.append(other.segmentValues[s].map { segmentCode(s, $0) })
        }
        codes.append(contentsOf: other.codes)
        groups.append(contentsOf: other.groups)
        if waveMap.enumerated().allSatisfy({ Int($1) == $0 }) {
            waves.append(contentsOf: other.waves)
        } else {
            waves.append(contentsOf: other.waves.lazy.map { waveMap[Int($0)] })
        }
        for s in 0..<segmentNames.count {
            if segmentMaps[s].enumerated().allSatisfy({ Int($1) == $0 }) {
                segmentCodes[s].append(contentsOf: other.segmentCodes[s])
            } else {
                let map = segmentMaps[s]
                segmentCodes[s].append(contentsOf: other.segmentCodes[s].lazy.map {
                    $0 == Self.missingSegment ? $0 : map[Int($0)]
                })
            }
        }
        if hasWeights { weights.append(contentsOf: other.hasWeights ? other.weights : Array(repeating: 1, count: other.rowCount)) }
        if hasDurations { durations.append(contentsOf: other.hasDurations ? other.durations : Array(repeating: .nan, count: other.rowCount)) }
        let base = idBytes.count
        idBytes.append(contentsOf: other.idBytes)
        idStarts.append(contentsOf: other.idStarts.dropFirst().lazy.map { $0 + base })
        origins.append(contentsOf: other.origins, lineOffset: lineOffset)
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

/// The ``RowOrigin`` of every row, stored compactly: the line as 32 bits (wider lines aside),
/// the input as runs, since rows come input by input. 4 bytes a row instead of 16.
public struct RowOrigins: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    /// Line per row; `UInt32.max` means "in `wideLines`".
    private var lines: [UInt32] = []
    private var wideLines: [Int: Int] = [:]
    /// (first row, input), by first row; consecutive runs have different inputs.
    private var runs: [Run] = []

    private struct Run: Hashable, Sendable {
        var start: Int
        var input: Int
    }

    /// No rows.
    public init() {}

    /// The given origins.
    public init(arrayLiteral elements: RowOrigin...) {
        for e in elements { append(e) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { lines.count }

    public subscript(row: Int) -> RowOrigin {
        let stored = lines[row]
        let line = stored == UInt32.max ? wideLines[row]! : Int(stored)
        return RowOrigin(input: input(of: row), line: line)
    }

    private func input(of row: Int) -> Int {
        if runs.count == 1 || runs.last!.start <= row { return runs.last!.input }
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if runs[mid].start <= row { lo = mid } else { hi = mid - 1 }
        }
        return runs[lo].input
    }

    mutating func reserveCapacity(_ n: Int) { lines.reserveCapacity(n) }

    mutating func removeAll(keepingCapacity: Bool) {
        lines.removeAll(keepingCapacity: keepingCapacity)
        wideLines = [:]
        runs = []
    }

    mutating func append(_ origin: RowOrigin) {
        let row = lines.count
        if origin.line >= 0 && origin.line < Int(UInt32.max) {
            lines.append(UInt32(origin.line))
        } else {
            lines.append(UInt32.max)
            wideLines[row] = origin.line
        }
        if runs.last?.input != origin.input { runs.append(Run(start: row, input: origin.input)) }
    }

    mutating func append(contentsOf other: RowOrigins, lineOffset: Int) {
        if other.wideLines.isEmpty, lineOffset >= 0, let last = other.lines.max(), Int(last) + lineOffset < Int(UInt32.max) {
            let base = lines.count
            if lineOffset == 0 {
                lines.append(contentsOf: other.lines)
            } else {
                let offset = UInt32(lineOffset)
                lines.append(contentsOf: other.lines.lazy.map { $0 + offset })
            }
            for run in other.runs where runs.last?.input != run.input { runs.append(Run(start: base + run.start, input: run.input)) }
        } else {
            for origin in other { append(RowOrigin(input: origin.input, line: origin.line + lineOffset)) }
        }
    }

    /// The origins of the rows where `keep` is true, in order.
    func filtered(_ keep: [Bool]) -> RowOrigins {
        var out = RowOrigins()
        out.lines.reserveCapacity(keep.count)
        var run = 0
        for row in lines.indices where keep[row] {
            while run + 1 < runs.count && runs[run + 1].start <= row { run += 1 }
            let stored = lines[row]
            out.append(RowOrigin(input: runs[run].input, line: stored == UInt32.max ? wideLines[row]! : Int(stored)))
        }
        return out
    }

    public static func == (a: RowOrigins, b: RowOrigins) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for origin in self { hasher.combine(origin) }
    }
}
