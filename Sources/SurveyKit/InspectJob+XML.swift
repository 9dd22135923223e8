import SurveyIngest
import SurveyModel

extension InspectJob {
    /// The formats `inspect` describes through their XML readers.
    public static let xmlFormats: Set<String> = ["xml", "limesurvey-xml", "triple-s"]

    /// The detected (or named) format id of an input.
    public static func formatID(path: String, format: String?) throws(SurveyError) -> String {
        try InputReader.format(for: path, options: ReadOptions(format: format)).id
    }

    /// `inspect` for an XML input: format, encoding, records, and every field with its values.
    public static func renderXML(path: String, format: String, structure: String?, detected: Bool) throws(SurveyError) -> String {
        let d = try XMLInputDescription.describe(path: path, format: format, structure: structure)
        var lines = [
            "input: \(path)",
            "format: \(d.format) (\(detected ? "detected" : "as named by --input-format"))",
            "encoding: \(d.encoding)",
            "records: \(d.records)",
        ]
        lines += d.notes.map { "note: \($0)" }
        lines.append("fields: \(d.fields.count)")
        for field in d.fields {
            let label = field.label.map { " — \(shown($0, limit: 60))" } ?? ""
            let values = field.values.sorted { $0.key < $1.key }.prefix(12).map { "\(shown($0.key, limit: 24)) (\($0.value))" }
            var line = "  \(field.name)\(label): " + (values.isEmpty ? "no values" : values.joined(separator: ", "))
            if field.overflow { line += ", …" }
            if field.blank > 0 { line += "; \(field.blank) blank" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
