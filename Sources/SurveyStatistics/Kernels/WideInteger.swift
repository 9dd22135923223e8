/// Exact 128-bit helpers for turning integer moment sums into Doubles with a single rounding.
///
/// Covariance and variance numerators of the form `n·Σxy − Σx·Σy` cancel badly in Double.
/// Computed from exact `Int` sums in 128-bit two's complement (`multipliedFullWidth`) they are
/// exact; only the final conversion rounds. No `Int128` is used, so the code also builds for
/// macOS 13.
enum WideInteger {
    /// `a·b − c·d`, exact, rounded to the nearest Double (to within 2 ulp).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func differenceOfProducts(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        let first = a.multipliedFullWidth(by: b)
        let second = c.multipliedFullWidth(by: d)
        let (low, borrow) = first.low.subtractingReportingOverflow(second.low)
        let high = first.high &- second.high &- (borrow ? 1 : 0)
        return toDouble(high: high, low: low)
    }

    /// `n·Σxy − Σx·Σy`: n(n−1) times the sample covariance, exactly.
    @inline(__always)
    static func centredCrossProduct(n: Int, sumXY: Int, sumX: Int, sumY: Int) -> Double {
        differenceOfProducts(n, sumXY, sumX, sumY)
    }

    /// The signed 128-bit value `high·2⁶⁴ + low` as a Double.
    ///
    /// Negative values are negated first, so the two partial conversions never cancel.
    static func toDouble(high: Int, low: UInt) -> Double {
        let twoTo64 = 18_446_744_073_709_551_616.0
        if high >= 0 {
            return Double(UInt(bitPattern: high)) * twoTo64 + Double(low)
        }
        let negatedLow = ~low &+ 1
        let negatedHigh = ~UInt(bitPattern: high) &+ (negatedLow == 0 ? 1 : 0)
        return -(Double(negatedHigh) * twoTo64 + Double(negatedLow))
    }
}
