/// Cronbach's alpha of one dimension, with its per-item diagnostics.
///
/// Produced by ``CovarianceAccumulator/alpha(pairwise:)``.
public struct AlphaResult: Hashable, Sendable, Codable {
    /// Cronbach's α = k/(k − 1)·(1 − trace(C)/sum(C)).
    ///
    /// Can be negative: a warning sign for an undeclared reverse item (SPEC §5.2).
    public var value: Double
    /// The rows used.
    ///
    /// Listwise: the rows with every item answered. Pairwise: the rows with at least one answer.
    public var n: Int
    /// The number of items.
    public var k: Int
    /// Per item j: α of the other k − 1 items from the same covariance matrix (same rows);
    /// `nil` when k − 1 < 2 or the remaining items have zero total variance.
    public var ifItemDeleted: [Double?]
    /// Per item j: r(xⱼ, total − xⱼ), the corrected item–total correlation.
    ///
    /// `nil` when item j or the rest-score has zero variance. Negative values suggest an
    /// undeclared reverse item.
    public var correctedItemTotal: [Double?]

    /// Creates a result from its parts.
    ///
    /// - Parameters:
    ///   - value: Alpha.
    ///   - n: Rows used (see ``n``).
    ///   - k: Item count.
    ///   - ifItemDeleted: k entries.
    ///   - correctedItemTotal: k entries.
    public init(value: Double, n: Int, k: Int, ifItemDeleted: [Double?], correctedItemTotal: [Double?]) {
        self.value = value
        self.n = n
        self.k = k
        self.ifItemDeleted = ifItemDeleted
        self.correctedItemTotal = correctedItemTotal
    }
}
