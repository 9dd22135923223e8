/// Format detection from the first bytes of a file: does it look like XML, and what is its root
/// element? Works on the undecoded prefix (UTF-8 with or without BOM, UTF-16 with or without BOM,
/// and single-byte encodings such as ISO-8859-1); never parses more than the prolog.
enum XMLPrefix {
    /// The prefix as ASCII-compatible bytes: UTF-16 code units below 0x80 become bytes, others
    /// become `?`; a UTF-8 BOM is dropped.
    static func asciiView(_ prefix: [UInt8]) -> [UInt8] {
        if let bigEndian = XMLLocator.utf16ByteOrder(prefix[...]) {
            var out: [UInt8] = []
            out.reserveCapacity(prefix.count / 2)
            var i = (prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF])) ? 2 : 0
            while i + 1 < prefix.count {
                let unit = bigEndian ? UInt16(prefix[i]) << 8 | UInt16(prefix[i + 1]) : UInt16(prefix[i + 1]) << 8 | UInt16(prefix[i])
                out.append(unit < 0x80 ? UInt8(unit) : UInt8(ascii: "?"))
                i += 2
            }
            return out
        }
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(prefix.dropFirst(3)) }
        return prefix
    }

    /// Whether the first non-blank character is `<`.
    static func looksLikeXML(_ prefix: [UInt8]) -> Bool {
        let text = asciiView(prefix)
        guard let first = text.firstIndex(where: { !isBlank($0) }) else { return false }
        return text[first] == UInt8(ascii: "<")
    }

    /// The name of the root element, skipping the XML declaration, comments, processing
    /// instructions and the DOCTYPE; nil when the prefix holds none.
    static func rootElementName(_ prefix: [UInt8]) -> String? {
        let text = asciiView(prefix)
        var i = 0
        while i < text.count {
            guard text[i] == UInt8(ascii: "<") else {
                if !isBlank(text[i]) { return nil }
                i += 1
                continue
            }
            guard i + 1 < text.count else { return nil }
            switch text[i + 1] {
            case UInt8(ascii: "?"):
                guard let end = find([UInt8]("?>".utf8), in: text, from: i + 2) else { return nil }
                i = end + 2
            case UInt8(ascii: "!"):
                if text[(i + 2)...].starts(with: [UInt8]("--".utf8)) {
                    guard let end = find([UInt8]("-->".utf8), in: text, from: i + 4) else { return nil }
                    i = end + 3
                } else {
                    // DOCTYPE, with an optional internal subset in brackets.
                    var j = i + 2
                    var depth = 0
                    var quote: UInt8 = 0
                    while j < text.count {
                        let c = text[j]
                        if quote != 0 {
                            if c == quote { quote = 0 }
                        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                            quote = c
                        } else if c == UInt8(ascii: "[") {
                            depth += 1
                        } else if c == UInt8(ascii: "]") {
                            depth -= 1
                        } else if c == UInt8(ascii: ">") && depth <= 0 {
                            break
                        }
                        j += 1
                    }
                    guard j < text.count else { return nil }
                    i = j + 1
                }
            default:
                var j = i + 1
                while j < text.count, !isBlank(text[j]), text[j] != UInt8(ascii: ">"), text[j] != UInt8(ascii: "/") { j += 1 }
                guard j < text.count, j > i + 1 else { return nil }
                let name = String(decoding: text[(i + 1)..<j], as: UTF8.self)
                // A namespace prefix does not change what the document is.
                return name.split(separator: ":").last.map(String.init) ?? name
            }
        }
        return nil
    }

    /// Whether the prefix contains `needle` (ASCII), as text.
    static func contains(_ needle: String, in prefix: [UInt8]) -> Bool {
        find(Array(needle.utf8), in: asciiView(prefix), from: 0) != nil
    }

    private static func isBlank(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    private static func find(_ needle: [UInt8], in text: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, text.count >= needle.count, start <= text.count - needle.count else { return nil }
        var i = start
        while i <= text.count - needle.count {
            if text[i] == needle[0], text[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
