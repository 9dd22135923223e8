/// The outcome of a two-sided significance test.
///
/// Produced by ``Comparison``. The statistic's sign follows SPEC §5.5: later wave minus earlier
/// wave (group 2 minus group 1).
public struct TestResult: Hashable, Sendable, Codable {
    /// The test statistic: t (Welch) or z (proportions, NPS).
    public var statistic: Double
    /// Degrees of freedom for t tests (Welch–Satterthwaite, not an integer); `nil` for z tests.
    public var df: Double?
    /// The two-sided p-value in [0, 1].
    public var p: Double

    /// Creates a result from its parts.
    ///
    /// - Parameters:
    ///   - statistic: t or z.
    ///   - df: Degrees of freedom, `nil` for z.
    ///   - p: Two-sided p-value.
    public init(statistic: Double, df: Double?, p: Double) {
        self.statistic = statistic
        self.df = df
        self.p = p
    }
}
