import SurveyModel

extension RowPass {
    /// The pass for the common case (listwise α, unweighted, no key drivers), on flat integer
    /// blocks, one per wave × group × combination of segment values (a "joint" cell): each row
    /// adds to exactly one block its counters, its listwise sums and cross-products per
    /// dimension, and per dimension the count, sum and squared sum of its answers grouped by
    /// how many it gave. The real cells are sums of blocks, formed once at the end.
    ///
    /// A dimension score is (sum of answers)/(answers given), so these integer sums give each
    /// cell's score moments exactly (``FlatState/scoreMoments(_:answered:)``), in any order of
    /// rows. The satisfaction index is a weighted mean over dimensions, not a ratio of small
    /// integers: each block keeps a ``MomentAccumulator`` of it, fed in row order, and a cell
    /// merges its blocks' in block order. Either way the report does not depend on the threads
    /// or on how the rows were sliced.
    ///
    /// Wrapping adds (`&+`) on the sums cannot wrap: codes are `Int16`, so a product is below
    /// 2³⁰, a squared dimension sum below 2⁴⁰ for up to 32 items, and a cell has fewer than 2²³
    /// × 2⁴⁰ rows' worth of room.
    func accumulateFlat(worker: Int, owner: [Int], state: FlatState) {
        let dimensions = items.dimensionItems.count
        let k = table.itemCount
        let flat = FlatItems(items, groupCount: groupCount)
        let inline = inlineStraightliners
        let countsBase = FlatState.countsBase
        let (dimensionBase, dimensionStarts, joint, jointCount, valueCounts) = (state.dimensionBase, state.dimensionStarts, state.joint, state.jointCount, state.valueCounts)
        // Straight-lining: dimensions of at least five items (QualityFlags), per item its index
        // among them or -1; per row the lowest and highest answer and the answers seen.
        var straightDimension = [Int](repeating: -1, count: k)
        var straightDimensions = 0
        for members in items.dimensionItems where members.count >= QualityFlags.straightLineMinimumItems {
            for i in members { straightDimension[i] = straightDimensions }
            straightDimensions += 1
        }
        var low = [Int16](repeating: 0, count: max(1, straightDimensions))
        var high = low
        var seen = [Int](repeating: 0, count: max(1, straightDimensions))
        var slots = [Int](repeating: -1, count: k)
        var values = [Int16](repeating: AnswerCode.absent, count: max(1, items.dimensionOffsets.last ?? 0))
        var targets = [Int](repeating: 0, count: 1 + segmentColumns.count)
        let dimensionOffsets = items.dimensionOffsets
        let dimensionRange = items.dimensionRange
        let dimensionWeights = items.dimensionWeights
        let minimumShare = self.minimumShare
        let groupCount = self.groupCount
        low.withUnsafeMutableBufferPointer { low in
        high.withUnsafeMutableBufferPointer { high in
        seen.withUnsafeMutableBufferPointer { seen in
        straightDimension.withUnsafeBufferPointer { straightDimension in
        slots.withUnsafeMutableBufferPointer { slots in
        values.withUnsafeMutableBufferPointer { values in
        targets.withUnsafeMutableBufferPointer { targets in
        flat.asked.withUnsafeBufferPointer { asked in
        flat.reverse.withUnsafeBufferPointer { reverse in
        flat.reverseSum.withUnsafeBufferPointer { reverseSum in
        flat.answerBase.withUnsafeBufferPointer { answerBase in
        flat.missingBase.withUnsafeBufferPointer { missingBase in
        flat.position.withUnsafeBufferPointer { position in
        table.codes.withUnsafeBufferPointer { codes in
        for row in 0..<table.rowCount {
            let g = Int(table.groups[row])
            let w = waveRank[Int(table.waves[row])]
            guard owner[w * groupCount + g] == worker else { continue }
            // The row's blocks: its joint cell, or (too many combinations) each real cell.
            var targetCount = 0
            if joint {
                var combination = 0
                for (si, s) in segmentColumns.enumerated() {
                    combination = combination * valueCounts[si]
                    let code = table.segmentCodes[s][row]
                    if code != ResponseTable.missingSegment { combination += valueRank[si][Int(code)] + 1 }
                }
                targets[0] = state.block(for: (w * groupCount + g) * jointCount + combination)
                targetCount = 1
            } else {
                targets[0] = state.block(for: cells.cell(wave: w, group: g))
                targetCount = 1
                for (si, s) in segmentColumns.enumerated() {
                    let code = table.segmentCodes[s][row]
                    guard code != ResponseTable.missingSegment else { continue }
                    targets[targetCount] = state.block(for: cells.cell(wave: w, group: g, segment: si, value: valueRank[si][Int(code)]))
                    targetCount += 1
                }
            }
            // With one block (the joint cell) the item counters are bumped as the row is read.
            let single = targetCount == 1
            let counters = state.storage + targets[0] * state.blockSize + countsBase
            // Recode the row (reverse items become L + U − x; an unseen item is unanswered),
            // find each item's counter and fill the dimension-ordered values (as `derive`).
            var invalid = 0
            let rowCodes = codes.baseAddress! + row * k
            let askedRow = g * k
            if inline {
                for d in 0..<straightDimensions {
                    low[d] = Int16.max
                    high[d] = Int16.min
                    seen[d] = 0
                }
            }
            for i in 0..<k {
                var c = rowCodes[i]
                // Straight-lining looks at the codes as stored (before reverse recoding).
                if inline, straightDimension[i] >= 0, AnswerCode.isAnswer(c) {
                    let d = straightDimension[i]
                    low[d] = min(low[d], c)
                    high[d] = max(high[d], c)
                    seen[d] += 1
                }
                guard asked[askedRow + i] else {
                    slots[i] = -1
                    if position[i] >= 0 { values[position[i]] = AnswerCode.absent }
                    continue
                }
                let slot: Int
                if AnswerCode.isAnswer(c) {
                    if reverse[i] { c = reverseSum[i] - c }
                    slot = answerBase[i] + Int(c)
                } else if c == AnswerCode.invalid {
                    invalid += 1
                    slot = missingBase[i] + 2
                } else if c == AnswerCode.absent || c == AnswerCode.noAnswer {
                    c = AnswerCode.noAnswer
                    slot = missingBase[i]
                } else if c == AnswerCode.notShown {
                    slot = missingBase[i] + 1
                } else {
                    slot = missingBase[i] + 3 + Int(c - AnswerCode.firstDeclaredMissing)
                }
                if single { counters[slot] &+= 1 } else { slots[i] = slot }
                if position[i] >= 0 { values[position[i]] = c }
            }

            var straight = 0
            if inline {
                for d in 0..<straightDimensions where seen[d] >= QualityFlags.straightLineMinimumItems && low[d] == high[d] {
                    straight = 1
                    break
                }
            } else {
                straight = flags.straightliner[row] ? 1 : 0
            }
            let speeder = flags.speeder[row] ? 1 : 0
            for t in 0..<targetCount {
                let block = state.storage + targets[t] * state.blockSize
                block[0] &+= 1
                block[1] &+= straight
                block[2] &+= speeder
                block[3] &+= invalid
                if !single { for i in 0..<k where slots[i] >= 0 { block[countsBase + slots[i]] &+= 1 } }
            }

            // Per dimension: the score's sums by answers given, the listwise sums; the index.
            var weighted = 0.0
            var weightSum = 0.0
            for d in 0..<dimensions {
                let first = dimensionOffsets[d]
                let n = dimensionOffsets[d + 1] - first
                var sum = 0
                var answered = 0
                for j in 0..<n where AnswerCode.isAnswer(values[first + j]) {
                    sum += Int(values[first + j])
                    answered += 1
                }
                let askedCount = flat.askedPerDimension[d * groupCount + g]
                let scored = answered > 0 && Double(answered) + 1e-9 >= minimumShare * Double(askedCount)
                if scored {
                    let score = Double(sum) / Double(answered)
                    let (lower, upper) = dimensionRange[d]
                    weighted += dimensionWeights[d] * (score - Double(lower)) / Double(upper - lower) * 100
                    weightSum += dimensionWeights[d]
                }
                guard answered > 0 else { continue }
                let complete = answered == n
                for t in 0..<targetCount {
                    let o = state.storage + targets[t] * state.blockSize + dimensionBase + dimensionStarts[d]
                    o[0] &+= 1
                    if complete {
                        o[1] &+= 1
                        var p = o + 2
                        for j in 0..<n { p[j] &+= Int(values[first + j]) }
                        p += n
                        for j in 0..<n {
                            let xj = Int(values[first + j])
                            for l in j..<n {
                                p.pointee &+= xj &* Int(values[first + l])
                                p += 1
                            }
                        }
                    }
                    if scored {
                        let s = o + 2 + n + n * (n + 1) / 2 + 3 * (answered - 1)
                        s[0] &+= 1
                        s[1] &+= sum
                        s[2] &+= sum &* sum
                    }
                }
            }
            if weightSum > 0 {
                let index = weighted / weightSum
                for t in 0..<targetCount { state.index[targets[t]].add(index) }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
    }
}

/// What one worker of the flat row pass has added so far: integer sums and an index
/// ``MomentAccumulator`` per block. Kept across slices of rows. Raw storage, grown by doubling,
/// so that the hot loop touches no array bookkeeping.
final class FlatState {
    // Block layout: [respondents, straightliners, speeders, invalid], counters, then per
    // dimension of k items: [rows with an answer, complete rows, Σxⱼ (k), Σxⱼxₗ for j ≤ l,
    // then for a = 1…k answers given: rows, Σ sum, Σ sum²].
    static let countsBase = 4
    let dimensionBase: Int
    let dimensionStarts: [Int]
    let blockSize: Int
    /// Values per segment column plus one (for "no value").
    let valueCounts: [Int]
    let jointCount: Int
    let joint: Bool
    /// Block per key (joint cell or real cell), or -1.
    private let blockOf: UnsafeMutablePointer<Int>
    private let keyCount: Int
    /// Keys of the blocks, in the order they were made.
    private(set) var keys: [Int] = []
    private(set) var storage: UnsafeMutablePointer<Int>
    private(set) var index: UnsafeMutablePointer<MomentAccumulator>
    private var capacity = 0

    init(items: ItemLayout, cells: CellLayout, groupCount: Int, segmentValueCounts: [Int]) {
        dimensionBase = Self.countsBase + items.countsPerCell
        var starts: [Int] = []
        var length = 0
        for members in items.dimensionItems {
            starts.append(length)
            let k = members.count
            length += 2 + k + k * (k + 1) / 2 + 3 * k
        }
        dimensionStarts = starts
        blockSize = dimensionBase + length
        // Integer sums are kept per wave × group × combination of segment values (one per
        // row) and summed into the real cells at the end: exact, and a third of the work with
        // two segment columns. Too many combinations: one block per real cell.
        valueCounts = segmentValueCounts.map { $0 + 1 }
        jointCount = valueCounts.reduce(1) { $0 > 4096 ? $0 : $0 * $1 }
        joint = jointCount <= 4096
        keyCount = joint ? cells.waveCount * groupCount * jointCount : cells.count
        blockOf = .allocate(capacity: max(1, keyCount))
        blockOf.initialize(repeating: -1, count: max(1, keyCount))
        storage = .allocate(capacity: 0)
        index = .allocate(capacity: 0)
    }

    deinit {
        blockOf.deallocate()
        storage.deallocate()
        index.deinitialize(count: keys.count)
        index.deallocate()
    }

    /// The block of a key, made (zeroed) on first use.
    @inline(__always)
    func block(for key: Int) -> Int {
        let b = blockOf[key]
        if b >= 0 { return b }
        return makeBlock(for: key)
    }

    private func makeBlock(for key: Int) -> Int {
        let b = keys.count
        if b == capacity {
            let grown = max(4, capacity * 2)
            let newStorage = UnsafeMutablePointer<Int>.allocate(capacity: grown * blockSize)
            newStorage.moveInitialize(from: storage, count: capacity * blockSize)
            storage.deallocate()
            storage = newStorage
            let newIndex = UnsafeMutablePointer<MomentAccumulator>.allocate(capacity: grown)
            newIndex.moveInitialize(from: index, count: b)
            index.deallocate()
            index = newIndex
            capacity = grown
        }
        (storage + b * blockSize).initialize(repeating: 0, count: blockSize)
        (index + b).initialize(to: MomentAccumulator())
        keys.append(key)
        blockOf[key] = b
        return b
    }

    /// The existing block of a key, or nil.
    func existingBlock(_ key: Int) -> Int? {
        let b = blockOf[key]
        return b >= 0 ? b : nil
    }

    /// The moments of dimension scores `sum / a` from their integer sums grouped by the number
    /// of answers `a` (`sums[3(a−1)…]`: rows, Σ sum, Σ sum²): each group's mean and Σ(x − mean)²
    /// exactly from integers (one rounding each), the groups merged in order of `a`.
    static func scoreMoments(_ sums: UnsafePointer<Int>, answered maximum: Int) -> MomentAccumulator {
        var moments = MomentAccumulator()
        for a in 1...max(1, maximum) {
            let n = sums[3 * (a - 1)]
            guard n > 0 else { continue }
            let s = sums[3 * (a - 1) + 1]
            let q = sums[3 * (a - 1) + 2]
            // Σ(x − x̄)² over x = sum/a is (n·Σsum² − (Σsum)²) / (n·a²), the numerator exact.
            let group = MomentAccumulator(
                count: n, mean: Double(s) / Double(n * a),
                sumOfSquaredDeviations: WideInteger.differenceOfProducts(n, q, s, s) / (Double(n) * Double(a * a)))
            moments.merge(group)
        }
        return moments
    }

    /// The cells' accumulators: each cell's blocks summed (in the order of their keys).
    func finish(items: ItemLayout, cells: CellLayout, groupCount: Int, segmentColumnCount: Int) -> [CellAccumulator?] {
        let dimensions = items.dimensionItems.count
        var sums: [Int] = []
        var sumOf = [Int](repeating: -1, count: cells.count)
        var indexOf = [MomentAccumulator](repeating: MomentAccumulator(), count: cells.count)
        func addBlock(_ b: Int, to c: Int) {
            if sumOf[c] < 0 {
                sumOf[c] = sums.count
                sums.append(contentsOf: repeatElement(0, count: blockSize))
            }
            let target = sumOf[c]
            let source = storage + b * blockSize
            for i in 0..<blockSize { sums[target + i] &+= source[i] }
            indexOf[c].merge(index[b])
        }
        if joint {
            for wg in 0..<(cells.waveCount * groupCount) {
                let (w, g) = (wg / groupCount, wg % groupCount)
                for combination in 0..<jointCount {
                    guard let b = existingBlock(wg * jointCount + combination) else { continue }
                    addBlock(b, to: cells.cell(wave: w, group: g))
                    var rest = combination
                    for si in (0..<segmentColumnCount).reversed() {
                        let v = rest % valueCounts[si] - 1
                        rest /= valueCounts[si]
                        if v >= 0 { addBlock(b, to: cells.cell(wave: w, group: g, segment: si, value: v)) }
                    }
                }
            }
        } else {
            for c in 0..<cells.count { if let b = existingBlock(c) { addBlock(b, to: c) } }
        }

        var accumulators = [CellAccumulator?](repeating: nil, count: cells.count)
        for c in 0..<cells.count where sumOf[c] >= 0 {
            let base = sumOf[c]
            var acc = CellAccumulator(layout: items, weighted: false)
            acc.respondents = sums[base]
            acc.straightliners = sums[base + 1]
            acc.speeders = sums[base + 2]
            acc.invalidAnswers = sums[base + 3]
            for i in 0..<items.countsPerCell { acc.counts[i] = sums[base + Self.countsBase + i] }
            sums.withUnsafeBufferPointer { all in
                for d in 0..<dimensions {
                    let k = items.dimensionItems[d].count
                    var cov = acc.covariance[d]
                    var o = base + dimensionBase + dimensionStarts[d]
                    cov.storage[0] = all[o]
                    cov.storage[1] = all[o + 1]
                    o += 2
                    for j in 0..<k { cov.storage[cov.listwiseSumOffset + j] = all[o + j] }
                    o += k
                    for j in 0..<k {
                        for l in j..<k {
                            cov.storage[cov.listwiseCrossOffset + j * k + l] = all[o]
                            o += 1
                        }
                    }
                    acc.covariance[d] = cov
                    acc.dimensionScores[d] = Self.scoreMoments(all.baseAddress! + o, answered: k)
                }
            }
            acc.index = indexOf[c]
            accumulators[c] = acc
        }
        return accumulators
    }
}
