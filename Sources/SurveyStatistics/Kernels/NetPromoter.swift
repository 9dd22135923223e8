/// Net Promoter Score with the adjusted-Wald interval.
public enum NetPromoter {
    /// Computes the NPS of a 0–10 "would you recommend" item from its category counts.
    ///
    /// ```
    /// score = 100·(P − D)/n                                    n = P + passives + D
    /// SE    = 100·√((p + d − (p − d)²)/n)                       p = P/n, d = D/n (trinomial)
    /// ci    : n' = n + 3, p' = (P + 0.75)/n', d' = (D + 0.75)/n'
    ///         centre 100(p' − d') ± z·100·√((p' + d' − (p' − d')²)/n')
    /// ```
    /// (SPEC §5.1; research/methods.md §2.4 after Rocks 2016). For P = 7, passives 4, D = 4 the
    /// interval is [−21.052857802539055, 54.386191135872394] around the adjusted centre 16.67.
    ///
    /// **Missing values** are excluded by the caller (they are in none of the three counts).
    /// Unweighted.
    /// **Edge cases:** the adjusted-Wald bounds can pass ±100 for small, one-sided samples
    /// (5 promoters out of 5 gives 107.5); they are clamped to [−100, 100]. The SE is 0 when
    /// every answer falls in one category.
    ///
    /// - Parameters:
    ///   - promoters: Answers 9–10.
    ///   - passives: Answers 7–8.
    ///   - detractors: Answers 0–6.
    ///   - confidence: The confidence level, e.g. 0.95.
    /// - Returns: The result, or `nil` when n = 0, a count is negative, or confidence is outside
    ///   (0, 1).
    public static func score(promoters: Int, passives: Int, detractors: Int, confidence: Double) -> NPSResult? {
        guard promoters >= 0, passives >= 0, detractors >= 0, confidence > 0, confidence < 1 else { return nil }
        let n = promoters + passives + detractors
        guard n > 0 else { return nil }
        let z = Distributions.criticalValue(confidence: confidence)
        let size = Double(n)
        let p = Double(promoters) / size, d = Double(detractors) / size
        let score = Double(100 * (promoters - detractors)) / size
        let standardError = 100 * (max(0, p + d - (p - d) * (p - d)) / size).squareRoot()
        let adjustedSize = size + 3
        let pa = (Double(promoters) + 0.75) / adjustedSize
        let da = (Double(detractors) + 0.75) / adjustedSize
        let centre = 100 * (pa - da)
        let adjustedSE = 100 * ((pa + da - (pa - da) * (pa - da)) / adjustedSize).squareRoot()
        let ci = [max(-100, centre - z * adjustedSE), min(100, centre + z * adjustedSE)]
        return NPSResult(
            score: score, ci: ci, promoters: promoters, passives: passives, detractors: detractors,
            standardError: standardError, adjustedStandardError: adjustedSE)
    }
}
