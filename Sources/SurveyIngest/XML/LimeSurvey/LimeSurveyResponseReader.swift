import CLibXML2
import SurveyModel

/// Reads LimeSurvey `.lsr` response XML (format `limesurvey-xml`) with its `.lss` structure
/// (research/formats.md §1c), streaming.
///
/// - Row elements are database column names (`_123456X7X10SQ001`); they are mapped back to
///   question codes through the `.lss`, so the instrument names items as LimeSurvey's CSV export
///   heads them (`Q1[SQ001]` or `Q1_SQ001`; see ``LimeSurveyColumn``).
/// - Values are answer codes. Where a question's answer options carry assessment values (any
///   non-zero), the value of the chosen option is the answer; otherwise the code itself (or, with
///   `labels-in-data`, the option's label). A code that is a declared missing code of the scale
///   stays missing either way.
/// - A column left out of a row is NULL: the question was never shown (`not-shown`); an empty
///   element is a question shown and left blank (`no-answer`), as in LimeSurvey's CSV export.
/// - A row without `submitdate` was never submitted and is left out as `unfinished` unless
///   `columns.include` names `unfinished`; `columns.wave-from` derives waves from a date column.
public enum LimeSurveyResponseReader {
    /// Reads one `.lsr` input.
    ///
    /// - Parameters:
    ///   - path: The `.lsr` file.
    ///   - structurePath: Its `.lss` survey structure.
    ///   - inputIndex: The input's position among the run's inputs.
    ///   - instrument: The questionnaire.
    ///   - options: `--wave`, `--group` and friends.
    /// - Throws: ``SurveyError``: `.noInput` for unreadable files, `.dataError` for documents
    ///   that are not well-formed, not LimeSurvey responses, of another survey than the
    ///   structure, or missing a required column.
    public static func read(
        path: String, structurePath: String, inputIndex: Int, instrument: Instrument, options: ReadOptions
    ) throws(SurveyError) -> ReadResult {
        let structure = try LimeSurveyStructure.load(path: structurePath)
        let effective = EffectiveColumns(instrument.columns, format: LimeSurveyXMLFormat.formatID, path: path)
        let options = effective.applied(to: options)
        let reader = try XMLStreamReader(path: path, policy: LimeSurveyDocument.policy)
        let digest = StreamingDigest(paths: [path])
        var mapper = LimeSurveyRowMapper(
            reader: reader, structure: structure, structurePath: structurePath, instrument: instrument,
            effective: effective, inputIndex: inputIndex, options: options)
        try mapper.run()
        if !mapper.lateRejects.isEmpty {
            let raw = try XMLResponseReader.outerXML(path: path, elementOrdinals: Set(mapper.lateRejects.keys), policy: LimeSurveyDocument.policy)
            for (ordinal, index) in mapper.lateRejects { mapper.assembler.rejects[index].raw = raw[ordinal] ?? "" }
        }
        let assembler = mapper.assembler
        let summary = InputSummary(
            path: path, format: LimeSurveyXMLFormat.formatID, sha256: digest.wait(), encoding: mapper.encoding,
            read: assembler.read, accepted: assembler.table.rowCount, rejected: assembler.rejects.count,
            invalidAnswers: assembler.invalidAnswers)
        return ReadResult(
            table: assembler.table, summary: summary, rejects: assembler.rejects,
            diagnostics: assembler.diagnostics(locatingElementsIn: path))
    }

    /// The XML text of the `<row>` elements whose start tags end on the given lines.
    public static func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        let reader = try XMLStreamReader(path: path, policy: LimeSurveyDocument.policy)
        let row = reader.intern("row")
        var found: [Int: String] = [:]
        while found.count < lines.count, let kind = try reader.read() {
            guard kind == XMLStreamReader.Kind.element, reader.name == row else { continue }
            let line = reader.line
            if lines.contains(line), found[line] == nil { found[line] = reader.outerXML() }
        }
        return found
    }
}
