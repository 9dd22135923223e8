import Dispatch
import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one analysis needs besides the instrument: the accepted responses and their provenance.
public struct AnalysisInput: Sendable {
    /// The questionnaire.
    public var instrument: Instrument
    /// Accepted responses of every input.
    public var table: ResponseTable
    /// Accounting per input.
    public var inputs: [InputSummary]
    /// Responses rejected as duplicates (counted per cell in `quality`).
    public var duplicates: ResponseTable?
    /// Segment columns to break down by; `nil` means every segment the instrument declares.
    public var segments: [String]?
    /// Flags whose respondents are left out.
    public var exclude: Set<QualityFlags.Flag>
    /// Threads for the row pass: 1 is serial, 0 one per core. The report is the same whatever
    /// the number (each cell's rows are added in row order by one thread).
    public var threads: Int = 1

    /// Creates an analysis input.
    public init(instrument: Instrument, table: ResponseTable, inputs: [InputSummary], duplicates: ResponseTable? = nil, segments: [String]? = nil, exclude: Set<QualityFlags.Flag> = []) {
        self.instrument = instrument
        self.table = table
        self.inputs = inputs
        self.duplicates = duplicates
        self.segments = segments
        self.exclude = exclude
    }
}

/// Turns responses into the cells of a ``Report`` (SPEC §5.1–5.3, 5.7–5.9).
///
/// One pass over the rows: each respondent's answers are recoded (reverse items become
/// `L + U − x`), their dimension scores and index computed once, and then added to every cell
/// they belong to — their wave × group, wave × `all`, and the same for each segment value. Item
/// statistics come from exact integer histograms; α from exact integer cross-products.
public enum AnalysisEngine {
    /// Runs the analysis on a table held in memory: one ``AnalysisSession`` fed the whole table.
    public static func run(_ input: AnalysisInput) -> Report {
        let table = input.table
        var perBlock: [String: [Int]] = [:]
        var counts = [Int](repeating: 0, count: table.waveLabels.count * max(1, input.instrument.groups.count))
        let groupCount = max(1, input.instrument.groups.count)
        for row in 0..<table.rowCount { counts[Int(table.waves[row]) * groupCount + Int(table.groups[row])] += 1 }
        for (w, label) in table.waveLabels.enumerated() { perBlock[label] = Array(counts[(w * groupCount)..<((w + 1) * groupCount)]) }
        let session = AnalysisSession(
            instrument: input.instrument, waveLabels: table.waveLabels, segmentNames: table.segmentNames,
            segmentValues: table.segmentValues, segments: input.segments, exclude: input.exclude,
            weighted: table.hasWeights, threads: input.threads, rowsPerWaveAndGroup: perBlock)
        _ = session.add(table)
        if let duplicates = input.duplicates { session.addDuplicates(duplicates) }
        return session.finish(inputs: input.inputs)
    }

    /// Waves in the instrument's declared order, then any others by label.
    public static func orderedWaves(labels: [String], declared: [String]?) -> [String] {
        let present = Set(labels)
        let declaredPresent = (declared ?? []).filter { present.contains($0) }
        let rest = labels.filter { !declaredPresent.contains($0) }.sorted()
        return declaredPresent + rest
    }

