import SurveyIngest
import SurveyModel

/// `surveykpi inspect`: what an input is and holds, and an instrument drafted from it.
public enum InspectJob {
    /// An input's profile and the role of each of its columns.
    public struct Result: Sendable {
        /// Format, encoding, layout and values.
        public var profile: ExportProfile
        /// Every column with its inferred role.
        public var columns: [InspectedColumn]
    }

    /// Reads an input by `--input-format` or detection and infers its columns' roles.
    ///
    /// - Throws: ``SurveyError`` as the readers do, and `.usage` for a format that is not CSV.
    public static func run(path: String, format: String?) throws(SurveyError) -> Result {
        let chosen = try InputReader.format(for: path, options: ReadOptions(format: format))
        let profile = try ExportProfiler.profile(path: path, format: chosen, detected: format == nil)
        return Result(profile: profile, columns: InspectedColumn.infer(profile))
    }

    /// The instrument YAML drafted from an inspected input.
    public static func draft(_ result: Result) throws(SurveyError) -> String {
        do {
            return try InstrumentDraft(profile: result.profile, columns: result.columns).yaml
        } catch {
            throw SurveyError(error.kind, path: result.profile.path, error.message)
        }
    }

    /// The text `inspect` prints: format, encoding, delimiter, header layout, and every column
    /// with its role and value set.
    public static func render(_ result: Result) -> String {
        let p = result.profile
        var lines = [
            "input: \(p.path)",
            "format: \(p.format) (\(p.detected ? "detected" : "as named by --input-format"))",
            "encoding: \(p.encoding)",
            "delimiter: \(delimiterName(p.delimiter))\(p.hadSepLine ? " (from a \"sep=\" first line)" : "")",
            "header: \(p.headerRows.count) row\(p.headerRows.count == 1 ? "" : "s")",
        ]
        lines += p.headerRows.enumerated().map { "  \($0.offset + 1). \($0.element)" }
        lines.append("records: \(p.records)" + recordNotes(p))
        lines += p.notes.map { "note: \($0)" }
        lines += p.warnings.map { "warning: \($0)" }
        lines.append("columns: \(p.columns.count)")
        for column in result.columns { lines += columnLines(column) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func recordNotes(_ p: ExportProfile) -> String {
        var parts: [String] = []
        let excluded = p.excluded.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        if !excluded.isEmpty { parts.append("left out by default: " + excluded.joined(separator: ", ")) }
        if p.ragged > 0 { parts.append("\(p.ragged) with a field count unlike the header's") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")"
    }

    private static func columnLines(_ column: InspectedColumn) -> [String] {
        let c = column.profile
        let number = String(c.position)
        let pad = String(repeating: " ", count: max(0, 4 - number.count))
        var role = column.role.rawValue
        if column.idsRepeat { role += ", not unique" }
        if let scale = column.scale { role += ", scale \(scale.summary)" }
        // A heading may hold a line break (a spreadsheet's wrapped header): shown as \n, one line.
        let name = c.name.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        var lines = ["\(pad)\(number)  \(name)  [\(role)]"]
        let indent = "      "
        if !c.aliases.isEmpty { lines.append(indent + "also: " + c.aliases.joined(separator: ", ")) }
        if let label = c.label, label != c.name { lines.append(indent + "text: " + shown(label, limit: 100)) }
        lines.append(indent + "values: " + values(column))
        if column.idsRepeat {
            lines.append(indent + (column.idsLookRounded
                ? "warning: the ids repeat and read like numbers rounded by a spreadsheet: digits were lost, and they no longer tell responses apart"
                : "warning: the ids repeat: analyze keeps one response per id and rejects the others as duplicates"))
        }
        return lines
    }

    private static func values(_ column: InspectedColumn) -> String {
        let c = column.profile
        var parts: [String] = []
        switch column.role {
        case .freeText:
            parts.append("\(c.filled) filled, up to \(c.longest) characters")
        case .respondent:
            parts.append("\(c.overflow ? "over \(c.values.count)" : "\(c.values.count)") distinct in \(c.filled) filled")
            if column.idsRepeat { parts.append("e.g. " + c.values.prefix(3).map(\.quotedForMessage).joined(separator: ", ")) }
        default:
            if c.values.count <= 12 && !c.overflow {
                let ordered = c.isInteger
                    ? c.values.sorted { Int($0)! < Int($1)! }
                    : c.values.sorted { (c.counts[$0]!, $1) > (c.counts[$1]!, $0) }
                parts += ordered.map { "\($0.quotedForMessage) ×\(c.counts[$0]!)" }
            } else {
                let sample = c.values.prefix(3).map(\.quotedForMessage).joined(separator: ", ")
                parts.append("\(c.overflow ? "over \(c.values.count)" : "\(c.values.count)") distinct, e.g. \(sample)")
            }
        }
        if c.placeholderDates > 0 { parts.append("no-date placeholder ×\(c.placeholderDates)") }
        if c.blank > 0 { parts.append("blank ×\(c.blank)") }
        if c.notShown > 0 { parts.append("not shown ×\(c.notShown)") }
        return parts.joined(separator: ", ")
    }

    /// A value quoted for display, cut to `limit` characters, quotes and control characters
    /// escaped.
    static func shown(_ text: String, limit: Int) -> String {
        var out = "\""
        for scalar in (text.count > limit ? String(text.prefix(limit)) + "…" : text).unicodeScalars {
            switch scalar {
            case "\"", "\\": out += "\\" + String(scalar)
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func delimiterName(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\t"): "TAB"
        default: "\"\(Character(Unicode.Scalar(byte)))\""
        }
    }
}
