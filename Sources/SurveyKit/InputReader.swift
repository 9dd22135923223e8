import SurveyIngest
import SurveyModel

/// Chooses the reader for an input by `--input-format` or detection.
public enum InputReader {
    /// Format ids this build reads.
    public static let formats = ["csv"]

    /// Reads one input with the reader its format calls for.
    public static func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        let format = options.format ?? "csv"
        guard formats.contains(format) else {
            throw SurveyError(.usage, path: nil, "unknown input format \(format.quotedForMessage); expected one of \(formats.joined(separator: ", "))")
        }
        return try CSVResponseReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options)
    }

    /// The raw text of the records starting at the given lines (for the rejects file).
    public static func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        let raw = try InputFile.bytes(path)
        let decoded = try TextDecoding.decode(raw, path: path)
        let dialect = decoded.bytes.withUnsafeBufferPointer { CSVDialect.sniff($0) }
        var found: [Int: String] = [:]
        do {
            try CSVTokenizer.records(in: decoded.bytes, dialect: dialect, path: path) { record in
                if lines.contains(record.line) { found[record.line] = record.rawText() }
            }
        } catch {
            throw SurveyError(.internalError, path: path, "\(error)")
        }
        return found
    }
}
