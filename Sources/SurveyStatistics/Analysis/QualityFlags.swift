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
    public init(table: ResponseTable, instrument: Instrument) {
        let rows = table.rowCount
        straightliner = Array(repeating: false, count: rows)
        speeder = Array(repeating: false, count: rows)
        let k = table.itemCount
        var dimensionItems = Array(repeating: [Int](), count: instrument.dimensions.count)
        for (i, item) in instrument.items.enumerated() {
            if let d = item.dimension, let di = instrument.dimensionIndex(d) { dimensionItems[di].append(i) }
        }
        let candidates = dimensionItems.filter { $0.count >= Self.straightLineMinimumItems }
        table.codes.withUnsafeBufferPointer { codes in
            for row in 0..<rows {
                let base = row * k
                dims: for members in candidates {
                    var first: Int16? = nil
                    var answered = 0
                    for i in members {
                        let c = codes[base + i]
                        guard AnswerCode.isAnswer(c) else { continue }
                        if let f = first, f != c { continue dims }
                        first = c
                        answered += 1
                    }
                    if answered >= Self.straightLineMinimumItems {
                        straightliner[row] = true
                        break
                    }
                }
            }
        }
        guard table.hasDurations else { return }
        var byCell: [Int: [Double]] = [:]
        for row in 0..<rows where !table.durations[row].isNaN {
            byCell[Int(table.waves[row]) << 16 | Int(table.groups[row]), default: []].append(table.durations[row])
        }
        var medians: [Int: Double] = [:]
        for (key, values) in byCell {
            let sorted = values.sorted()
            let m = sorted.count
            medians[key] = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2
        }
        for row in 0..<rows where !table.durations[row].isNaN {
            if let median = medians[Int(table.waves[row]) << 16 | Int(table.groups[row])] {
                speeder[row] = table.durations[row] < Self.speederShare * median
            }
        }
    }
}
