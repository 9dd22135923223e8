import SurveyModel

/// Running, integer-exact state of one cell: counters per item value and missing reason,
/// respondent-level moments per dimension and for the index, and α's cross-products.
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

    init(layout: ItemLayout) {
        counts = Array(repeating: 0, count: layout.countsPerCell)
        dimensionScores = Array(repeating: MomentAccumulator(), count: layout.dimensionItems.count)
        covariance = layout.dimensionItems.map { CovarianceAccumulator(k: $0.count) }
    }
}

/// One respondent's derived values, computed once and added to each of their cells.
struct RowScratch {
    var recoded: [Int16]
    var slots: [Int]              // counter slot per item, -1 when absent
    var dimensionValues: [[Int16]]
    var dimensionScore: [Double]  // nan when no score
    var index: Double             // nan when no score
    var invalid: Int
}
