/// Mergeable running count, mean and variance of Doubles (Welford's update, Chan's merge).
///
/// Used for respondent-level scores (dimension scores, satisfaction indices), which are not
/// integers. Accumulators of disjoint row sets can be merged in any order, so batches can be
/// processed in parallel; the merged result equals a single pass up to rounding (~1e−15).
/// Unweighted (see ``Weighted`` for weighted means); the variance uses n − 1.
///
/// ```swift
/// var scores = MomentAccumulator()
/// for s in [3.5, 4.0, 2.75] { scores.add(s) }
/// scores.mean  // 3.4166…
/// ```
public struct MomentAccumulator: Hashable, Sendable {
    private var count = 0
    private var runningMean = 0.0
    /// Σ (x − mean)², kept centred so the variance does not cancel.
    private var sumOfSquaredDeviations = 0.0

    /// An empty accumulator.
    public init() {}

    /// An accumulator over `count` values with the given mean and Σ(x − mean)² (for moments
    /// found another way, such as from exact integer sums).
    public init(count: Int, mean: Double, sumOfSquaredDeviations: Double) {
        self.count = count
        runningMean = count > 0 ? mean : 0
        self.sumOfSquaredDeviations = count > 0 ? sumOfSquaredDeviations : 0
    }

    /// Adds one value (Welford 1962).
    ///
    /// - Parameter x: The value. `NaN` is treated as missing and ignored; callers pass only
    ///   respondents that have a score.
    /// - Complexity: O(1).
    public mutating func add(_ x: Double) {
        guard !x.isNaN else { return }
        count += 1
        let delta = x - runningMean
        runningMean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - runningMean)
    }

    /// Adds the values of another accumulator (Chan, Golub & LeVeque 1979).
    ///
    /// - Parameter other: An accumulator over a disjoint set of values.
    /// - Complexity: O(1).
    public mutating func merge(_ other: MomentAccumulator) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let n1 = Double(count), n2 = Double(other.count)
        let total = n1 + n2
        let delta = other.runningMean - runningMean
        runningMean += delta * (n2 / total)
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * (n1 * n2 / total)
        count += other.count
    }

    /// The number of values added.
    public var n: Int { count }

    /// The arithmetic mean; `nil` when n = 0.
    public var mean: Double? { count > 0 ? runningMean : nil }

    /// The sample variance Σ(x − mean)²/(n − 1); `nil` when n < 2.
    public var variance: Double? { count > 1 ? max(0, sumOfSquaredDeviations) / Double(count - 1) : nil }

    /// The sample standard deviation (n − 1 denominator); `nil` when n < 2, 0 for constant data.
    public var sd: Double? { variance.map { $0.squareRoot() } }
}
