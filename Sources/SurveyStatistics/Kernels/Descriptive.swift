/// Item-level descriptive statistics computed exactly from frequency counts.
///
/// An item's answers are held as a frequency table over its scale, `counts[i]` being the number
/// of valid answers with code `lower + i`. Missing answers (declared missing codes, no answer,
/// `invalid`) never enter the table, so they are excluded from numerators and denominators
/// (SPEC §5.1). Reverse items are recoded before counting. Unweighted; for weighted means see
/// ``Weighted``.
public enum Descriptive {
    /// Summarises a frequency table: n, mean, sample SD (n − 1) and median.
    ///
    /// With S₁ = Σ cᵢvᵢ and S₂ = Σ cᵢvᵢ² (exact integers, vᵢ = lower + i):
    /// - `mean` = S₁ / n,
    /// - `sd` = √((n·S₂ − S₁²) / (n(n − 1))), the numerator in exact 128-bit arithmetic,
    /// - `median` = the middle value, or the mean of the two middle values when n is even.
    ///
    /// ```swift
    /// // x = [5,4,4,3,5,2,4,5,3,4] on 1…5 (research/methods.md §9.1)
    /// Descriptive.summarize(counts: [0, 1, 2, 4, 3], lower: 1)
    /// // n 10, mean 3.9, sd 0.9944289260117534, median 4
    /// ```
    ///
    /// - Parameters:
    ///   - counts: Non-negative answer counts; `counts[i]` is the count of code `lower + i`.
    ///     Zeros are allowed anywhere.
    ///   - lower: The code of `counts[0]` (the scale's lower bound L; may be negative).
    /// - Returns: The summary. **Edge cases:** n = 0 → mean, sd and median `nil`; n = 1 → sd
    ///   `nil`; a constant distribution → sd 0. Negative counts are a programming error
    ///   (checked in debug builds) and are treated as 0.
    /// - Complexity: O(counts.count).
    public static func summarize(counts: [Int], lower: Int) -> HistogramSummary {
        var n = 0, sum = 0, sumOfSquares = 0
        for (offset, count) in counts.enumerated() where count > 0 {
            let value = lower + offset
            n += count
            sum += count * value
            sumOfSquares += count * value * value
        }
        assert(counts.allSatisfy { $0 >= 0 }, "negative count in frequency table")
        guard n > 0 else { return HistogramSummary(n: 0, mean: nil, sd: nil, median: nil) }
        let mean = Double(sum) / Double(n)
        var sd: Double?
        if n > 1 {
            let numerator = WideInteger.differenceOfProducts(n, sumOfSquares, sum, sum)
            sd = (max(0, numerator) / (Double(n) * Double(n - 1))).squareRoot()
        }
        let median: Double
        if n % 2 == 1 {
            median = Double(lower + offset(ofRank: n / 2, in: counts))
        } else {
            let below = lower + offset(ofRank: n / 2 - 1, in: counts)
            let above = lower + offset(ofRank: n / 2, in: counts)
            median = Double(below + above) / 2
        }
        return HistogramSummary(n: n, mean: mean, sd: sd, median: median)
    }

    /// The t confidence interval of a mean: mean ± t(n − 1)·sd/√n.
    ///
    /// SPEC §5.1 and research/methods.md §3.1; this is scipy
    /// `stats.t.interval(c, n-1, loc=mean, scale=sd/sqrt(n))`. For the 0–100 index, transform
    /// both bounds with (b − L)/(U − L)·100.
    ///
    /// - Parameters:
    ///   - mean: The sample mean.
    ///   - sd: The sample standard deviation (n − 1 denominator).
    ///   - n: The number of observations.
    ///   - confidence: The confidence level, e.g. 0.95.
    /// - Returns: `[low, high]`, or `nil` when n < 2. A zero `sd` gives `[mean, mean]`.
    public static func tInterval(mean: Double, sd: Double, n: Int, confidence: Double) -> [Double]? {
        guard n >= 2 else { return nil }
        let half =
            Distributions.criticalValue(confidence: confidence, df: Double(n - 1)) * sd
            / Double(n).squareRoot()
        return [mean - half, mean + half]
    }

    /// The offset (index into `counts`) of the answer with 0-based rank `rank` in sorted order.
    private static func offset(ofRank rank: Int, in counts: [Int]) -> Int {
        var seen = 0
        for (offset, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen > rank { return offset }
        }
        return counts.count - 1
    }
}
