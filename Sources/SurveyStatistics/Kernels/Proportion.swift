/// Confidence intervals for a proportion.
public enum Proportion {
    /// The Wilson score interval for a proportion count/n.
    ///
    /// With p = count/n and z the two-sided normal critical value:
    /// ```
    /// centre = (p + z²/(2n)) / (1 + z²/n)
    /// half   = z·√(p(1−p)/n + z²/(4n²)) / (1 + z²/n)
    /// ```
    /// (research/methods.md §3.2; statsmodels `proportion_confint(method="wilson")`). Unlike
    /// Wald it stays inside [0, 1] and does not collapse at 0/n or n/n: 10/10 gives
    /// [0.7224672001371106, 1].
    ///
    /// **Weights:** for a weighted proportion pass the weighted share times Kish's effective n
    /// as `count` and the effective n (``Weighted/kishEffectiveN(_:)``) as `n`; both may be
    /// non-integers (SPEC §5.4). **Missing values:** excluded by the caller from both count and n.
    ///
    /// - Parameters:
    ///   - count: Favourable answers, 0 ≤ count ≤ n (clamped into that range).
    ///   - n: Valid answers, or an effective sample size.
    ///   - confidence: The confidence level, e.g. 0.95.
    /// - Returns: `[low, high]` within [0, 1]; exactly 0 as the lower bound when count = 0 and
    ///   exactly 1 as the upper bound when count = n (statsmodels clips the same way).
    ///   `nil` when n ≤ 0, when any argument is not finite or confidence is outside (0, 1).
    public static func wilson(count: Double, n: Double, confidence: Double) -> [Double]? {
        guard n > 0, n.isFinite, count.isFinite, confidence > 0, confidence < 1 else { return nil }
        let z = Distributions.criticalValue(confidence: confidence)
        let k = min(max(count, 0), n)
        let p = k / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        let low = k == 0 ? 0 : max(0, centre - half)
        let high = k == n ? 1 : min(1, centre + half)
        return [low, high]
    }
}
