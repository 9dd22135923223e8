import SurveyModel

/// Reads a whole CSV input the way its format does and profiles every column, for
/// `surveykpi inspect` and instrument drafts.
public enum ExportProfiler {
    /// Distinct values kept per column; beyond this only counts grow.
    public static let distinctLimit = 200

    /// Profiles an input.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - format: Its format, detected or named.
    ///   - detected: Whether it was detected.
    /// - Throws: `.noInput` when the file cannot be read, `.dataError` when it is broken,
    ///   `.usage` when the format is not a CSV layout.
    public static func profile(path: String, format: any InputFormat, detected: Bool) throws(SurveyError) -> ExportProfile {
        let raw = try InputFile.bytes(path)
        let text: ExportText
        if let export = format as? any ExportCSVFormat {
            text = try ExportText(raw: raw, path: path, format: export)
        } else if format.id == GenericCSVFormat().id {
            text = try ExportText(raw: raw, path: path, format: PlainCSVLayout())
        } else {
            throw SurveyError(.usage, path: path, "inspect reads CSV exports; format \(format.id) is not one")
        }
        let layout = text.layout
        var columns = layout.names.indices.map { i in
            ColumnProfile(
                position: i + 1, name: layout.names[i], aliases: layout.aliases[i], label: layout.labels[i], values: [],
                counts: [:], overflow: false, filled: 0, blank: 0, notShown: 0, longest: 0, dates: 0, placeholderDates: 0,
                waveFailures: (0, 0), dayFirstWaveFailures: (0, 0), monthFirstWaveFailures: (0, 0))
        }
        let labeler = WaveLabeler(WaveFrom(column: "", calendar: .academicYear), structure: layout.structure)
        let dayFirst = WaveLabeler(WaveFrom(column: "", calendar: .academicYear, dateOrder: .dayFirst), structure: layout.structure)
        let monthFirst = WaveLabeler(WaveFrom(column: "", calendar: .academicYear, dateOrder: .monthFirst), structure: layout.structure)
        var records = 0
        var ragged = 0
        var excluded: [String: Int] = [:]
        var index = 0
        do {
            try CSVTokenizer.records(in: text.decoded.bytes, dialect: text.dialect, path: path) { record in
                index += 1
                guard index > layout.headerRows else { return }
                if layout.skipsEmptyRecords && ExportCSVReader.isEmpty(record) { return }
                records += 1
                guard record.fieldCount == columns.count else {
                    ragged += 1
                    return
                }
                let exclusion = layout.filter.isActive ? layout.filter.exclusion(record)?.reason : nil
                if let exclusion { excluded[exclusion, default: 0] += 1 }
                for i in columns.indices {
                    count(record, field: i, into: &columns[i], structure: layout.structure, labelers: (labeler, dayFirst, monthFirst), kept: exclusion == nil)
                }
            }
        } catch let error as SurveyError {
            throw error
        } catch {
            throw SurveyError(.internalError, path: path, "\(error)")
        }
        return ExportProfile(
            path: path, format: format.id, detected: detected, encoding: text.decoded.encoding.rawValue,
            delimiter: text.dialect.delimiter, hadSepLine: text.dialect.hadSepLine, headerRows: layout.rowRoles,
            notes: layout.notes, records: records, ragged: ragged, excluded: excluded, hints: layout.hints, columns: columns,
            warnings: text.decoded.warnings.map(\.message))
    }

    private static func count(
        _ record: borrowing CSVRecord, field i: Int, into column: inout ColumnProfile, structure: ExportStructure,
        labelers: (plain: WaveLabeler, dayFirst: WaveLabeler, monthFirst: WaveLabeler), kept: Bool
    ) {
        let bytes = FieldBytes.trimmed(record.field(i))
        func tally(_ labeler: WaveLabeler, _ failures: inout (kept: Int, all: Int)) {
            if case .failure = labeler.label(record.field(i)) {
                failures.all += 1
                if kept { failures.kept += 1 }
            }
        }
        tally(labelers.plain, &column.waveFailures)
        tally(labelers.dayFirst, &column.dayFirstWaveFailures)
        tally(labelers.monthFirst, &column.monthFirstWaveFailures)
        guard !bytes.isEmpty else {
            let quoted = record.isQuoted(i)
            if structure.distinguishNotShown && !quoted { column.notShown += 1 } else { column.blank += 1 }
            return
        }
        column.filled += 1
        let value = String(decoding: bytes, as: UTF8.self)
        column.longest = max(column.longest, value.count)
        if structure.placeholderDates.contains(value) {
            column.placeholderDates += 1
        } else if ExportDate.read(bytes, monthFirst: structure.monthFirstDates) != .unreadable {
            column.dates += 1
        }
        if let seen = column.counts[value] {
            column.counts[value] = seen + 1
        } else if column.values.count < distinctLimit {
            column.values.append(value)
            column.counts[value] = 1
        } else {
            column.overflow = true
        }
    }
}

/// The generic `csv` layout seen through the export machinery: one header row, nothing marked.
struct PlainCSVLayout: ExportCSVFormat {
    let id = "csv"
    func detect(_ scan: HeaderScan) -> Bool { true }
    func layout(_ scan: HeaderScan, path: String) throws(SurveyError) -> ExportLayout {
        ExportLayout(header: scan.fields(0))
    }
}