    /// Recodes one row and computes its dimension scores and index.
    static func derive(row: Int, group g: Int, table: ResponseTable, items: ItemLayout, minimumShare: Double, into s: inout RowScratch) {
        let k = table.itemCount
        let base = row * k
        var invalid = 0
        var weighted = 0.0
        var weightSum = 0.0
        table.codes.withUnsafeBufferPointer { codes in
            s.slots.withUnsafeMutableBufferPointer { slots in
                s.dimensionValues.withUnsafeMutableBufferPointer { values in
                  s.recoded.withUnsafeMutableBufferPointer { recoded in
                    for i in 0..<k {
                        let info = items.items[i]
                        var c = codes[base + i]
                        if !info.askedOf[g] {
                            slots[i] = -1
                            recoded[i] = AnswerCode.absent
                            if let position = info.dimensionPosition { values[position] = AnswerCode.absent }
                            continue
                        }
                        if AnswerCode.isAnswer(c) {
                            if info.reverse { c = Int16(info.lower + info.upper) - c }
                        } else if c == AnswerCode.invalid {
                            invalid += 1
                        } else if c == AnswerCode.absent {
                            // An item the reader could not see for this respondent: not answered.
                            c = AnswerCode.noAnswer
                        }
                        slots[i] = items.slot(item: i, code: c)
                        recoded[i] = c
                        if let position = info.dimensionPosition { values[position] = c }
                    }
                  }
                    for d in 0..<items.dimensionItems.count {
                        var sum = 0
                        var answered = 0
                        for position in items.dimensionOffsets[d]..<items.dimensionOffsets[d + 1] where AnswerCode.isAnswer(values[position]) {
                            sum += Int(values[position])
                            answered += 1
                        }
                        let asked = items.askedPerDimension[d][g]
                        if answered > 0 && Double(answered) + 1e-9 >= minimumShare * Double(asked) {
                            let score = Double(sum) / Double(answered)
                            s.dimensionScore[d] = score
                            let (lower, upper) = items.dimensionRange[d]
                            weighted += items.dimensionWeights[d] * (score - Double(lower)) / Double(upper - lower) * 100
                            weightSum += items.dimensionWeights[d]
                        } else {
                            s.dimensionScore[d] = .nan
                        }
                    }
                }
            }
        }
        s.invalid = invalid
        s.index = weightSum > 0 ? weighted / weightSum : .nan
    }

    static func add(_ s: RowScratch, items: ItemLayout, pairwise: Bool, straightliner: Bool, speeder: Bool, to acc: inout CellAccumulator) {
        acc.respondents += 1
        acc.counts.withUnsafeMutableBufferPointer { counts in
            for slot in s.slots where slot >= 0 { counts[slot] += 1 }
        }
        s.dimensionValues.withUnsafeBufferPointer { values in
            for d in 0..<s.dimensionScore.count {
                if !s.dimensionScore[d].isNaN { acc.dimensionScores[d].add(s.dimensionScore[d]) }
                let slice = UnsafeBufferPointer(rebasing: values[items.dimensionOffsets[d]..<items.dimensionOffsets[d + 1]])
                acc.covariance[d].add(slice, pairwise: pairwise)
            }
        }
        if !s.index.isNaN { acc.index.add(s.index) }
        if straightliner { acc.straightliners += 1 }
        if speeder { acc.speeders += 1 }
        acc.invalidAnswers += s.invalid
    }

    static func addWeighted(_ s: RowScratch, weight w: Double, to acc: inout CellAccumulator) {
        let w2 = w * w
        acc.respondentWeights += w
        acc.respondentWeightSquares += w2
        acc.weightSums.withUnsafeMutableBufferPointer { sums in
            acc.weightSquares.withUnsafeMutableBufferPointer { squares in
                for slot in s.slots where slot >= 0 {
                    sums[slot] += w
                    squares[slot] += w2
                }
            }
        }
        for d in 0..<s.dimensionScore.count where !s.dimensionScore[d].isNaN {
            acc.weightedDimensions[d].add(s.dimensionScore[d], weight: w)
        }
        if !s.index.isNaN { acc.weightedIndex.add(s.index, weight: w) }
    }

    /// Builds every `all` cell by merging its groups' cells, in group order (deterministic).
    static func mergeAll(_ accumulators: inout [CellAccumulator?], cells: CellLayout, groupCount: Int, segmentValueCounts: [Int]) {
        func merge(_ target: Int, _ sources: [Int]) {
            for source in sources {
                guard let other = accumulators[source] else { continue }
                if accumulators[target] == nil {
                    accumulators[target] = other
                } else {
                    accumulators[target]!.merge(other)
                }
            }
        }
        for w in 0..<cells.waveCount {
            merge(cells.cell(wave: w, group: groupCount), (0..<groupCount).map { cells.cell(wave: w, group: $0) })
            for (si, values) in segmentValueCounts.enumerated() {
                for v in 0..<values {
                    merge(cells.cell(wave: w, group: groupCount, segment: si, value: v),
                          (0..<groupCount).map { cells.cell(wave: w, group: $0, segment: si, value: v) })
                }
            }
        }
    }
}

