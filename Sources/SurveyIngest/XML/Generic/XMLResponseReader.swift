import CLibXML2
import SurveyModel

/// Reads the generic XML layout (SPEC §3, format `xml`) into a ``ResponseTable``, streaming.
///
/// ```xml
/// <responses instrument="learner-experience" wave="2025">   <!-- attributes are defaults -->
///   <response id="R1" group="learner" wave="2025" weight="1.25" duration="412">
///     <segment name="campus">North</segment>
///     <answer item="T1">4</answer>
///     <answer item="T2"/>                                    <!-- not answered -->
///     <comment item="C1">Free text</comment>
///   </response>
/// </responses>
/// ```
///
/// Rules, matching the CSV reader so that a CSV and its XML twin give the same report:
/// - `item` names the item's export column (`columns.items`), or its id.
/// - An item the response's group is asked but that has no `<answer>` (or an empty one) is
///   "no answer"; an item the group is not asked is absent, whatever the file says.
/// - `group`, `wave`, `weight` and `duration` on `<responses>` are defaults for every
///   `<response>`; `instrument`, when given, must name the instrument.
/// - A `<response>` with no id, an undeclared group or wave, or a bad weight is rejected (its XML
///   goes to the rejects file); so is one that answers an item twice (`duplicate-answer`).
/// - An answer outside its scale is `invalid`, with a warning at the `<answer>` element.
/// - An unknown item, segment or element is ignored with one warning per name.
///
/// Structural problems (not well-formed XML, a DTD or entity, a wrong root element) throw
/// `.dataError` at `path:line:column`.
public enum XMLResponseReader {
    static let policy = XMLDocumentPolicy(allowsExternalDTD: false, formatName: "generic XML")

    /// Reads one input.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - inputIndex: Its position among the run's inputs (recorded in row origins).
    ///   - instrument: The questionnaire the items map to.
    ///   - options: `--wave`, `--group` and friends.
    /// - Throws: ``SurveyError`` `.noInput` when the file cannot be read, `.dataError` when it is
    ///   not a well-formed generic XML export.
    /// - Complexity: O(file size) time; memory flat in the file size (plus the table). A large
    ///   file without slices is read on every core (``XMLParallelReader``), with the same result.
    ///
    /// With `slices`, accepted rows are handed over as they are read instead of kept (the
    /// returned table holds only the labels): memory flat whatever the number of responses.
    public static func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, slices: RowSlices? = nil) throws(SurveyError) -> ReadResult {
        if slices == nil, let result = XMLParallelReader.read(path: path, inputIndex: inputIndex, instrument: instrument, options: options) {
            return result
        }
        let reader = try XMLStreamReader(path: path, policy: policy)
        let digest = StreamingDigest(paths: [path])
        var mapper = XMLRecordMapper(reader: reader, instrument: instrument, inputIndex: inputIndex, options: options)
        mapper.slices = slices
        try mapper.run()
        try mapper.handOver()
        let encoding = mapper.encoding
        // Rejects decided after the response's children were read need its XML: a second pass.
        if !mapper.lateRejects.isEmpty {
            let raw = try outerXML(path: path, elementOrdinals: Set(mapper.lateRejects.keys))
            for (index, ordinal) in mapper.lateRejects.sorted(by: { $0.key < $1.key }).map({ ($0.value, $0.key) }) {
                mapper.assembler.rejects[index].raw = raw[ordinal] ?? ""
            }
        }
        let diagnostics = mapper.assembler.diagnostics(locatingElementsIn: path)
        let assembler = mapper.assembler
        let summary = InputSummary(
            path: path, format: "xml", sha256: digest.wait(), encoding: encoding,
            read: assembler.read, accepted: mapper.handedOver + assembler.table.rowCount, rejected: assembler.rejects.count,
            invalidAnswers: assembler.invalidAnswers)
        return ReadResult(table: assembler.table, summary: summary, rejects: assembler.rejects, diagnostics: diagnostics)
    }

    /// The `<response` start tags in some bytes of a generic XML export (a sample, to estimate
    /// its responses).
    public static func responseStartTags(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        XMLParallelReader.recordStarts(bytes)
    }

    /// The XML text of the `<response>` elements whose start tags end on the given lines (the
    /// lines recorded in row origins), for the rejects file.
    public static func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        let reader = try XMLStreamReader(path: path, policy: policy)
        let response = reader.intern("response")
        var found: [Int: String] = [:]
        while found.count < lines.count, let kind = try reader.read() {
            guard kind == XMLStreamReader.Kind.element, reader.name == response else { continue }
            let line = reader.line
            if lines.contains(line), found[line] == nil { found[line] = reader.outerXML() }
        }
        return found
    }

    /// The XML text of the elements with the given document-order ordinals.
    static func outerXML(path: String, elementOrdinals: Set<Int>, policy: XMLDocumentPolicy = policy) throws(SurveyError) -> [Int: String] {
        let reader = try XMLStreamReader(path: path, policy: policy)
        var found: [Int: String] = [:]
        while found.count < elementOrdinals.count, let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.element, elementOrdinals.contains(reader.elementOrdinal) {
                found[reader.elementOrdinal] = reader.outerXML()
            }
        }
        return found
    }
}
