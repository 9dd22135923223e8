import SurveyModel

/// Maps (wave, group, segment column, segment value) to a dense cell index, so the row loop
/// finds its cells by arithmetic instead of hashing.
///
/// Group index `groupCount` stands for `all`; it exists only when the instrument has more than
/// one group. Whole-group cells come first, then one block per segment column.
struct CellLayout {
    let waveCount: Int
    let groupSlots: Int          // groups + 1 when `all` exists
    let hasAll: Bool
    let segmentValueCounts: [Int]
    let segmentBases: [Int]
    let count: Int

    init(waveCount: Int, groupCount: Int, segmentValueCounts: [Int]) {
        self.waveCount = waveCount
        hasAll = groupCount > 1
        groupSlots = groupCount + (hasAll ? 1 : 0)
        self.segmentValueCounts = segmentValueCounts
        var bases: [Int] = []
        var next = waveCount * groupSlots
        for values in segmentValueCounts {
            bases.append(next)
            next += waveCount * groupSlots * values
        }
        segmentBases = bases
        count = next
    }

    /// The whole-group cell.
    @inline(__always)
    func cell(wave: Int, group: Int) -> Int { wave * groupSlots + group }

    /// A segment cell.
    @inline(__always)
    func cell(wave: Int, group: Int, segment: Int, value: Int) -> Int {
        segmentBases[segment] + (wave * groupSlots + group) * segmentValueCounts[segment] + value
    }

    /// Decodes an index back to its coordinates (segment nil for whole-group cells).
    func coordinates(_ index: Int) -> (wave: Int, group: Int, segment: (column: Int, value: Int)?) {
        if index < waveCount * groupSlots {
            return (index / groupSlots, index % groupSlots, nil)
        }
        var s = segmentBases.count - 1
        while segmentBases[s] > index { s -= 1 }
        let local = index - segmentBases[s]
        let values = segmentValueCounts[s]
        let wg = local / values
        return (wg / groupSlots, wg % groupSlots, (s, local % values))
    }
}
