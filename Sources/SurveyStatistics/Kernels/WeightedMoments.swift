/// Mergeable weighted sums of a variable, for the weighted mean, its linearized standard error
/// and Kish's effective sample size (SPEC §5.4; research/methods.md §5.4–5.5).
///
/// - Mean: x̄ = Σwx / Σw.
/// - Variance of the mean (Taylor linearization, one stratum, with replacement):
///   v = n/(n−1) · Σw²(x − x̄)² / (Σw)², with n the number of respondents; SE = √v.
/// - Weighted SD (reported alongside): √( n/(n−1) · Σw(x − x̄)² / Σw ).
/// - Kish: n_eff = (Σw)² / Σw².
///
/// Missing values are never added. With every weight 1, mean and SE equal the unweighted mean
/// and s/√n. Sums are plain Double sums in a fixed order, so results are deterministic.
public struct WeightedMoments: Hashable, Sendable {
    /// Respondents added.
    public private(set) var n = 0
    private var sw = 0.0, sw2 = 0.0, swx = 0.0, swxx = 0.0, sw2x = 0.0, sw2xx = 0.0

    /// Creates empty sums.
    public init() {}

    /// Adds a value with its weight.
    public mutating func add(_ x: Double, weight w: Double) {
        n += 1
        sw += w
        sw2 += w * w
        swx += w * x
        swxx += w * x * x
        sw2x += w * w * x
        sw2xx += w * w * x * x
    }

    /// Adds a value `count` times with the same summed weights (for histograms): `w` is the
    /// sum of the weights and `w2` the sum of their squares.
    public mutating func add(_ x: Double, count: Int, weightSum w: Double, weightSquares w2: Double) {
        n += count
        sw += w
        sw2 += w2
        swx += w * x
        swxx += w * x * x
        sw2x += w2 * x
        sw2xx += w2 * x * x
    }

    /// Adds another accumulator.
    public mutating func merge(_ other: WeightedMoments) {
        n += other.n
        sw += other.sw
        sw2 += other.sw2
        swx += other.swx
        swxx += other.swxx
        sw2x += other.sw2x
        sw2xx += other.sw2xx
    }

    /// Σw.
    public var weightSum: Double { sw }

    /// The weighted mean; nil when there is no weight.
    public var mean: Double? { sw > 0 ? swx / sw : nil }

    /// Linearized SE of the weighted mean; nil when n < 2.
    public var standardError: Double? {
        guard n >= 2, sw > 0, let m = mean else { return nil }
        let squares = max(0, sw2xx - 2 * m * sw2x + m * m * sw2)
        return (Double(n) / Double(n - 1) * squares / (sw * sw)).squareRoot()
    }

    /// Weighted SD with the n/(n−1) correction; nil when n < 2.
    public var sd: Double? {
        guard n >= 2, sw > 0, let m = mean else { return nil }
        let squares = max(0, swxx - 2 * m * swx + m * m * sw)
        return (Double(n) / Double(n - 1) * squares / sw).squareRoot()
    }

    /// Kish's effective sample size; nil when there is no weight.
    public var effectiveN: Double? { sw2 > 0 ? sw * sw / sw2 : nil }
}
