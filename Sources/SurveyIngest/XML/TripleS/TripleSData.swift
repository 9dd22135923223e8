import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the case data file a Triple-S metadata file describes.
public enum TripleSData {
    /// The data file of a metadata file: `href` (relative to the `.sss`, or absolute); when that
    /// does not exist, the same file name beside the `.sss` (an export's absolute Windows path);
    /// without `href`, or failing that, the `.sss`'s own name with `.asc`, `.dat`, `.csv` or
    /// `.txt`.
    ///
    /// - Throws: `.noInput` naming every place looked at.
    public static func dataPath(forMetadata path: String, record: TripleSMetadata.Record) throws(SurveyError) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        var base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        var candidates: [String] = []
        if let href = record.href {
            let isAbsolute = href.hasPrefix("/") || href.hasPrefix("\\") || (href.count > 2 && Array(href)[1] == ":")
            let unix = String(href.map { $0 == "\\" ? "/" : $0 })
            if href.hasPrefix("/") {
                candidates.append(href)
            } else if !isAbsolute {
                candidates.append(directory + unix)
            }
            if let name = unix.split(separator: "/").last.map(String.init) { candidates.append(directory + name) }
        }
        let extensions = record.format == "csv" ? ["csv", "txt", "asc", "dat"] : ["asc", "dat", "txt", "csv"]
        candidates += extensions.map { "\(directory)\(base).\($0)" }
        var seen: Set<String> = []
        candidates = candidates.filter { seen.insert($0).inserted }
        if let found = candidates.first(where: { access($0, R_OK) == 0 }) {
            // `href="/dev/zero"` would be read for ever.
            try InputFile.requireFile(found, what: "case data file")
            return found
        }
        let named = record.href.map { " (the metadata names \($0.quotedForMessage))" } ?? ""
        throw SurveyError(
            .noInput, path: path,
            "cannot find the case data file\(named); looked for \(candidates.map { "\"\($0)\"" }.joined(separator: ", "))")
    }

    /// Calls `body` with every case of a data file, in order.
    ///
    /// Fixed format: one case per line; positions count characters from 1 (bytes on ASCII
    /// lines); empty lines are not cases. CSV format: one case per record; `position start` is
    /// the field number. The first `skip` lines or records are skipped.
    ///
    /// - Returns: Warnings about the data file's encoding.
    @discardableResult
    public static func forEachCase(
        metadata: TripleSMetadata, dataPath: String, _ body: (TripleSCase) throws(SurveyError) -> Void
    ) throws(SurveyError) -> [Diagnostic] {
        let decoded = try TextDecoding.decode(try InputFile.bytes(dataPath), path: dataPath)
        let record = metadata.record
        if record.format == "csv" {
            var index = 0
            do {
                try CSVTokenizer.records(in: decoded.bytes, dialect: CSVDialect(), path: dataPath) { csv in
                    index += 1
                    guard index > record.skip else { return }
                    if csv.fieldCount == 1 && csv.field(0).isEmpty { return }
                    var values: [TripleSValue] = []
                    var columns: [Int] = []
                    // One pass for every field's column: asking field by field is quadratic.
                    let positions = csv.fieldPositions()
                    for variable in record.variables {
                        let field = variable.start - 1
                        if field >= 0 && field < csv.fieldCount {
                            values.append(value(of: variable, csv.field(field)))
                            columns.append(positions[field].column)
                        } else {
                            values.append(.blank)
                            columns.append(1)
                        }
                    }
                    try body(TripleSCase(line: csv.line, values: values, columns: columns, raw: csv.rawText()))
                }
            } catch let error as SurveyError {
                throw error
            } catch {
                throw SurveyError(.internalError, path: dataPath, "\(error)")
            }
        } else {
            try decoded.bytes.withUnsafeBufferPointer { (bytes) throws(SurveyError) in
                var start = 0
                var line = 0
                while start < bytes.count {
                    var end = start
                    while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
                    line += 1
                    let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    var next = end
                    if next < bytes.count, bytes[next] == 0x0D {
                        next += 1
                        if next < bytes.count, bytes[next] == 0x0A { next += 1 }
                    } else if next < bytes.count, bytes[next] == 0x0A {
                        next += 1
                    }
                    start = next
                    guard line > record.skip, !text.isEmpty else { continue }
                    try body(fixedCase(record, text, line: line))
                }
            }
        }
        return decoded.warnings
    }

    /// One line of fixed-format data.
    static func fixedCase(_ record: TripleSMetadata.Record, _ text: UnsafeBufferPointer<UInt8>, line: Int) -> TripleSCase {
        // Character positions → byte offsets (identity on ASCII lines).
        var offsets: [Int] = []
        if text.contains(where: { $0 >= 0x80 }) {
            for (i, byte) in text.enumerated() where byte & 0xC0 != 0x80 { offsets.append(i) }
        }
        func byteOffset(_ character: Int) -> Int {
            guard !offsets.isEmpty else { return min(character, text.count) }
            return character < offsets.count ? offsets[character] : text.count
        }
        var values: [TripleSValue] = []
        var columns: [Int] = []
        for variable in record.variables {
            let from = byteOffset(variable.start - 1)
            let to = max(from, byteOffset(variable.finish))
            values.append(value(of: variable, UnsafeBufferPointer(rebasing: text[from..<to])))
            columns.append(from + 1)
        }
        return TripleSCase(line: line, values: values, columns: columns, raw: String(decoding: text, as: UTF8.self))
    }

    /// A field's value by its variable's type.
    static func value(of variable: TripleSMetadata.Variable, _ field: UnsafeBufferPointer<UInt8>) -> TripleSValue {
        let text = String(decoding: field, as: UTF8.self)
        let trimmed = text.trimmingXMLSpace
        guard !trimmed.isEmpty else { return .blank }
        switch variable.type {
        case .single:
            if variable.format != "literal", trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(trimmed) {
                return .code(String(number))
            }
            return .code(trimmed)
        case .multiple:
            if let spread = variable.spread {
                let characters = Array(text)
                let width = max(1, spread.width ?? max(1, characters.count / spread.subfields))
                var codes: [String] = []
                for slot in 0..<spread.subfields {
                    let lower = slot * width
                    guard lower < characters.count else { break }
                    let code = String(characters[lower..<min(characters.count, lower + width)]).trimmingXMLSpace
                    if code.isEmpty || code.allSatisfy({ $0 == "0" }) { continue }
                    codes.append(Int(code).map(String.init) ?? code)
                }
                return .selected(codes)
            }
            var codes: [String] = []
            for (i, character) in text.enumerated() where character == "1" { codes.append(String(i + 1)) }
            return .selected(codes)
        case .quantity:
            return Double(trimmed).map { .number($0) } ?? .unreadable(trimmed)
        case .logical:
            switch trimmed {
            case "1": return .logical(true)
            case "0": return .logical(false)
            default: return .unreadable(trimmed)
            }
        case .character, .date, .time:
            return .text(trimmed)
        }
    }
}
