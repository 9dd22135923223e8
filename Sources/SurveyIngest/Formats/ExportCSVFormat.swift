import SurveyModel

/// A survey tool's CSV export (SPEC §3): recognised by its first records, read through a layout
/// that names its columns, and then mapped record by record like any CSV.
///
/// Conforming types say only what is particular to the tool; reading, mapping, rejects and
/// accounting are shared (``ExportCSVReader`` and the generic CSV's record mapper).
protocol ExportCSVFormat: InputFormat {
    /// Whether the first records (up to four, trimmed) look like this tool's export.
    func detect(_ scan: HeaderScan) -> Bool
    /// The layout of a file that starts with these records.
    ///
    /// - Throws: `.dataError` when the file lacks a header row the layout needs.
    func layout(_ scan: HeaderScan, path: String) throws(SurveyError) -> ExportLayout
}

extension ExportCSVFormat {
    /// Decodes the prefix, sniffs its delimiter and asks ``detect(_:)`` about its first records.
    func detect(prefix: [UInt8], path: String) -> Bool {
        guard let scan = ExportText.scan(prefix: prefix, path: path) else { return false }
        return detect(scan)
    }

    /// Reads with ``ExportCSVReader``.
    func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) throws(SurveyError) -> ReadResult {
        try ExportCSVReader.read(self, path: path, inputIndex: inputIndex, instrument: instrument, options: options)
    }

    /// Header rows are never rejected, so the generic record lookup serves.
    func rawRecords(path: String, lines: Set<Int>) throws(SurveyError) -> [Int: String] {
        try CSVResponseReader.rawRecords(path: path, lines: lines)
    }

    /// An error at the start of the file when it ends before its header rows do.
    func missingHeaderRows(_ scan: HeaderScan, expected: Int, what: String, path: String) -> SurveyError {
        let line = scan.rows.last.map { $0.line + 1 } ?? 1
        return SurveyError(
            .dataError, at: InputLocation(path: path, line: line, column: 1),
            "\(id) export ends after \(scan.rows.count) header row\(scan.rows.count == 1 ? "" : "s"); expected \(expected) (\(what))")
    }
}

/// A decoded export: its text, dialect, first records and layout.
struct ExportText {
    var decoded: DecodedText
    var dialect: CSVDialect
    var scan: HeaderScan
    var layout: ExportLayout

    /// How many records detection and layouts look at.
    static let scannedRows = 4

    /// Decodes and lays out a whole file; a header row over `limits` is an error.
    init(raw: [UInt8], path: String, format: some ExportCSVFormat, limits: CSVLimits = .default) throws(SurveyError) {
        decoded = try TextDecoding.decode(raw, path: path)
        if decoded.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file; expected a header row naming the columns")
        }
        dialect = CSVDialect.sniff(decoded.bytes)
        scan = HeaderScan(decoded.bytes, dialect: dialect, path: path, limit: Self.scannedRows, limits: limits)
        do {
            layout = try format.layout(scan, path: path)
        } catch {
            // The rows a layout missed may be the ones the limits stopped at.
            throw scan.oversized?.error ?? error
        }
        if let oversized = scan.oversized, oversized.index < layout.headerRows { throw oversized.error }
    }

    /// The first records of a file's first bytes, or nil when they cannot be decoded.
    static func scan(prefix: [UInt8], path: String) -> HeaderScan? {
        // A prefix may end inside a UTF-16 code unit or a UTF-8 sequence: retry a byte shorter.
        for cut in 0...3 where prefix.count > cut {
            guard let decoded = try? TextDecoding.decode(Array(prefix.dropLast(cut)), path: path) else { continue }
            if decoded.encoding == .windows1252 && cut < 3 && prefix.count >= 64 * 1024 { continue }
            let dialect = CSVDialect.sniff(decoded.bytes)
            return HeaderScan(decoded.bytes, dialect: dialect, path: path, limit: scannedRows)
        }
        return nil
    }
}

/// Reads a survey tool's CSV export into a ``ResponseTable`` through its ``ExportLayout``.
///
/// The header rows bind the columns (by their names and aliases) to the instrument's mapping for
/// this input; every later record is counted as read, then left out when the tool marks it (a
/// preview, a test, an unfinished response), rejected when broken, or mapped exactly as the
/// generic CSV reader maps it.
enum ExportCSVReader {
    /// Reads one input of a tool format.
    ///
    /// - Throws: ``SurveyError`` `.noInput` when the file cannot be read, `.dataError` when it is
    ///   structurally broken or lacks a column the mapping needs.
    static func read(
        _ format: some ExportCSVFormat, path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions
    ) throws(SurveyError) -> ReadResult {
        let raw = try InputFile.bytes(path)
        let sha = SHA256.hex(raw)
        let text = try ExportText(raw: raw, path: path, format: format, limits: options.csvLimits)
        let layout = text.layout
        var mapper = RecordMapper(
            path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format.id,
            structure: layout.structure)
        mapper.diagnostics = text.decoded.warnings
        let header = text.scan.rows[0]
        try mapper.bind(header: layout.names, aliases: layout.aliases) { i in
            InputLocation(path: path, line: header.line, column: i < header.columns.count ? header.columns[i] : 1)
        }
        if layout.filter.isActive {
            var filter = layout.filter
            filter.include = mapper.effective.mapping.include
            mapper.filter = filter
        }
        var index = 0
        do {
            try CSVTokenizer.records(
                in: text.decoded.bytes, dialect: text.dialect, path: path, limits: options.csvLimits,
                oversized: { record in
                    index += 1
                    guard index > layout.headerRows else { throw record.headerError(path: path) }
                    try mapper.consumeOversized(record)
                }
            ) { record in
                index += 1
                guard index > layout.headerRows else { return }
                if layout.skipsEmptyRecords && isEmpty(record) { return }
                mapper.read += 1
                try mapper.map(record)
            }
        } catch let error as SurveyError {
            throw error
        } catch {
            throw SurveyError(.internalError, path: path, "\(error)")
        }
        if mapper.suppressedWarnings > 0 {
            mapper.diagnostics.append(Diagnostic(.warning, at: nil, path: path, "\(mapper.suppressedWarnings) more invalid answers not shown"))
        }
        let summary = InputSummary(
            path: path, format: format.id, sha256: sha, encoding: text.decoded.encoding.rawValue,
            read: mapper.read, accepted: mapper.table.rowCount, rejected: mapper.rejects.count,
            invalidAnswers: mapper.invalidAnswers)
        return ReadResult(table: mapper.table, summary: summary, rejects: mapper.rejects, diagnostics: mapper.diagnostics)
    }

    /// Whether every field of a record is empty (quoted or not).
    static func isEmpty(_ record: borrowing CSVRecord) -> Bool {
        for i in 0..<record.fieldCount where !FieldBytes.trimmed(record.field(i)).isEmpty { return false }
        return true
    }
}
