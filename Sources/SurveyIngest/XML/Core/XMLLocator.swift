import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact `line:column` positions in an XML file, found by re-reading its bytes.
///
/// libxml2 keeps no column for nodes, and its parser runs ahead of the node the reader is on, so
/// the streaming loop records only cheap facts (an element's document-order ordinal, a line) and
/// this type turns them into positions when a message needs one: on the error and warning
/// paths, never per record. Columns count UTF-8 bytes from 1, like the CSV reader's: UTF-16
/// files, and files declared ISO-8859-1 or Windows-1252, are transcoded to UTF-8 first.
enum XMLLocator {
    /// Where element start tags with the given 0-based document-order ordinals begin (at `<`).
    ///
    /// Start tags are counted as libxml2 delivers elements: comments, CDATA sections,
    /// processing instructions, end tags and the DOCTYPE (with its internal subset) are skipped.
    static func elementLocations(path: String, ordinals: Set<Int>) -> [Int: InputLocation] {
        guard let last = ordinals.max() else { return [:] }
        var found: [Int: InputLocation] = [:]
        var scanner = MarkupScanner()
        var finished = false
        forEachChunk(path) { chunk in
            scanner.scan(chunk) { ordinal, line, column in
                if ordinals.contains(ordinal) { found[ordinal] = InputLocation(path: path, line: line, column: column) }
                finished = ordinal >= last
                return !finished
            }
            return !finished
        }
        return found
    }

    /// The location of the first `keyword` (such as `<!ENTITY`) in the file's prolog.
    static func declarationLocation(path: String, keyword: String) -> InputLocation {
        let pattern = Array(keyword.utf8)
        var result = InputLocation(path: path, line: 1, column: 1)
        var line = 1
        var lineStart = 0
        var offset = 0
        var matched = 0
        forEachChunk(path) { chunk in
            for byte in chunk {
                if byte == pattern[matched] {
                    matched += 1
                    if matched == pattern.count {
                        result = InputLocation(path: path, line: line, column: offset - lineStart - pattern.count + 2)
                        return false
                    }
                } else {
                    matched = byte == pattern[0] ? 1 : 0
                }
                offset += 1
                if byte == 0x0A {
                    line += 1
                    lineStart = offset
                }
            }
            return offset < 4 << 20
        }
        return result
    }

