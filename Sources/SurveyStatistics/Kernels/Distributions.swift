#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cumulative distribution functions and quantiles used by the interval and test kernels.
///
/// All functions are total: they never trap. Arguments outside the domain give `NaN`,
/// probabilities of exactly 0 or 1 give `-infinity` / `+infinity` quantiles. The Student t
/// functions live in `Distributions+StudentT.swift`, the incomplete beta function in
/// `Distributions+Beta.swift`.
///
/// Accuracy (checked against scipy 1.17 and, where scipy overflows or errs, 50-digit mpmath):
/// quantiles and CDFs to 1e−12 relative down to probabilities of 1e−300, for any df > 0.
public enum Distributions {
    /// The standard normal cumulative distribution function Φ(x).
    ///
    /// Computed as `erfc(−x/√2)/2`, so the lower tail keeps full relative precision down to the
    /// smallest normal Double (Φ(−37.5) ≈ 4.6e−308); this is scipy's `ndtr`.
    ///
    /// - Parameter x: Any Double.
    /// - Returns: Φ(x) in [0, 1]. **Edge cases:** `NaN` → `NaN`; `−∞` → 0; `+∞` → 1.
    /// - Complexity: O(1).
    public static func normalCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return 0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// The standard normal quantile Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16).
    ///
    /// AS 241 is accurate to about 1 part in 10¹⁶ over (1e−300, 1 − 1e−16); the upper tail is
    /// evaluated from `1 − p`, so (like scipy's `ndtri`) values of `p` above `1 − 2⁻⁵³` saturate.
    ///
    /// - Parameter p: A probability.
    /// - Returns: x with Φ(x) = p. **Edge cases:** `p == 0` → `−∞`; `p == 1` → `+∞`;
    ///   `p < 0`, `p > 1` or `NaN` → `NaN`; `p == 0.5` → `0`.
    /// - Complexity: O(1).
    /// - Reference: M. J. Wichura (1988), "Algorithm AS 241: The percentage points of the normal
    ///   distribution", *Applied Statistics* 37(3), 477–484.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num =
                (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
                    + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
                    + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
                    + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0)
            let den =
                (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
                    + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
                    + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
                    + 4.2313330701600911252e+1) * r + 1.0)
            return q * num / den
        }
        var r = (q < 0 ? p : 1 - p)
        r = (-log(r)).squareRoot()
        let x: Double
        if r <= 5 {
            r -= 1.6
            let num =
                (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
                    + 2.41780725177450611770e-1) * r + 1.27045825245236838258e+0) * r
                    + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r
                    + 4.63033784615654529590e+0) * r + 1.42343711074968357734e+0)
            let den =
                (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
                    + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
                    + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r
                    + 2.05319162663775882187e+0) * r + 1.0)
            x = num / den
        } else {
            r -= 5
            let num =
                (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                    + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
                    + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r
                    + 5.46378491116411436990e+0) * r + 6.65790464350110377720e+0)
            let den =
                (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
                    + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
                    + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                    + 5.99832206555887937690e-1) * r + 1.0)
            x = num / den
        }
        return q < 0 ? -x : x
    }

    /// The two-sided normal critical value z for a confidence level: Φ⁻¹(1 − (1 − c)/2).
    ///
    /// Evaluated as `−Φ⁻¹((1 − c)/2)` so the lower-tail probability keeps its precision;
    /// `criticalValue(confidence: 0.95)` is 1.959963984540054.
    ///
    /// - Parameter confidence: The confidence level c in (0, 1).
    /// - Returns: z > 0. **Edge cases:** c outside (0, 1) → `NaN`; c → 1 → `+∞`.
    public static func criticalValue(confidence: Double) -> Double {
        guard confidence > 0, confidence < 1 else { return confidence == 1 ? .infinity : .nan }
        return -normalQuantile((1 - confidence) / 2)
    }

    /// The two-sided Student t critical value t(ν) for a confidence level: t⁻¹(1 − (1 − c)/2; ν).
    ///
    /// `criticalValue(confidence: 0.95, df: 9)` is 2.262157162798205 (scipy `t.ppf(0.975, 9)`).
    ///
    /// - Parameters:
    ///   - confidence: The confidence level c in (0, 1).
    ///   - df: Degrees of freedom ν > 0, not necessarily an integer.
    /// - Returns: t > 0. **Edge cases:** c outside (0, 1) or ν ≤ 0 → `NaN`.
    public static func criticalValue(confidence: Double, df: Double) -> Double {
        guard confidence > 0, confidence < 1 else { return confidence == 1 ? .infinity : .nan }
        return -studentTQuantile((1 - confidence) / 2, df: df)
    }
}
