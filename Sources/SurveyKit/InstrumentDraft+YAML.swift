import SurveyModel

extension InstrumentDraft {
    /// The draft as an instrument file (SPEC §2), every string double-quoted.
    public var yaml: String {
        var lines = [
            "# Drafted by `surveykpi inspect --draft-instrument` from \(source).",
            "# Every guess below comes from the values in that file: check the scales (and set",
            "# favourable and unfavourable codes where they are missing), name the stakeholder group,",
            "# and add dimensions and KPIs.",
        ]
        for remark in remarks { lines += Self.wrapped(remark, prefix: "# ") }
        lines += [
            "instrument: \(id)",
            "title: \(Self.quoted(title))",
            "groups:",
            "  respondents: { title: Respondents, role: other }   # one group for the whole file",
            "scales:",
        ]
        for scale in scales { lines += scaleLines(scale) }
        lines.append("items:")
        for item in items {
            lines.append("  - { id: \(Self.quoted(item.id)), text: \(Self.quoted(item.text)), scale: \(Self.quoted(item.scale.name)) }")
        }
        lines.append("columns:")
        lines.append("  respondent: \(Self.quoted(respondent))")
        if let waveFrom {
            let order = waveFromOrder.map { ", dates: \($0.rawValue)" } ?? ""
            lines.append("  wave-from: { column: \(Self.quoted(waveFrom)), calendar: academic-year, starts: 9\(order) }   # academic years from September (2025/26: Sept 2025 to Aug 2026)")
        }
        if let duration { lines.append("  duration: \(Self.quoted(duration))") }
        lines.append("  segments: \(Self.list(segments))")
        lines.append("  comments: \(Self.list(comments))")
        let mapped = items.filter { $0.id != $0.column }
        if mapped.isEmpty {
            lines.append("  items: {}")
        } else {
            lines.append("  items:")
            for item in mapped { lines.append("    \(Self.quoted(item.id)): \(Self.quoted(item.column))") }
        }
        if !include.isEmpty { lines.append("  include: [\(include.map(\.rawValue).joined(separator: ", "))]") }
        lines += ["reporting:", "  minimum-n: 10"]
        return lines.joined(separator: "\n") + "\n"
    }

    private func scaleLines(_ scale: DraftScale) -> [String] {
        var lines = ["  \(Self.quoted(scale.name)):"]
        if scale.labels.isEmpty {
            lines.append("    values: \(scale.lower)..\(scale.upper)")
        } else {
            let labels = (scale.lower...scale.upper).map { "\($0): \(Self.quoted(scale.labels[$0] ?? "code \($0)"))" }
            lines.append("    values: { \(labels.joined(separator: ", ")) }")
        }
        if scale.kind == .nps { lines.append("    kind: nps") }
        if !scale.favourable.isEmpty { lines.append("    favourable: [\(scale.favourable.map(String.init).joined(separator: ", "))]") }
        if !scale.unfavourable.isEmpty { lines.append("    unfavourable: [\(scale.unfavourable.map(String.init).joined(separator: ", "))]") }
        if !scale.missing.isEmpty {
            let entries = scale.missing.map { "\(Self.quoted($0.code)): \(Self.quoted($0.reason))" }
            lines.append("    missing: { \(entries.joined(separator: ", ")) }")
        }
        if scale.labelsInData { lines.append("    labels-in-data: true") }
        if scale.isNominal { lines[0] += "   # unordered answers, coded in alphabetical order" }
        if let note = scale.note { lines[0] += "   # " + note }
        return lines
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar.value == 0xFEFF
                    || scalar.value == 0x2028 || scalar.value == 0x2029
                {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func list(_ names: [String]) -> String {
        "[" + names.map(quoted).joined(separator: ", ") + "]"
    }

    private static func wrapped(_ text: String, prefix: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + word.count + 1 > 96 - prefix.count {
                lines.append(prefix + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(prefix + line) }
        return lines
    }
}
