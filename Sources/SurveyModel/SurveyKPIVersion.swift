/// The SurveyKPI release, printed by `surveykpi --version` and recorded in the review pack's
/// provenance so that a filed pack names the software that computed it (ISO 21001 7.5).
public enum SurveyKPIVersion {
    /// The version, semantic-versioning style.
    public static let current = "0.9.0"
}
