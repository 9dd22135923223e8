/// Least-squares trend lines and relative importance of correlated drivers.
public enum Regression {
    /// Simple linear regression of y on x, as scipy `stats.linregress`.
    ///
    /// ```
    /// Sxx = Σ(x − x̄)²/n,  Syy = Σ(y − ȳ)²/n,  Sxy = Σ(x − x̄)(y − ȳ)/n
    /// slope = Sxy/Sxx,  intercept = ȳ − slope·x̄,  r = Sxy/√(Sxx·Syy)
    /// t = r·√((n − 2)/((1 − r)(1 + r))),  p = 2·P(T_{n−2} ≤ −|t|)
    /// SE = √((1 − r²)·Syy/Sxx/(n − 2)),  CI = slope ± t_{(1+c)/2, n−2}·SE
    /// ```
    /// (research/methods.md §4.4; §9.8: y = [68.2, 70.1, 69.5, 72.3, 73.0, 74.1] on 1…6 gives
    /// slope 1.1714285714285706, SE 0.16672107955308718, p 0.002161556176510161).
    ///
    /// **Missing values:** none allowed; pass only waves with a value. Unweighted.
    /// **Edge cases:** a perfect fit gives SE 0, a zero-width CI and p ≈ 0 (scipy's 1e−20 guard
    /// is reproduced). Constant y gives slope 0, SE 0, CI [0, 0] and p = 1, where scipy returns
    /// NaN for r and p.
    ///
    /// - Parameters:
    ///   - x: Predictor values (e.g. wave positions 1, 2, …).
    ///   - y: Outcome values, same count.
    ///   - confidence: The confidence level of the slope interval, e.g. 0.95.
    /// - Returns: The fit, or `nil` when the counts differ, n < 3, all x are equal, a value is
    ///   not finite or confidence is outside (0, 1).
    /// - Complexity: O(n).
    public static func linregress(x: [Double], y: [Double], confidence: Double) -> LinearFit? {
        let n = x.count
        guard n == y.count, n >= 3, confidence > 0, confidence < 1,
            x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite)
        else { return nil }
        let size = Double(n)
        let xMean = x.reduce(0, +) / size
        let yMean = y.reduce(0, +) / size
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in 0..<n {
            let dx = x[i] - xMean, dy = y[i] - yMean
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        sxx /= size
        syy /= size
        sxy /= size
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = yMean - slope * xMean
        let df = size - 2
        guard syy > 0 else {
            return LinearFit(slope: slope, intercept: intercept, slopeCI: [slope, slope], p: 1, standardError: 0)
        }
        let r = min(1, max(-1, sxy / (sxx * syy).squareRoot()))
        let tiny = 1e-20
        let t = r * (df / ((1 - r + tiny) * (1 + r + tiny))).squareRoot()
        let p = min(1, 2 * Distributions.studentTCDF(-abs(t), df: df))
        let standardError = (max(0, 1 - r * r) * syy / sxx / df).squareRoot()
        let half = Distributions.criticalValue(confidence: confidence, df: df) * standardError
        return LinearFit(
            slope: slope, intercept: intercept, slopeCI: [slope - half, slope + half], p: p,
            standardError: standardError)
    }

    /// Johnson's (2000) relative weights: each driver's share of R², from correlations alone.
    ///
    /// ```
    /// Rxx = V·diag(λ)·Vᵀ,  Λ = V·diag(√λ)·Vᵀ   (the symmetric square root of Rxx)
    /// β* = Λ⁻¹·r_xy,       RWⱼ = Σₖ Λⱼₖ²·β*ₖ²   (Σⱼ RWⱼ = R² = r_xyᵀ·Rxx⁻¹·r_xy)
    /// ```
    /// (research/methods.md §6; §9.13 gives [0.49807673, 0.32072837, 0.09556737]). The eigen
    /// decomposition is cyclic Jacobi, accurate to a few ulp for the small matrices of driver
    /// analysis.
    ///
    /// **Missing values:** the correlations are computed by the caller (pairwise-complete
    /// Pearson r, ``CovarianceAccumulator/pearson(_:_:)``), so a pairwise matrix may be
    /// indefinite; then the result is `nil`.
    ///
    /// - Parameters:
    ///   - correlations: The p×p predictor correlation matrix Rxx (symmetric, unit diagonal).
    ///   - outcomeCorrelations: r between each predictor and the outcome, p values.
    /// - Returns: p raw relative weights summing to R², or `nil` when p = 0, the shapes differ,
    ///   a value is not finite, or Rxx is not positive definite (smallest eigenvalue
    ///   ≤ 1e−12 × largest).
    /// - Complexity: O(p³).
    public static func relativeWeights(correlations: [[Double]], outcomeCorrelations: [Double]) -> [Double]? {
        let p = outcomeCorrelations.count
        guard p > 0, correlations.count == p, correlations.allSatisfy({ $0.count == p }),
            outcomeCorrelations.allSatisfy(\.isFinite), correlations.allSatisfy({ $0.allSatisfy(\.isFinite) })
        else { return nil }
        var matrix = Array(repeating: 0.0, count: p * p)
        for i in 0..<p {
            for j in 0..<p { matrix[i * p + j] = 0.5 * (correlations[i][j] + correlations[j][i]) }
        }
        let eigen = SymmetricEigen(matrix, size: p)
        guard let largest = eigen.values.max(), largest > 0,
            eigen.values.allSatisfy({ $0 > 1e-12 * largest })
        else { return nil }
        // Λ = V diag(√λ) Vᵀ and Λ⁻¹ = V diag(1/√λ) Vᵀ (eigenvector k is column k of V).
        var root = Array(repeating: 0.0, count: p * p)
        var inverseRoot = Array(repeating: 0.0, count: p * p)
        for i in 0..<p {
            for j in 0..<p {
                var sum = 0.0, inverseSum = 0.0
                for k in 0..<p {
                    let product = eigen.vectors[i * p + k] * eigen.vectors[j * p + k]
                    let rootValue = eigen.values[k].squareRoot()
                    sum += product * rootValue
                    inverseSum += product / rootValue
                }
                root[i * p + j] = sum
                inverseRoot[i * p + j] = inverseSum
            }
        }
        var beta = Array(repeating: 0.0, count: p)
        for i in 0..<p {
            for j in 0..<p { beta[i] += inverseRoot[i * p + j] * outcomeCorrelations[j] }
        }
        return (0..<p).map { j in
            (0..<p).reduce(0.0) { $0 + root[j * p + $1] * root[j * p + $1] * beta[$1] * beta[$1] }
        }
    }
}
