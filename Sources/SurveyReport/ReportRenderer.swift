import SurveyModel
import SurveyStatistics

/// Something that turns a ``Report`` into the bytes of one output format.
public protocol ReportRenderer {
    /// The format id (`json`, `text` …).
    var format: String { get }
    /// Renders the report. The same report always gives the same bytes.
    func render(_ report: Report, instrument: Instrument) throws -> String
}

/// Errors of the report layer.
public enum ReportRenderError: Error, CustomStringConvertible {
    /// The report held a value JSON cannot carry (a bug upstream).
    case notEncodable(String)

    /// A readable message.
    public var description: String {
        switch self {
        case .notEncodable(let detail): "report could not be encoded as JSON: \(detail)"
        }
    }
}
