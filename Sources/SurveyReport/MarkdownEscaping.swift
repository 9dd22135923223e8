/// Escaping for text printed into Markdown.
///
/// Markdown passes raw HTML through and gives meaning to many punctuation characters, so text
/// from an instrument, a data file or an actions file is escaped before it is printed:
///
/// - `<` before a letter, `/`, `!` or `?` (anything that could open an HTML tag, comment or
///   autolink), `&` before a letter or `#` (a character reference) and every `>` become character
///   references, so `<script>` prints as `&lt;script&gt;`, which renderers show as the literal
///   text and none runs; `q < 0.001` stays readable;
/// - the characters of emphasis, code, links, tables and headings (`\` `` ` `` `*` `_` `[` `]`
///   `|` `#` `~` `!`) get a backslash;
/// - line breaks become spaces, so a value cannot end a table row or start a block;
/// - a line start that would open a list or quote (`- `, `+ `, `> `, `1. `) is escaped.
public enum MarkdownEscaping {
    /// Escapes inline text.
    ///
    /// - Parameter string: Any text.
    /// - Returns: Markdown that renders as exactly that text.
    public static func text(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        let scalars = Array(string.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : " "
            switch scalar {
            case "&" where next.properties.isAlphabetic || next == "#": out += "&amp;"
            case "<" where next.properties.isAlphabetic || "/!?".unicodeScalars.contains(next): out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!": out += "\\" + String(scalar)
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return escapingBlockStart(out)
    }

    /// Escapes a table cell (the same as ``text(_:)``; pipes are already escaped).
    public static func cell(_ string: String) -> String { text(string) }

    /// A leading `- `, `+ ` or `1. ` would open a list when the text starts a line.
    private static func escapingBlockStart(_ text: String) -> String {
        func opensBlock(_ rest: Substring) -> Bool { rest.isEmpty || rest.first == " " }
        guard let first = text.first else { return text }
        if first == "-" || first == "+", opensBlock(text.dropFirst()) {
            return "\\" + text
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = text.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")", opensBlock(rest.dropFirst()) {
                return digits + "\\" + rest
            }
        }
        return text
    }
}
