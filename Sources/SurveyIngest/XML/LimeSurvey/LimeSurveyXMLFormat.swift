import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `limesurvey-xml`: a LimeSurvey `.lsr` response file, read with its `.lss` structure
/// (`--structure F`; by default the `survey_<sid>.lss` beside it, as a `.lsa` archive unpacks).
public struct LimeSurveyXMLFormat: InputFormat {
    static let formatID = "limesurvey-xml"
    /// `limesurvey-xml`.
    public let id = formatID
    /// Creates the format.
    public init() {}

    /// A `<document>` whose `<LimeSurveyDocType>` is `Responses`.
    public func detect(prefix: [UInt8], path: String) -> Bool {
        XMLPrefix.rootElementName(prefix) == "document" && XMLPrefix.contains("<LimeSurveyDocType>Responses", in: prefix)
    }

    /// Reads with ``LimeSurveyResponseReader``.
    ///
    /// - Throws: `.usage` when no structure is given and none lies beside the file.
    public func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        try LimeSurveyResponseReader.read(
            path: path, structurePath: try Self.structurePath(for: path, options: options), inputIndex: inputIndex,
            instrument: instrument, options: options)
    }

    /// The `<row>` elements starting on the given lines.
    public func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        try LimeSurveyResponseReader.rawRecords(path: path, lines: lines)
    }

    /// `--structure`, else the `.lss` a `.lsa` archive puts beside `survey_<sid>_responses.lsr`
    /// (`survey_<sid>.lss`), else the same name with `.lss`.
    static func structurePath(for path: String, options: ReadOptions) throws(SurveyError) -> String {
        if let given = options.structure { return given }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let file = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var base = file
        if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        var candidates: [String] = []
        if base.hasSuffix("_responses") { candidates.append(directory + String(base.dropLast("_responses".count)) + ".lss") }
        candidates.append(directory + base + ".lss")
        if let found = candidates.first(where: { access($0, R_OK) == 0 }) { return found }
        throw SurveyError(
            .usage, path: path,
            "a LimeSurvey .lsr needs its survey structure: give the .lss with --structure (looked for \(candidates.map { "\"\($0)\"" }.joined(separator: ", ")))")
    }
}
