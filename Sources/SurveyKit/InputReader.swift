import SurveyIngest
import SurveyModel

/// Chooses the reader for an input by `--input-format` or detection (SPEC §3).
public enum InputReader {
    /// Format ids this build reads.
    public static var formats: [String] { InputFormats.ids }

    /// The format for a path: the one `--input-format` names, else the detected one.
    public static func format(for path: String, options: ReadOptions) throws(SurveyError) -> any InputFormat {
        try InputFile.requireFile(path)
        if let id = options.format { return try InputFormats.named(id) }
        return try InputFormats.detect(path: path)
    }

    /// Reads one input with the reader its format calls for.
    public static func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        try format(for: path, options: options).read(path: path, inputIndex: inputIndex, instrument: instrument, options: options)
    }

    /// The raw text of the records starting at the given lines (for the rejects file).
    public static func rawRecords(path: String, lines: Set<Int>, options: ReadOptions) throws(SurveyError) -> [Int: String] {
        try format(for: path, options: options).rawRecords(path: path, lines: lines)
    }
}
