/// How one answer is stored: the valid code itself, or a sentinel far below any valid code.
///
/// Valid codes lie in ``Scale/codeRange`` (−1000…1000), so a single comparison
/// (`code >= Scale.lower`) separates answers from every kind of missing value, and a response
/// table stays a flat `[Int16]` with no per-cell boxing.
public enum AnswerCode {
    /// The item is not asked of this respondent's group: absent, not missing.
    public static let absent: Int16 = .min
    /// The field was empty (or quoted-empty in LimeSurvey: shown, left blank).
    public static let noAnswer: Int16 = .min + 1
    /// LimeSurvey's unquoted empty field: the question was never shown.
    public static let notShown: Int16 = .min + 2
    /// A value outside the scale that is not a declared missing code.
    public static let invalid: Int16 = .min + 3
    /// The first declared missing reason; reason `k` of ``Scale/missingReasons`` is this + k.
    public static let firstDeclaredMissing: Int16 = .min + 16

    /// Whether a stored code is a substantive answer (not a sentinel).
    @inlinable
    public static func isAnswer(_ code: Int16) -> Bool { code > -2000 }

    /// The code for declared missing reason `index`.
    @inlinable
    public static func declaredMissing(_ index: Int) -> Int16 { firstDeclaredMissing + Int16(index) }

    /// Reason names used in `missing` counts for the built-in sentinels.
    public static let noAnswerReason = "no-answer"
    /// LimeSurvey's never-shown reason.
    public static let notShownReason = "not-shown"
    /// Invalid answers.
    public static let invalidReason = "invalid"
}
