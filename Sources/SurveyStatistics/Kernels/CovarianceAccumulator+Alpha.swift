extension CovarianceAccumulator {
    /// Cronbach's alpha, alpha-if-item-deleted and corrected item–total correlations.
    ///
    /// ```
    /// C  = k×k item covariance matrix (n − 1 denominators)
    /// α  = k/(k − 1)·(1 − trace(C)/sum(C))        = k/(k−1)·(1 − Σ var_j / var(total))
    /// α₋ⱼ = the same over C without row/column j
    /// r.dropⱼ = (Σₗ Cⱼₗ − Cⱼⱼ) / √(Cⱼⱼ·(sum(C) − 2Σₗ Cⱼₗ + Cⱼⱼ))   = r(xⱼ, total − xⱼ)
    /// ```
    /// (SPEC §5.2; research/methods.md §3.4; pingouin `cronbach_alpha`, psych `alpha`).
    ///
    /// **Missing values.** Listwise (`pairwise == false`): C from the rows with every item
    /// answered; `n` is that row count (pingouin `nan_policy="listwise"`, jamovi). Pairwise: each
    /// Cⱼₗ from the rows where j and l are both answered, the diagonal from all rows answering j
    /// (pingouin's default `nan_policy="pairwise"`, pandas `DataFrame.cov`, psych's default);
    /// `n` is the number of rows with at least one answer. A pairwise C need not be positive
    /// semi-definite. Alpha-if-deleted always reuses the same C (same rows), as SPSS and psych do.
    /// Unweighted.
    ///
    /// Worked example (research/methods.md §9.6, 6 × 4 complete matrix): α = 0.9223529411764706,
    /// α₋ⱼ = [0.8771, 0.8755, 0.9346, 0.9079], r.drop = [0.8839, 0.9168, 0.7125, 0.8067].
    ///
    /// - Parameter pairwise: `true` for pairwise-complete covariances, `false` for listwise.
    /// - Returns: The result, or `nil` when k < 2, when fewer than 3 rows are usable (listwise:
    ///   complete rows; pairwise: the smallest pairwise-complete count over all pairs), or when
    ///   sum(C) = 0 (every item constant; pingouin returns NaN).
    /// - Complexity: O(k²).
    public func alpha(pairwise: Bool) -> AlphaResult? {
        guard k >= 2 else { return nil }
        let n: Int
        if pairwise {
            var smallest = Int.max
            for j in 0..<k { for l in j..<k { smallest = min(smallest, pairCount(j, l)) } }
            guard smallest >= 3 else { return nil }
            n = respondents
        } else {
            guard completeRows >= 3 else { return nil }
            n = completeRows
        }
        let c = pairwise ? pairwiseCovariances() : listwiseCovariances()
        guard let value = Self.alpha(of: c, k: k, excluding: nil) else { return nil }
        var total = 0.0
        var rowSums = Array(repeating: 0.0, count: k)
        for j in 0..<k {
            for l in 0..<k { rowSums[j] += c[j * k + l] }
            total += rowSums[j]
        }
        var ifItemDeleted: [Double?] = []
        var correctedItemTotal: [Double?] = []
        for j in 0..<k {
            ifItemDeleted.append(k - 1 >= 2 ? Self.alpha(of: c, k: k, excluding: j) : nil)
            let variance = c[j * k + j]
            let covariance = rowSums[j] - variance
            let restVariance = total - 2 * rowSums[j] + variance
            if variance > 0, restVariance > 0 {
                let r = covariance / (variance * restVariance).squareRoot()
                correctedItemTotal.append(min(1, max(-1, r)))
            } else {
                correctedItemTotal.append(nil)
            }
        }
        return AlphaResult(
            value: value, n: n, k: k, ifItemDeleted: ifItemDeleted, correctedItemTotal: correctedItemTotal)
    }

    /// The listwise covariance matrix (row-major, k×k) over complete rows.
    func listwiseCovariances() -> [Double] {
        let n = completeRows
        let denominator = Double(n) * Double(n - 1)
        var c = Array(repeating: 0.0, count: k * k)
        for j in 0..<k {
            for l in j..<k {
                let numerator = WideInteger.centredCrossProduct(
                    n: n, sumXY: storage[listwiseCrossOffset + j * k + l],
                    sumX: storage[listwiseSumOffset + j], sumY: storage[listwiseSumOffset + l])
                c[j * k + l] = numerator / denominator
                c[l * k + j] = c[j * k + l]
            }
        }
        return c
    }

    /// The pairwise covariance matrix (row-major, k×k); every pair count must be ≥ 2.
    func pairwiseCovariances() -> [Double] {
        var c = Array(repeating: 0.0, count: k * k)
        for j in 0..<k {
            for l in j..<k {
                let n = pairCount(j, l)
                let numerator = WideInteger.centredCrossProduct(
                    n: n, sumXY: pairCross(j, l),
                    sumX: storage[pairSumOffset + j * k + l], sumY: storage[pairSumOffset + l * k + j])
                c[j * k + l] = numerator / (Double(n) * Double(n - 1))
                c[l * k + j] = c[j * k + l]
            }
        }
        return c
    }

    /// k'/(k' − 1)·(1 − trace/sum) over the items other than `excluding`; `nil` when sum = 0.
    static func alpha(of c: [Double], k: Int, excluding: Int?) -> Double? {
        var trace = 0.0, total = 0.0
        for j in 0..<k where j != excluding {
            trace += c[j * k + j]
            for l in 0..<k where l != excluding { total += c[j * k + l] }
        }
        let items = Double(excluding == nil ? k : k - 1)
        guard items >= 2, total != 0 else { return nil }
        return items / (items - 1) * (1 - trace / total)
    }
}
