import SurveyModel

/// `triple-s`: Triple-S metadata (`.sss`, root `<sss>`) with its case data file.
public struct TripleSFormat: InputFormat {
    static let formatID = "triple-s"
    /// `triple-s`.
    public let id = formatID
    /// Creates the format.
    public init() {}
    /// Root element `<sss>` (in any encoding, BOM or not).
    public func detect(prefix: [UInt8], path: String) -> Bool {
        XMLPrefix.rootElementName(prefix) == "sss"
    }
    /// Reads with ``TripleSResponseReader``.
    public func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        try TripleSResponseReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options)
    }
    /// The data lines at the given line numbers.
    public func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        try TripleSResponseReader.rawRecords(path: path, lines: lines)
    }
}
