/// Weighted estimates for survey data (SPEC §5.4): means, their linearized standard error,
/// Kish's effective sample size, and raking (in `Weighted+Raking.swift`).
///
/// Weights are design or post-stratification weights wᵢ ≥ 0, one per respondent. **Missing
/// values:** drop the respondent (value and weight) before calling; a respondent whose weight is
/// 0 contributes to n in the SE's n/(n − 1) factor but to nothing else. Sums are compensated
/// (Neumaier), so results do not depend on row order beyond the last bit.
public enum Weighted {
    /// The weighted mean x̄_w = Σwᵢxᵢ / Σwᵢ.
    ///
    /// research/methods.md §9.9: y = [4,5,3,4,2,5,3,4,4,5], w = [1,1,1,2,2,3,0.5,0.5,1.5,2.5]
    /// gives 4.066666666666666.
    ///
    /// - Parameters:
    ///   - x: Values.
    ///   - weights: One weight per value.
    /// - Returns: The mean, or `nil` when empty, the counts differ, or Σw ≤ 0.
    /// - Complexity: O(n).
    public static func mean(_ x: [Double], weights: [Double]) -> Double? {
        guard !x.isEmpty, x.count == weights.count else { return nil }
        var weighted = NeumaierSum(), total = NeumaierSum()
        for i in x.indices {
            weighted.add(weights[i] * x[i])
            total.add(weights[i])
        }
        guard total.value > 0 else { return nil }
        return weighted.value / total.value
    }

    /// The standard error of the weighted mean by Taylor linearization (one stratum, each
    /// respondent its own PSU, with replacement).
    ///
    /// ```
    /// v(x̄_w) = n/(n − 1) · Σ wᵢ²(xᵢ − x̄_w)² / (Σwᵢ)²,   SE = √v
    /// ```
    /// (research/methods.md §5.5; samplics `TaylorEstimator(PopParam.mean)`, R
    /// `svymean` with `svydesign(ids=~1, weights=~w)`). The SPEC's interval is
    /// x̄_w ± t(n − 1)·SE. §9.9 gives SE 0.40182027525708774. With all weights 1 this is
    /// sd/√n.
    ///
    /// - Parameters:
    ///   - x: Values.
    ///   - weights: One weight per value.
    /// - Returns: The SE, or `nil` when n < 2, the counts differ, or Σw ≤ 0.
    /// - Complexity: O(n).
    public static func linearizedSE(_ x: [Double], weights: [Double]) -> Double? {
        guard x.count >= 2, x.count == weights.count, let mean = mean(x, weights: weights) else { return nil }
        var squares = NeumaierSum(), total = NeumaierSum()
        for i in x.indices {
            let z = weights[i] * (x[i] - mean)
            squares.add(z * z)
            total.add(weights[i])
        }
        let n = Double(x.count)
        return (n / (n - 1) * squares.value / (total.value * total.value)).squareRoot()
    }

    /// Kish's effective sample size n_eff = (Σw)² / Σw².
    ///
    /// Use it as n in Wilson intervals of weighted proportions and report it as `nEff`
    /// (SPEC §5.4). The design effect of weighting is n / n_eff. §9.9 gives 7.758620689655173.
    ///
    /// - Parameter weights: The weights.
    /// - Returns: n_eff (equal to n when all weights are equal); 0 for an empty list or all-zero
    ///   weights.
    /// - Complexity: O(n).
    public static func kishEffectiveN(_ weights: [Double]) -> Double {
        var total = NeumaierSum(), squares = NeumaierSum()
        for w in weights {
            total.add(w)
            squares.add(w * w)
        }
        guard squares.value > 0 else { return 0 }
        return total.value * total.value / squares.value
    }
}