    /// The location of `text` on a given line (column 1 when it is not there).
    static func textLocation(path: String, line: Int, containing text: String) -> InputLocation {
        let bytes = lineBytes(path: path, line: line)
        let pattern = Array(text.utf8)
        var column = 1
        if !pattern.isEmpty, bytes.count >= pattern.count {
            for start in 0...(bytes.count - pattern.count) where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
                column = start + 1
                break
            }
        }
        return InputLocation(path: path, line: line, column: column)
    }

    /// Converts libxml2's position (1-based line, 1-based column in characters) to a byte
    /// column, and tells whether nothing but whitespace follows it (the file ends there).
    static func libxml2Position(path: String, line: Int, characterColumn: Int) -> (location: InputLocation, atEnd: Bool) {
        var currentLine = 1
        var characters = 0
        var byteColumn = 0
        var located = false
        var atEnd = true
        var previousCR = false
        forEachChunk(path) { chunk in
            for byte in chunk {
                if !located {
                    if currentLine == line {
                        if byte == 0x0A || byte == 0x0D || characters >= characterColumn - 1 {
                            located = true
                        } else {
                            byteColumn += 1
                            if byte & 0xC0 != 0x80 { characters += 1 }
                            // A continuation byte belongs to the character already counted.
                            continue
                        }
                    } else {
                        if byte == 0x0A {
                            if !previousCR { currentLine += 1 }
                        } else if byte == 0x0D {
                            currentLine += 1
                        }
                        previousCR = byte == 0x0D
                        continue
                    }
                }
                if !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
                    atEnd = false
                    return false
                }
            }
            return true
        }
        return (InputLocation(path: path, line: max(1, line), column: byteColumn + 1), atEnd)
    }

    /// The bytes of one line (without its terminator).
    static func lineBytes(path: String, line: Int) -> [UInt8] {
        var current = 1
        var bytes: [UInt8] = []
        forEachChunk(path) { chunk in
            for byte in chunk {
                if byte == 0x0A {
                    if current == line { return false }
                    current += 1
                } else if current == line, byte != 0x0D {
                    bytes.append(byte)
                    if bytes.count > 1 << 20 { return false }
                }
            }
            return true
        }
        return bytes
    }

    /// Calls `body` with the file's text as UTF-8 (or ASCII-compatible) chunks until it returns
    /// false. UTF-16 input (with or without a byte order mark) is transcoded whole.
    static func forEachChunk(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        guard let file = fopen(path, "rb") else { return }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var first = true
        var singleByte: SingleByteEncoding?
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { return }
            if first {
                first = false
                if let bigEndian = utf16ByteOrder(buffer[0..<n]) {
                    var raw = Array(buffer[0..<n])
                    while true {
                        let m = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
                        if m == 0 { break }
                        raw += buffer[0..<m]
                    }
                    if !(raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF])) {
                        raw.insert(contentsOf: bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE], at: 0)
                    }
                    if raw.count % 2 != 0 { raw.removeLast() }
                    guard let utf8 = try? TextDecoding.transcodeUTF16(raw, bigEndian: bigEndian, path: path) else { return }
                    _ = utf8.withUnsafeBufferPointer { body($0) }
                    return
                }
                var start = 0
                if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
                singleByte = declaredSingleByteEncoding(buffer[0..<n])
                let keepGoing = deliver(buffer[start..<n], singleByte: singleByte, body)
                if !keepGoing { return }
                continue
            }
            let keepGoing = deliver(buffer[0..<n], singleByte: singleByte, body)
            if !keepGoing { return }
        }
    }

    /// The single-byte encodings whose text is transcoded so that columns count UTF-8 bytes.
    enum SingleByteEncoding {
        case latin1, windows1252
    }

    /// The single-byte encoding an XML declaration names, if any.
    static func declaredSingleByteEncoding(_ prefix: ArraySlice<UInt8>) -> SingleByteEncoding? {
        let head = String(decoding: prefix.prefix(200), as: UTF8.self).lowercased()
        guard head.hasPrefix("<?xml"), let end = head.firstIndex(of: ">") else { return nil }
        let declaration = head[..<end]
        if declaration.contains("windows-1252") || declaration.contains("cp1252") { return .windows1252 }
        if declaration.contains("iso-8859-1") || declaration.contains("latin1") || declaration.contains("iso_8859-1") { return .latin1 }
        return nil
    }

    private static func deliver(_ bytes: ArraySlice<UInt8>, singleByte: SingleByteEncoding?, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        switch singleByte {
        case nil:
            return bytes.withUnsafeBufferPointer { body($0) }
        case .windows1252:
            return TextDecoding.transcodeWindows1252(Array(bytes)).withUnsafeBufferPointer { body($0) }
        case .latin1:
            var utf8: [UInt8] = []
            utf8.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes {
                if byte < 0x80 {
                    utf8.append(byte)
                } else {
                    utf8.append(0xC0 | (byte >> 6))
                    utf8.append(0x80 | (byte & 0x3F))
                }
            }
            return utf8.withUnsafeBufferPointer { body($0) }
        }
    }

    /// `true` for UTF-16BE, `false` for UTF-16LE, nil for anything else, judged from a byte order
    /// mark or from `<` / `<?` written in two bytes.
    static func utf16ByteOrder(_ bytes: ArraySlice<UInt8>) -> Bool? {
        let b = Array(bytes.prefix(4))
        guard b.count >= 2 else { return nil }
        if b[0] == 0xFF && b[1] == 0xFE { return false }
        if b[0] == 0xFE && b[1] == 0xFF { return true }
        if b.count >= 4 {
            if b[0] == 0x3C && b[1] == 0 && b[3] == 0 { return false }
            if b[0] == 0 && b[1] == 0x3C && b[2] == 0 { return true }
        }
        return nil
    }
}
