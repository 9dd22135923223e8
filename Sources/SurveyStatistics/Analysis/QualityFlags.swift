import SurveyModel

/// Respondent-level data-quality flags (SPEC §4).
public struct QualityFlags: Sendable {
    /// Which flags `--exclude` may drop.
    public enum Flag: String, Hashable, Sendable, CaseIterable {
        case straightliners, speeders
    }

    /// Per row: zero spread across a dimension of at least 5 items.
    public var straightliner: [Bool]
    /// Per row: duration below 0.3 × the median duration of its wave and group.
    public var speeder: [Bool]

    /// Speeders are faster than this share of the median duration of their wave and group.
    public static let speederShare = 0.3
    /// A straight-liner needs this many answered items in one dimension, all the same.
    public static let straightLineMinimumItems = 5

    /// Computes the flags.
    ///
    /// A straight-liner answered at least five items of one dimension (raw codes, before reverse
    /// recoding) and gave them all the same code. A speeder's duration is below 0.3 × the median
    /// of the known durations in its wave and group; rows without a duration are never speeders.
    ///
    /// `threads` share out the rows (straight-lining) and the wave × group medians; the flags do
    /// not depend on it. Medians are found by selection, not by sorting.
    /// `straightliners: false` leaves every straight-liner flag false (for a caller that finds
    /// them itself). `medians`, when given, are the wave × group medians to judge speeders by
    /// (for a table that is one slice of the inputs); else they are this table's.
    public init(table: ResponseTable, instrument: Instrument, threads: Int = 1, straightliners: Bool = true, medians given: SpeederMedians? = nil) {
        let rows = table.rowCount
        var straightliner = Array(repeating: false, count: rows)
        var speeder = Array(repeating: false, count: rows)
        let k = table.itemCount
        var dimensionItems = Array(repeating: [Int](), count: instrument.dimensions.count)
        for (i, item) in instrument.items.enumerated() {
            if let d = item.dimension, let di = instrument.dimensionIndex(d) { dimensionItems[di].append(i) }
        }
        let candidates = dimensionItems.filter { $0.count >= Self.straightLineMinimumItems }
        let workers = max(1, min(Parallel.threads(threads), rows / 50_000 + 1))
        if straightliners && !candidates.isEmpty {
            table.codes.withUnsafeBufferPointer { codes in
                straightliner.withUnsafeMutableBufferPointer { out in
                    let codes = SendableBuffer(codes)
                    let out = SendableMutableBuffer(out)
                    let members = candidates.flatMap { $0 }
                    let ends = candidates.reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1.count) }
                    Parallel.forEachPart(workers, of: rows) { _, range in
                        for row in range {
                            let base = row * k
                            var start = 0
                            for end in ends {
                                // All answered codes of the dimension equal, and at least five.
                                var low = Int16.max
                                var high = Int16.min
                                var answered = 0
                                for m in start..<end {
                                    let c = codes.buffer[base + members[m]]
                                    if AnswerCode.isAnswer(c) {
                                        low = min(low, c)
                                        high = max(high, c)
                                        answered += 1
                                    }
                                }
                                start = end
                                if answered >= Self.straightLineMinimumItems && low == high {
                                    out.buffer[row] = true
                                    break
                                }
                            }
                        }
                    }
                }
            }
        }
        self.straightliner = straightliner
        guard table.hasDurations else {
            self.speeder = speeder
            return
        }
        if let given {
            let groups = instrument.groups.count
            let byCode = table.waveLabels.map { label in (0..<groups).map { given.median(wave: label, group: $0) } }
            for row in 0..<rows where !table.durations[row].isNaN {
                let median = byCode[Int(table.waves[row])][Int(table.groups[row])]
                speeder[row] = table.durations[row] < Self.speederShare * median
            }
            self.speeder = speeder
            return
        }
        // Known durations per wave × group (dense keys), then each block's median.
        let groupCount = max(1, (table.groups.max().map(Int.init) ?? 0) + 1)
        let blocks = max(1, table.waveLabels.count) * groupCount
        var sizes = [Int](repeating: 0, count: blocks + 1)
        for row in 0..<rows where !table.durations[row].isNaN {
            sizes[Int(table.waves[row]) * groupCount + Int(table.groups[row]) + 1] += 1
        }
        for b in 0..<blocks { sizes[b + 1] += sizes[b] }
        var values = [Double](repeating: 0, count: sizes[blocks])
        var next = Array(sizes.dropLast())
        for row in 0..<rows where !table.durations[row].isNaN {
            let b = Int(table.waves[row]) * groupCount + Int(table.groups[row])
            values[next[b]] = table.durations[row]
            next[b] += 1
        }
        var medians = [Double](repeating: .nan, count: blocks)
        let starts = sizes
        values.withUnsafeMutableBufferPointer { all in
            medians.withUnsafeMutableBufferPointer { out in
                let all = SendableMutableBuffer(all)
                let out = SendableMutableBuffer(out)
                let parts = min(workers, blocks)
                Parallel.forEachPart(parts, of: blocks) { _, range in
                    for b in range where starts[b + 1] > starts[b] {
                        out.buffer[b] = Self.median(UnsafeMutableBufferPointer(rebasing: all.buffer[starts[b]..<starts[b + 1]]))
                    }
                }
            }
        }
        for row in 0..<rows where !table.durations[row].isNaN {
            let median = medians[Int(table.waves[row]) * groupCount + Int(table.groups[row])]
            speeder[row] = table.durations[row] < Self.speederShare * median
        }
        self.speeder = speeder
    }

    /// The median of non-NaN values (mean of the middle two for an even count), found by
    /// selection; the buffer is reordered.
    static func median(_ v: UnsafeMutableBufferPointer<Double>) -> Double {
        let m = v.count
        let upper = select(v, m / 2)
        guard m % 2 == 0 else { return upper }
        // The largest value left of position m/2 is the lower middle one.
        var lower = -Double.infinity
        for i in 0..<(m / 2) where v[i] > lower { lower = v[i] }
        return (lower + upper) / 2
    }

    /// Reorders `v` so that `v[k]` is the value sorted order puts there, everything before it is
    /// ≤ and everything after ≥ (Hoare quickselect, median-of-three pivots; sorts the rest of a
    /// range that shrinks too slowly, so the worst case stays O(n log n)).
    static func select(_ v: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var lo = 0
        var hi = v.count - 1
        var budget = 2 * (Int.bitWidth - v.count.leadingZeroBitCount) + 8
        while hi > lo {
            budget -= 1
            if budget < 0 || hi - lo < 16 {
                var rest = UnsafeMutableBufferPointer(rebasing: v[lo...hi])
                rest.sort()
                return v[k]
            }
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo
            var j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return v[k]
            }
        }
        return v[k]
    }

}

/// Buffers handed to concurrent workers that read them, or write disjoint elements.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<T>
    init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
}

struct SendableMutableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
