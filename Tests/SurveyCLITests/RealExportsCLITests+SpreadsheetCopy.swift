import Foundation

/// What a spreadsheet makes of a CSV export when it is opened and saved again in a Western
/// European locale: Windows-1252 instead of UTF-8, `;` between fields, an Excel `sep=;` first
/// line, CRLF line ends, and quotes only where a field needs them.
enum SpreadsheetCopy {
    /// The mangled bytes, or nil when a character has no Windows-1252 form.
    static func mangle(_ text: String) -> [UInt8]? {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = records(body).map { $0.map(field).joined(separator: ";") }
        let out = (["sep=;"] + lines).joined(separator: "\r\n") + "\r\n"
        return out.data(using: .windowsCP1252).map { [UInt8]($0) }
    }

    /// RFC 4180 records of comma-separated text (quoted fields may hold commas, quotes and line
    /// breaks); blank lines at the end are dropped.
    static func records(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(chars.removeFirst()) } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" || c == "\n" {
                if c == "\r", chars.first == "\n" { chars.removeFirst() }
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
        while let last = rows.last, last.allSatisfy(\.isEmpty), last.count <= 1 { rows.removeLast() }
        return rows
    }

    /// A field as a spreadsheet writes it: quoted only when it holds `;`, a quote or a line break.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
