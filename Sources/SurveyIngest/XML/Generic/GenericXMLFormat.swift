import SurveyModel

/// The generic XML format in the ``InputFormats`` registry.
public struct GenericXMLFormat: InputFormat {
    /// `xml`.
    public let id = "xml"
    /// Creates the format.
    public init() {}
    /// Any XML document the more specific XML formats did not claim: one with root
    /// `<responses>` is read; any other gets a clear "wrong root element" error rather than the
    /// CSV reader's confusion.
    public func detect(prefix: [UInt8], path: String) -> Bool {
        XMLPrefix.looksLikeXML(prefix) && !Self.claimedElsewhere(prefix, path: path)
    }

    /// Whether a more specific XML format claims the file (detection must not be ambiguous).
    static func claimedElsewhere(_ prefix: [UInt8], path: String) -> Bool {
        LimeSurveyXMLFormat().detect(prefix: prefix, path: path) || TripleSFormat().detect(prefix: prefix, path: path)
    }
    /// Reads with ``XMLResponseReader``.
    public func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        try XMLResponseReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options)
    }
    /// Streams with ``XMLResponseReader``: memory flat whatever the number of responses.
    public func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, slices: RowSlices) throws(SurveyError) -> ReadResult {
        try XMLResponseReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options, slices: slices)
    }
    /// The `<response>` elements starting on the given lines.
    public func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        try XMLResponseReader.rawRecords(path: path, lines: lines)
    }
}
