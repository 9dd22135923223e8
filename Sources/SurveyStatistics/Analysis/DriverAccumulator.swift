import SurveyModel

/// Sums behind key-driver analysis (SPEC §5.6) for one whole-group cell: for each candidate
/// item, exact integer moments of (item, outcome) over respondents with both valid; for each
/// dimension, the same in Double over respondent scores; and listwise cross-products of the
/// scores of the dimensions asked of the group with the outcome, for Johnson's relative
/// weights. A respondent counts in the listwise sums when they have a score in every one of
/// those dimensions: dimensions the group is never asked would otherwise leave no one complete.
/// Mergeable; the merge of groups asked different dimensions (the `all` cell of a survey whose
/// groups answer different sections) has no listwise sums.
struct DriverAccumulator {
    /// Items that can drive the outcome: Likert items other than the outcome itself.
    let items: [Int]
    let dimensionCount: Int
    /// The dimensions of the listwise sums, in dimension order.
    let listwise: [Int]
    /// Set when groups with different listwise dimensions were merged.
    private(set) var listwiseMixed = false
    /// Per candidate item: n, Σx, Σy, Σx², Σy², Σxy.
    var itemSums: [Int]
    /// Per dimension: n, Σx, Σy, Σx², Σy², Σxy.
    var dimensionSums: [Double]
    /// Listwise over (dimension scores…, outcome): rows, Σ per variable, Σ cross-products.
    var listwiseRows = 0
    var listwiseSums: [Double]
    var listwiseCross: [Double]

    init(items: [Int], dimensionCount: Int, listwise: [Int]) {
        self.items = items
        self.dimensionCount = dimensionCount
        self.listwise = listwise
        itemSums = Array(repeating: 0, count: items.count * 6)
        dimensionSums = Array(repeating: 0, count: dimensionCount * 6)
        listwiseSums = Array(repeating: 0, count: listwise.count + 1)
        listwiseCross = Array(repeating: 0, count: (listwise.count + 1) * (listwise.count + 1))
    }

    /// Adds one respondent: recoded item codes by item index, dimension scores (nan = none),
    /// and the recoded outcome code.
    mutating func add(codes: (Int) -> Int16, dimensionScores: [Double], outcome: Int16) {
        guard AnswerCode.isAnswer(outcome) else { return }
        let y = Int(outcome)
        itemSums.withUnsafeMutableBufferPointer { s in
            for (j, i) in items.enumerated() {
                let c = codes(i)
                guard AnswerCode.isAnswer(c) else { continue }
                let x = Int(c)
                let base = j * 6
                s[base] += 1
                s[base + 1] += x
                s[base + 2] += y
                s[base + 3] += x * x
                s[base + 4] += y * y
                s[base + 5] += x * y
            }
        }
        let yd = Double(y)
        for d in 0..<dimensionCount {
            let x = dimensionScores[d]
            guard !x.isNaN else { continue }
            let base = d * 6
            dimensionSums[base] += 1
            dimensionSums[base + 1] += x
            dimensionSums[base + 2] += yd
            dimensionSums[base + 3] += x * x
            dimensionSums[base + 4] += yd * yd
            dimensionSums[base + 5] += x * yd
        }
        guard !listwise.isEmpty, listwise.allSatisfy({ !dimensionScores[$0].isNaN }) else { return }
        listwiseRows += 1
        let k = listwise.count
        let m = k + 1
        for p in 0..<m {
            let xp = p < k ? dimensionScores[listwise[p]] : yd
            listwiseSums[p] += xp
            for q in p..<m {
                let xq = q < k ? dimensionScores[listwise[q]] : yd
                listwiseCross[p * m + q] += xp * xq
            }
        }
    }

    mutating func merge(_ other: DriverAccumulator) {
        for i in itemSums.indices { itemSums[i] += other.itemSums[i] }
        for i in dimensionSums.indices { dimensionSums[i] += other.dimensionSums[i] }
        guard listwise == other.listwise, !other.listwiseMixed else {
            listwiseMixed = true
            return
        }
        listwiseRows += other.listwiseRows
        for i in listwiseSums.indices { listwiseSums[i] += other.listwiseSums[i] }
        for i in listwiseCross.indices { listwiseCross[i] += other.listwiseCross[i] }
    }

    /// Pearson r and n of candidate item `j` with the outcome; nil when n < 3 or a variance is 0.
    func itemCorrelation(_ j: Int) -> (r: Double, n: Int)? {
        let b = j * 6
        return Self.pearson(n: Double(itemSums[b]), sx: Double(itemSums[b + 1]), sy: Double(itemSums[b + 2]),
                            sxx: Double(itemSums[b + 3]), syy: Double(itemSums[b + 4]), sxy: Double(itemSums[b + 5]))
    }

    /// Pearson r and n of dimension `d`'s score with the outcome.
    func dimensionCorrelation(_ d: Int) -> (r: Double, n: Int)? {
        let b = d * 6
        return Self.pearson(n: dimensionSums[b], sx: dimensionSums[b + 1], sy: dimensionSums[b + 2],
                            sxx: dimensionSums[b + 3], syy: dimensionSums[b + 4], sxy: dimensionSums[b + 5])
    }

    /// Correlation matrix of the chosen dimensions and their correlations with the outcome,
    /// over listwise-complete respondents; nil when a chosen dimension is not in the listwise
    /// set, or the sums are mixed.
    func listwiseCorrelations(_ chosen: [Int]) -> (matrix: [[Double]], outcome: [Double], n: Int)? {
        let n = Double(listwiseRows)
        guard listwiseRows >= 3, !listwiseMixed else { return nil }
        var positions: [Int] = []
        for d in chosen {
            guard let p = listwise.firstIndex(of: d) else { return nil }
            positions.append(p)
        }
        let m = listwise.count + 1
        func cov(_ p: Int, _ q: Int) -> Double {
            let (a, b) = (min(p, q), max(p, q))
            return (listwiseCross[a * m + b] - listwiseSums[a] * listwiseSums[b] / n) / (n - 1)
        }
        let y = listwise.count
        let vy = cov(y, y)
        guard vy > 0 else { return nil }
        var matrix: [[Double]] = []
        var outcome: [Double] = []
        for p in positions {
            let vp = cov(p, p)
            guard vp > 0 else { return nil }
            matrix.append(positions.map { q in cov(p, q) / (vp * cov(q, q)).squareRoot() })
            outcome.append(cov(p, y) / (vp * vy).squareRoot())
        }
        return (matrix, outcome, listwiseRows)
    }

    static func pearson(n: Double, sx: Double, sy: Double, sxx: Double, syy: Double, sxy: Double) -> (r: Double, n: Int)? {
        guard n >= 3 else { return nil }
        let vx = sxx - sx * sx / n
        let vy = syy - sy * sy / n
        guard vx > 0, vy > 0 else { return nil }
        let r = (sxy - sx * sy / n) / (vx * vy).squareRoot()
        return (min(1, max(-1, r)), Int(n))
    }
}
