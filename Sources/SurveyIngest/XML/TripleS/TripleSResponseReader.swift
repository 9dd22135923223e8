import SurveyModel

/// Reads a Triple-S survey (format `triple-s`): the `.sss` metadata given as the input, and the
/// fixed-width or CSV case data file it names (research/formats.md §6a).
///
/// Variables map to the instrument by `<name>` (or `ident`): `columns.items` names the variable
/// of each item, `columns.respondent`, `group`, `wave`, `weight`, `duration` and `segments` name
/// theirs. Without a respondent variable the `use="serial"` one is the id, else the case's line;
/// without a weight variable of that name the `use="weight"` one weighs (when the instrument
/// declares a weight).
///
/// Values: a `single`'s code (a value label stands in for `labels-in-data` scales); a `quantity`
/// that is a whole number; a `logical` as 1 or 0; one category of a `multiple` as an item named
/// `NAME_CODE`, `NAME.CODE` or `NAME[CODE]` (1 selected, 0 not). A blank field is no answer, or
/// `not-shown` when the variable's `<filter>` is false for the case. A special code (a `<value>`
/// outside the variable's `<range>`, or labelled "Not stated", "Don't know" …) that the scale
/// does not declare becomes the scale's missing reason of the same name, else no answer (with a
/// note) — never `invalid`.
public enum TripleSResponseReader {
    /// Reads one survey.
    ///
    /// - Parameters:
    ///   - path: The `.sss` file.
    ///   - inputIndex: Its position among the run's inputs.
    ///   - instrument: The questionnaire.
    ///   - options: `--wave`, `--group` and friends.
    /// - Throws: ``SurveyError``: `.noInput` when the metadata or data file is missing,
    ///   `.dataError` for bad metadata or a variable the instrument needs that the survey lacks.
    public static func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        let metadata = try TripleSMetadata.load(path: path)
        let dataPath = try TripleSData.dataPath(forMetadata: path, record: metadata.record)
        let digest = StreamingDigest(paths: [path, dataPath])
        let effective = EffectiveColumns(instrument.columns, format: TripleSFormat.formatID, path: path)
        let options = effective.applied(to: options)
        var mapper = try TripleSCaseMapper(
            metadata: metadata, metadataPath: path, dataPath: dataPath, instrument: instrument, effective: effective,
            inputIndex: inputIndex, options: options)
        let encodingWarnings = try TripleSData.forEachCase(metadata: metadata, dataPath: dataPath) { (c) throws(SurveyError) in
            mapper.map(c)
        }
        let assembler = mapper.assembler
        var diagnostics = encodingWarnings + mapper.notes
        diagnostics += assembler.diagnostics(locatingElementsIn: dataPath)
        let summary = InputSummary(
            path: path, format: TripleSFormat.formatID, sha256: digest.wait(), encoding: metadata.encoding,
            read: assembler.read, accepted: assembler.table.rowCount, rejected: assembler.rejects.count,
            invalidAnswers: assembler.invalidAnswers)
        return ReadResult(table: assembler.table, summary: summary, rejects: assembler.rejects, diagnostics: diagnostics)
    }

    /// The data lines of the given line numbers (row origins refer to the data file).
    public static func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        let metadata = try TripleSMetadata.load(path: path)
        let dataPath = try TripleSData.dataPath(forMetadata: path, record: metadata.record)
        var found: [Int: String] = [:]
        try TripleSData.forEachCase(metadata: metadata, dataPath: dataPath) { (c) throws(SurveyError) in
            if lines.contains(c.line) { found[c.line] = c.raw }
        }
        return found
    }
}
