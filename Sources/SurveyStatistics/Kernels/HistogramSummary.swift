/// Count, mean, standard deviation and median of answers summarised from their frequency table.
///
/// Produced by ``Descriptive/summarize(counts:lower:)``. Every field is computed exactly from
/// integer counts (one rounding at the end), so the same distribution always gives the same bits
/// whatever order the answers arrived in.
public struct HistogramSummary: Hashable, Sendable, Codable {
    /// Number of valid answers, the sum of the counts; missing answers are never counted.
    public var n: Int
    /// Arithmetic mean Σ cᵢ·vᵢ / n; `nil` when `n == 0`.
    public var mean: Double?
    /// Sample standard deviation with denominator n − 1; `nil` when `n < 2`, 0 for a constant
    /// distribution.
    public var sd: Double?
    /// The middle value, or the mean of the two middle values when `n` is even; `nil` when
    /// `n == 0`.
    public var median: Double?

    /// Creates a summary from its parts.
    ///
    /// - Parameters:
    ///   - n: Number of valid answers.
    ///   - mean: Mean, `nil` when `n == 0`.
    ///   - sd: Standard deviation (n − 1), `nil` when `n < 2`.
    ///   - median: Median, `nil` when `n == 0`.
    public init(n: Int, mean: Double?, sd: Double?, median: Double?) {
        self.n = n
        self.mean = mean
        self.sd = sd
        self.median = median
    }
}
