import Foundation
import SurveyModel
import SurveyStatistics

/// The `surveykpi.report.v1` JSON document (SPEC §6.1): sorted keys, two-space indent, finite
/// numbers only, `/` unescaped, a final newline.
public struct JSONRenderer: ReportRenderer {
    /// `json`.
    public let format = "json"

    /// Creates the renderer.
    public init() {}

    /// Renders the report.
    ///
    /// - Throws: ``ReportRenderError/notEncodable(_:)`` if a non-finite number slipped through,
    ///   rather than writing `NaN` into a document other tools will parse.
    public func render(_ report: Report, instrument: Instrument) throws -> String {
        try Self.encode(report)
    }

    /// Encodes any value with the report's JSON conventions.
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(value)
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            throw ReportRenderError.notEncodable("\(error)")
        }
    }
}
