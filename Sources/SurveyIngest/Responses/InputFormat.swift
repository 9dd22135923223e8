import SurveyModel

/// One export format the engine reads (SPEC §3): how to recognise it and how to read it.
///
/// Each format lives in its own file and is listed once in ``InputFormats/all``; detection asks
/// each in turn, most specific first, and the generic `csv` format answers last.
public protocol InputFormat: Sendable {
    /// The format id used by `--input-format` and in reports (`csv`, `qualtrics-csv` …).
    var id: String { get }
    /// Whether the start of a file (its first 64 KiB, undecoded) looks like this format.
    func detect(prefix: [UInt8], path: String) -> Bool
    /// Reads a whole input.
    func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult
    /// The raw text of the records that start at the given lines (for the rejects file).
    func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String]
    /// Reads an input, handing its accepted rows to `slices` instead of keeping them: the
    /// result's table has no rows, only the input's labels. Formats that cannot stream hand
    /// over the whole table at once.
    func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, slices: RowSlices) throws(SurveyError) -> ReadResult
}

extension InputFormat {
    /// Reads the whole input, then hands its table over as one slice.
    public func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, slices: RowSlices) throws(SurveyError) -> ReadResult {
        var result = try read(path: path, inputIndex: inputIndex, instrument: instrument, options: options)
        return try RowSlices.handOver(&result, to: slices)
    }
}

extension RowSlices {
    /// Hands a whole result's rows over as one slice, keeping its labels.
    static func handOver(_ result: inout ReadResult, to slices: RowSlices) throws(SurveyError) -> ReadResult {
        let labels = result.table.emptied()
        if result.table.rowCount > 0 { try slices.handle(result.table) }
        result.table = labels
        return result
    }
}

/// The generic CSV layout: one header row, one response per record.
public struct GenericCSVFormat: InputFormat {
    /// `csv`.
    public let id = "csv"
    /// Creates the format.
    public init() {}
    /// The fallback: any file.
    public func detect(prefix: [UInt8], path: String) -> Bool { true }
    /// Reads with ``CSVResponseReader``.
    public func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        try CSVResponseReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options)
    }
    /// Re-tokenizes the file and returns the wanted records verbatim.
    public func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        try CSVResponseReader.rawRecords(path: path, lines: lines)
    }
    /// Streams with ``CSVStreamReader``: memory stays bounded whatever the file's size.
    public func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, slices: RowSlices) throws(SurveyError) -> ReadResult {
        try CSVStreamReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: "csv", slices: slices)
    }
}
