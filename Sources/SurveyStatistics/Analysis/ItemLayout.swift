import SurveyModel

/// Precomputed, integer-only facts about the instrument's items and dimensions that the row
/// loop needs: where each item's counters live, how to recode it, which items form a dimension.
struct ItemLayout {
    struct ItemInfo {
        let lower: Int
        let upper: Int
        let reverse: Bool
        let countOffset: Int      // start of this item's counters in a cell's flat count array
        let valueCount: Int
        let missingReasonCount: Int
        let askedOf: [Bool]       // per group
        let dimension: Int?
        /// Where this item's recoded answer sits in a row's dimension-ordered value buffer.
        let dimensionPosition: Int?
    }

    let items: [ItemInfo]
    let countsPerCell: Int
    /// Item indices per dimension.
    let dimensionItems: [[Int]]
    /// Per dimension: scale lower, upper.
    let dimensionRange: [(lower: Int, upper: Int)]
    /// Per dimension and group: number of its items asked of that group.
    let askedPerDimension: [[Int]]
    let dimensionWeights: [Double]
    /// Dimension d's items occupy `dimensionOffsets[d]..<dimensionOffsets[d + 1]` of a row buffer.
    let dimensionOffsets: [Int]

    /// Counter slots after an item's value counts: no-answer, not-shown, invalid, then declared reasons.
    static let builtInMissingSlots = 3

    init(_ instrument: Instrument) {
        var infos: [ItemInfo] = []
        var offset = 0
        var members = Array(repeating: [Int](), count: instrument.dimensions.count)
        for (i, item) in instrument.items.enumerated() {
            if let d = item.dimension.flatMap({ instrument.dimensionIndex($0) }) { members[d].append(i) }
        }
        var offsets = [0]
        for m in members { offsets.append(offsets.last! + m.count) }
        var positions: [Int: Int] = [:]
        for (d, m) in members.enumerated() { for (j, i) in m.enumerated() { positions[i] = offsets[d] + j } }
        for (itemIndex, item) in instrument.items.enumerated() {
            let scale = instrument.scale(of: item)
            let reasons = scale.missingReasons.count
            infos.append(ItemInfo(
                lower: scale.lower, upper: scale.upper, reverse: item.reverse, countOffset: offset,
                valueCount: scale.valueCount, missingReasonCount: reasons,
                askedOf: instrument.groups.map { item.isAsked(of: $0.id) },
                dimension: item.dimension.flatMap { instrument.dimensionIndex($0) },
                dimensionPosition: positions[itemIndex]))
            offset += scale.valueCount + Self.builtInMissingSlots + reasons
        }
        items = infos
        countsPerCell = offset
        var dimItems = Array(repeating: [Int](), count: instrument.dimensions.count)
        for (i, info) in infos.enumerated() { if let d = info.dimension { dimItems[d].append(i) } }
        dimensionItems = dimItems
        dimensionRange = dimItems.map { members in
            guard let first = members.first else { return (0, 1) }
            return (infos[first].lower, infos[first].upper)
        }
        askedPerDimension = dimItems.map { members in
            (0..<instrument.groups.count).map { g in members.filter { infos[$0].askedOf[g] }.count }
        }
        dimensionWeights = instrument.dimensions.map(\.weight)
        dimensionOffsets = offsets
    }

    /// The counter slot for a stored (already recoded) code of item `i`.
    @inline(__always)
    func slot(item i: Int, code: Int16) -> Int {
        let info = items[i]
        if AnswerCode.isAnswer(code) { return info.countOffset + Int(code) - info.lower }
        let base = info.countOffset + info.valueCount
        switch code {
        case AnswerCode.noAnswer: return base
        case AnswerCode.notShown: return base + 1
        case AnswerCode.invalid: return base + 2
        default: return base + 3 + Int(code - AnswerCode.firstDeclaredMissing)
        }
    }
}