/// The row pass: every row's derived values added to its cells. Rows go to their own group's
/// cells only (`all` is merged from the groups afterwards), so every cell belongs to one
/// wave × group; with several threads each thread takes whole wave × group blocks (balanced by
/// row count) and adds their rows in row order, so every cell sees the same additions in the
/// same order as in a serial pass, and the floating-point moments are bit for bit the same.
struct RowPass: @unchecked Sendable {
    let table: ResponseTable
    let items: ItemLayout
    let cells: CellLayout
    let waveRank: [Int]
    let segmentColumns: [Int]
    let valueRank: [[Int]]
    let flags: QualityFlags
    let minimumShare: Double
    let pairwise: Bool
    let weighted: Bool
    let outcome: Int?
    let driverItems: [Int]
    let groupCount: Int
    /// The flat pass flags straight-liners itself (``flags`` holds none).
    var inlineStraightliners = false

    /// Adds this slice's rows to the workers' states: each worker the rows of the blocks it
    /// owns, in row order.
    func run(owner: [Int], states: [RowPassState]) {
        if states.count == 1 {
            accumulate(worker: 0, owner: owner, state: states[0])
            return
        }
        let boxed = SendableStates(states)
        DispatchQueue.concurrentPerform(iterations: states.count) { worker in
            accumulate(worker: worker, owner: owner, state: boxed.states[worker])
        }
    }

    /// Which worker adds each wave × group block: largest blocks first, each to the least
    /// loaded worker (ties to the lowest index). At most one worker per block with rows.
    static func owners(rowsPerBlock: [Int], threads: Int) -> (owner: [Int], workers: Int) {
        let busy = rowsPerBlock.filter { $0 > 0 }.count
        let workers = max(1, min(Parallel.threads(threads), busy))
        var owner = [Int](repeating: 0, count: rowsPerBlock.count)
        var load = [Int](repeating: 0, count: workers)
        for block in rowsPerBlock.indices.sorted(by: { (rowsPerBlock[$0], -$0) > (rowsPerBlock[$1], -$1) }) {
            let worker = load.indices.min { (load[$0], $0) < (load[$1], $1) }!
            owner[block] = worker
            load[worker] += rowsPerBlock[block]
        }
        return (owner, workers)
    }

    /// Adds the rows of the blocks `worker` owns, in row order.
    func accumulate(worker: Int, owner: [Int], state: RowPassState) {
        if usesFlatPass {
            accumulateFlat(worker: worker, owner: owner, state: state.flat!)
        } else {
            precondition(!inlineStraightliners, "straight-liners are found inline only by the flat pass")
            accumulateCells(worker: worker, owner: owner, into: &state.accumulators)
        }
    }

    /// Whether the flat pass applies (listwise α, unweighted, no key drivers).
    var usesFlatPass: Bool { !pairwise && !weighted && outcome == nil }

    /// The general pass: each row added to each of its cells' ``CellAccumulator``.
    func accumulateCells(worker: Int, owner: [Int], into accumulators: inout [CellAccumulator?]) {
        var scratch = RowScratch(
            recoded: Array(repeating: AnswerCode.absent, count: table.itemCount),
            slots: Array(repeating: -1, count: table.itemCount),
            dimensionValues: Array(repeating: 0, count: items.dimensionOffsets.last ?? 0),
            dimensionScore: Array(repeating: .nan, count: items.dimensionItems.count), index: .nan, invalid: 0)
        var rowCells: [Int] = []
        for row in 0..<table.rowCount {
            let g = Int(table.groups[row])
            let w = waveRank[Int(table.waves[row])]
            guard owner[w * groupCount + g] == worker else { continue }
            AnalysisEngine.derive(row: row, group: g, table: table, items: items, minimumShare: minimumShare, into: &scratch)
            rowCells.removeAll(keepingCapacity: true)
            rowCells.append(cells.cell(wave: w, group: g))
            for (si, s) in segmentColumns.enumerated() {
                let code = table.segmentCodes[s][row]
                guard code != ResponseTable.missingSegment else { continue }
                rowCells.append(cells.cell(wave: w, group: g, segment: si, value: valueRank[si][Int(code)]))
            }
            for (position, c) in rowCells.enumerated() {
                if accumulators[c] == nil {
                    accumulators[c] = CellAccumulator(layout: items, weighted: weighted)
                    if position == 0, outcome != nil { accumulators[c]!.drivers = DriverAccumulator(
                        items: driverItems, dimensionCount: items.dimensionItems.count,
                        listwise: items.askedPerDimension.indices.filter { items.askedPerDimension[$0][g] > 0 })
                    }
                }
                AnalysisEngine.add(scratch, items: items, pairwise: pairwise, straightliner: flags.straightliner[row], speeder: flags.speeder[row], to: &accumulators[c]!)
                if weighted { AnalysisEngine.addWeighted(scratch, weight: table.weights[row], to: &accumulators[c]!) }
                if position == 0, let outcome {
                    let recoded = scratch.recoded
                    accumulators[c]!.drivers!.add(codes: { recoded[$0] }, dimensionScores: scratch.dimensionScore, outcome: recoded[outcome])
                }
            }
        }
    }
}

