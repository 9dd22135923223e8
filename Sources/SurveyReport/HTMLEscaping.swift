/// Escaping for text printed into HTML and inline SVG.
///
/// Every string that comes from an instrument, a data file or an actions file goes through
/// here: titles, item texts, segment values, paths, action notes. The five characters with a
/// meaning in markup become character references, so `<script>` prints as `&lt;script&gt;` and
/// `"><img onerror=…>` cannot leave an attribute. Control characters other than tab and newline
/// (which no HTML text needs and some parsers mishandle) become U+FFFD.
enum HTMLEscaping {
    /// Text content of an element.
    static func text(_ string: String) -> String {
        escape(string)
    }

    /// A double-quoted attribute value.
    static func attribute(_ string: String) -> String {
        escape(string).replacingOccurrences(of: "\n", with: "&#10;")
    }

    private static func escape(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Shortens text to at most `limit` characters, ending in `…` when cut.
    static func truncated(_ string: String, _ limit: Int) -> String {
        string.count <= limit ? string : String(string.prefix(max(1, limit - 1))) + "…"
    }
}
