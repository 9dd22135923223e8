/// A Net Promoter Score with its counts, confidence interval and standard error.
///
/// Produced by ``NetPromoter/score(promoters:passives:detractors:confidence:)``.
public struct NPSResult: Hashable, Sendable, Codable {
    /// NPS = 100·(P − D)/n, in [−100, 100].
    public var score: Double
    /// The adjusted-Wald interval `[low, high]` (SPEC §5.1), clamped to [−100, 100].
    public var ci: [Double]
    /// Respondents answering 9 or 10 (P).
    public var promoters: Int
    /// Respondents answering 7 or 8.
    public var passives: Int
    /// Respondents answering 0 to 6 (D).
    public var detractors: Int
    /// The plain trinomial standard error 100·√((p + d − (p − d)²)/n), in NPS points.
    public var standardError: Double
    /// The adjusted-Wald standard error of SPEC §5.1, 100·√((p′ + d′ − (p′ − d′)²)/n′) with
    /// n′ = n + 3, p′ = (P + 0.75)/n′, d′ = (D + 0.75)/n′, in NPS points: the SE of the interval
    /// and of every NPS comparison (``Comparison/npsDifference(score1:se1:score2:se2:)``, SPEC
    /// §5.5). Unlike the plain SE it is never 0, so two waves where everyone promoted still
    /// compare.
    public var adjustedStandardError: Double

    /// Creates a result from its parts.
    ///
    /// - Parameters:
    ///   - score: The NPS.
    ///   - ci: `[low, high]`.
    ///   - promoters: Promoter count.
    ///   - passives: Passive count.
    ///   - detractors: Detractor count.
    ///   - standardError: Unadjusted SE in points.
    ///   - adjustedStandardError: The adjusted-Wald SE in points.
    public init(score: Double, ci: [Double], promoters: Int, passives: Int, detractors: Int, standardError: Double, adjustedStandardError: Double) {
        self.score = score
        self.ci = ci
        self.promoters = promoters
        self.passives = passives
        self.detractors = detractors
        self.standardError = standardError
        self.adjustedStandardError = adjustedStandardError
    }

    /// Number of valid answers n = promoters + passives + detractors.
    public var n: Int { promoters + passives + detractors }
}
