/// An ordinary least-squares line y = intercept + slope·x with inference on the slope.
///
/// Produced by ``Regression/linregress(x:y:confidence:)``; used for the trend of a cell index over
/// wave positions (SPEC §5.5).
public struct LinearFit: Hashable, Sendable, Codable {
    /// The OLS slope Sxy/Sxx.
    public var slope: Double
    /// ȳ − slope·x̄.
    public var intercept: Double
    /// `[low, high]` = slope ± t(n − 2)·standardError.
    public var slopeCI: [Double]
    /// Two-sided p-value of H₀: slope = 0 (t test with n − 2 df).
    public var p: Double
    /// The standard error of the slope, √((1 − r²)·Syy/Sxx/(n − 2)).
    public var standardError: Double

    /// Creates a fit from its parts.
    ///
    /// - Parameters:
    ///   - slope: Slope.
    ///   - intercept: Intercept.
    ///   - slopeCI: `[low, high]`.
    ///   - p: Two-sided p-value.
    ///   - standardError: SE of the slope.
    public init(slope: Double, intercept: Double, slopeCI: [Double], p: Double, standardError: Double) {
        self.slope = slope
        self.intercept = intercept
        self.slopeCI = slopeCI
        self.p = p
        self.standardError = standardError
    }
}
