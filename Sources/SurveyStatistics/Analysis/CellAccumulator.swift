import SurveyModel

/// Running, integer-exact state of one cell: counters per item value and missing reason,
/// respondent-level moments per dimension and for the index, and α's cross-products.
/// Mergeable, so group `all` is the merge of its groups' cells rather than a second pass.
struct CellAccumulator {
    var respondents = 0
    var counts: [Int]
    var dimensionScores: [MomentAccumulator]
    var covariance: [CovarianceAccumulator]
    var index = MomentAccumulator()
    var straightliners = 0
    var speeders = 0
    var duplicates = 0
    var invalidAnswers = 0
    /// Key-driver sums, kept for whole-group cells only.
    var drivers: DriverAccumulator?
    /// Weighted counterparts (empty when unweighted): Σw and Σw² per counter slot, weighted
    /// moments per dimension and of the index.
    var weightSums: [Double] = []
    var weightSquares: [Double] = []
    var weightedDimensions: [WeightedMoments] = []
    var weightedIndex = WeightedMoments()
    /// Σw and Σw² over the cell's respondents (Kish's n_eff of the cell).
    var respondentWeights = 0.0
    var respondentWeightSquares = 0.0

    init(layout: ItemLayout, weighted: Bool) {
        if weighted {
            weightSums = Array(repeating: 0, count: layout.countsPerCell)
            weightSquares = Array(repeating: 0, count: layout.countsPerCell)
            weightedDimensions = Array(repeating: WeightedMoments(), count: layout.dimensionItems.count)
        }
        counts = Array(repeating: 0, count: layout.countsPerCell)
        dimensionScores = Array(repeating: MomentAccumulator(), count: layout.dimensionItems.count)
        covariance = layout.dimensionItems.map { CovarianceAccumulator(k: $0.count) }
    }

    /// Adds another cell's state (same layout).
    mutating func merge(_ other: CellAccumulator) {
        respondents += other.respondents
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for i in 0..<mine.count { mine[i] += theirs[i] }
            }
        }
        for d in dimensionScores.indices {
            dimensionScores[d].merge(other.dimensionScores[d])
            covariance[d].merge(other.covariance[d])
        }
        index.merge(other.index)
        straightliners += other.straightliners
        speeders += other.speeders
        duplicates += other.duplicates
        invalidAnswers += other.invalidAnswers
        for i in weightSums.indices {
            weightSums[i] += other.weightSums[i]
            weightSquares[i] += other.weightSquares[i]
        }
        for d in weightedDimensions.indices { weightedDimensions[d].merge(other.weightedDimensions[d]) }
        weightedIndex.merge(other.weightedIndex)
        respondentWeights += other.respondentWeights
        respondentWeightSquares += other.respondentWeightSquares
        if let theirs = other.drivers {
            if drivers == nil { drivers = theirs } else { drivers!.merge(theirs) }
        }
    }
}

/// One respondent's derived values, computed once and added to each of their cells.
struct RowScratch {
    var recoded: [Int16]          // recoded code per item (absent when not asked)
    var slots: [Int]              // counter slot per item, -1 when absent
    var dimensionValues: [Int16]  // recoded answers, dimension by dimension (offsets in ItemLayout)
    var dimensionScore: [Double]  // nan when no score
    var index: Double             // nan when no score
    var invalid: Int
}