/// ``ItemLayout`` flattened into plain arrays for the flat row pass.
struct FlatItems {
    /// `asked[group * items + item]`.
    let asked: [Bool]
    /// Whether an item is reverse-scored, and its L + U (the recode is `L + U − x`).
    let reverse: [Bool]
    let reverseSum: [Int16]
    /// An answer x's counter is `answerBase + x` (the item's offset minus its lower value).
    let answerBase: [Int]
    /// The first missing-reason counter: no-answer, then not-shown, invalid, declared reasons.
    let missingBase: [Int]
    /// Position in the dimension-ordered values, or -1.
    let position: [Int]
    /// `askedPerDimension[dimension * groups + group]`.
    let askedPerDimension: [Int]

    init(_ items: ItemLayout, groupCount: Int) {
        var asked: [Bool] = []
        for g in 0..<groupCount { for info in items.items { asked.append(info.askedOf[g]) } }
        self.asked = asked
        reverse = items.items.map(\.reverse)
        reverseSum = items.items.map { Int16($0.lower + $0.upper) }
        answerBase = items.items.map { $0.countOffset - $0.lower }
        missingBase = items.items.map { $0.countOffset + $0.valueCount }
        position = items.items.map { $0.dimensionPosition ?? -1 }
        var perDimension: [Int] = []
        for d in items.askedPerDimension.indices { for g in 0..<groupCount { perDimension.append(items.askedPerDimension[d][g]) } }
        askedPerDimension = perDimension
    }
}

/// Per-worker results of a concurrent pass, each slot written by one worker.
final class ResultBox: @unchecked Sendable {
    private var slots: [[CellAccumulator?]]
    private let lock = NSLockLite()
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func store(_ i: Int, _ value: [CellAccumulator?]) { lock.locked { slots[i] = value } }
    func take(_ i: Int) -> [CellAccumulator?] { lock.locked { let v = slots[i]; slots[i] = []; return v } }
}

/// A mutex without Foundation.
final class NSLockLite: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 1)
    func locked<T>(_ body: () -> T) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return body()
    }
}


/// Stage timings on stderr when `SURVEYKPI_TIMINGS` is set (for the benchmarks).
struct StageClock {
    private let enabled = getenv("SURVEYKPI_TIMINGS") != nil
    private var last = DispatchTime.now().uptimeNanoseconds
    private var laps: [String] = []

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let ms = Double(now - last) / 1e6
        laps.append("\(name) \(Int(ms.rounded())) ms")
        last = now
    }

    func report(_ title: String) {
        guard enabled else { return }
        let line = "\(title): " + laps.joined(separator: ", ") + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}

/// One row-pass worker's running state, kept across slices of rows.
final class RowPassState: @unchecked Sendable {
    /// The flat pass's sums and moments (when it applies).
    var flat: FlatState?
    /// The general pass's cells.
    var accumulators: [CellAccumulator?]

    init(flat: FlatState?, cellCount: Int) {
        self.flat = flat
        accumulators = flat == nil ? [CellAccumulator?](repeating: nil, count: cellCount) : []
    }
}

/// Worker states handed to concurrent workers, each touching only its own.
struct SendableStates: @unchecked Sendable {
    let states: [RowPassState]
    init(_ states: [RowPassState]) { self.states = states }
}
