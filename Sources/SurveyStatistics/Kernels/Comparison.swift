/// Two-wave comparisons (SPEC §5.5): Welch t, Hedges' g, two-proportion z, NPS z, and
/// Benjamini–Hochberg q-values over one report's family of p-values.
///
/// Every difference is group 2 minus group 1: pass the earlier wave as 1 and the later wave
/// as 2, so a positive statistic means "up". Inputs are per-wave summaries with missing answers
/// already excluded; the t test and g take unweighted means and SDs, the z tests accept weighted
/// (non-integer) counts.
public enum Comparison {
    /// Welch's unequal-variance t test from summary statistics.
    ///
    /// ```
    /// vᵢ = sdᵢ²/nᵢ,  t = (mean₂ − mean₁)/√(v₁ + v₂)
    /// df = (v₁ + v₂)² / (v₁²/(n₁ − 1) + v₂²/(n₂ − 1))       (Welch–Satterthwaite)
    /// p  = 2·P(T_df ≤ −|t|)
    /// ```
    /// (research/methods.md §4.1; scipy `ttest_ind(later, earlier, equal_var=False)`).
    ///
    /// - Parameters:
    ///   - mean1: Mean of group 1 (earlier wave).
    ///   - sd1: Its standard deviation (n − 1 denominator).
    ///   - n1: Its number of valid values.
    ///   - mean2: Mean of group 2 (later wave).
    ///   - sd2: Its standard deviation (n − 1 denominator).
    ///   - n2: Its number of valid values.
    /// - Returns: t, df and p; `nil` when n₁ < 2, n₂ < 2, or both SDs are 0 (scipy gives NaN).
    public static func welch(mean1: Double, sd1: Double, n1: Int, mean2: Double, sd2: Double, n2: Int) -> TestResult? {
        guard n1 >= 2, n2 >= 2 else { return nil }
        let v1 = sd1 * sd1 / Double(n1), v2 = sd2 * sd2 / Double(n2)
        let v = v1 + v2
        guard v > 0, v.isFinite else { return nil }
        let t = (mean2 - mean1) / v.squareRoot()
        let df = v * v / (v1 * v1 / Double(n1 - 1) + v2 * v2 / Double(n2 - 1))
        return TestResult(statistic: t, df: df, p: min(1, 2 * Distributions.studentTCDF(-abs(t), df: df)))
    }

    /// Hedges' g for two independent groups, with the approximate small-sample correction.
    ///
    /// ```
    /// s_pooled = √(((n₁ − 1)sd₁² + (n₂ − 1)sd₂²)/(n₁ + n₂ − 2))
    /// g = (mean₂ − mean₁)/s_pooled · (1 − 3/(4(n₁ + n₂) − 9))
    /// ```
    /// (SPEC §5.5; pingouin `compute_effsize(later, earlier, eftype="hedges")`).
    ///
    /// - Parameters:
    ///   - mean1: Mean of group 1 (earlier wave).
    ///   - sd1: Its standard deviation (n − 1 denominator).
    ///   - n1: Its number of valid values.
    ///   - mean2: Mean of group 2 (later wave).
    ///   - sd2: Its standard deviation (n − 1 denominator).
    ///   - n2: Its number of valid values.
    /// - Returns: g, or `nil` when n₁ < 1, n₂ < 1, n₁ + n₂ < 3 or the pooled SD is 0.
    public static func hedgesG(mean1: Double, sd1: Double, n1: Int, mean2: Double, sd2: Double, n2: Int) -> Double? {
        guard n1 >= 1, n2 >= 1, n1 + n2 >= 3 else { return nil }
        let pooledVariance = (Double(n1 - 1) * sd1 * sd1 + Double(n2 - 1) * sd2 * sd2) / Double(n1 + n2 - 2)
        guard pooledVariance > 0, pooledVariance.isFinite else { return nil }
        let d = (mean2 - mean1) / pooledVariance.squareRoot()
        return d * (1 - 3 / (4 * Double(n1 + n2) - 9))
    }

    /// The pooled two-proportion z test.
    ///
    /// ```
    /// p̂ = (count₁ + count₂)/(n₁ + n₂),  z = (count₂/n₂ − count₁/n₁)/√(p̂(1 − p̂)(1/n₁ + 1/n₂))
    /// p = 2·Φ(−|z|)
    /// ```
    /// (research/methods.md §4.2; statsmodels `proportions_ztest([c₂, c₁], [n₂, n₁])`; z² is
    /// Pearson's χ² without continuity correction). Counts and n may be weighted (non-integer).
    ///
    /// - Parameters:
    ///   - count1: Favourable count of group 1 (earlier wave).
    ///   - n1: Valid answers of group 1.
    ///   - count2: Favourable count of group 2 (later wave).
    ///   - n2: Valid answers of group 2.
    /// - Returns: z and p (df `nil`); `nil` when n₁ ≤ 0, n₂ ≤ 0, or p̂ is 0 or 1 (zero variance).
    public static func twoProportionZ(count1: Double, n1: Double, count2: Double, n2: Double) -> TestResult? {
        guard n1 > 0, n2 > 0, n1.isFinite, n2.isFinite else { return nil }
        let pooled = (count1 + count2) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0, variance.isFinite else { return nil }
        let z = (count2 / n2 - count1 / n1) / variance.squareRoot()
        return TestResult(statistic: z, df: nil, p: min(1, 2 * Distributions.normalCDF(-abs(z))))
    }

    /// A z test on the difference of two independent Net Promoter Scores.
    ///
    /// z = (score₂ − score₁)/√(se₁² + se₂²), p = 2·Φ(−|z|), with the adjusted-Wald SEs of SPEC
    /// §5.1 (``NPSResult/adjustedStandardError``), as SPEC §5.5 asks.
    ///
    /// - Parameters:
    ///   - score1: NPS of group 1 (earlier wave).
    ///   - se1: Its standard error in points.
    ///   - score2: NPS of group 2 (later wave).
    ///   - se2: Its standard error in points.
    /// - Returns: z and p (df `nil`); `nil` when both SEs are 0 or an input is not finite.
    public static func npsDifference(score1: Double, se1: Double, score2: Double, se2: Double) -> TestResult? {
        let variance = se1 * se1 + se2 * se2
        guard variance > 0, variance.isFinite, score1.isFinite, score2.isFinite else { return nil }
        let z = (score2 - score1) / variance.squareRoot()
        return TestResult(statistic: z, df: nil, p: min(1, 2 * Distributions.normalCDF(-abs(z))))
    }

    /// Benjamini–Hochberg adjusted p-values (q-values) for one family of tests.
    ///
    /// With the m p-values sorted ascending, q₍ᵢ₎ = minⱼ≥ᵢ min(1, m·p₍ⱼ₎/j), returned in input
    /// order (research/methods.md §4.5; statsmodels `multipletests(p, method="fdr_bh")`).
    /// Ties get equal q.
    ///
    /// - Parameter p: The family's p-values. `NaN` entries stay `NaN` and are not counted in m
    ///   (R `p.adjust` does the same).
    /// - Returns: q-values, same count and order as `p`.
    /// - Complexity: O(m log m).
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let order = p.indices.filter { !p[$0].isNaN }.sorted { (p[$0], $0) < (p[$1], $1) }
        var q = Array(repeating: Double.nan, count: p.count)
        let m = Double(order.count)
        var running = 1.0
        for rank in stride(from: order.count, through: 1, by: -1) {
            let index = order[rank - 1]
            running = min(running, m * p[index] / Double(rank))
            q[index] = running
        }
        return q
    }
}
