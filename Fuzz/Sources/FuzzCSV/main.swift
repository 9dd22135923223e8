// libFuzzer target: the CSV tokenizer, the generic CSV reader and the survey tools' CSV readers.
//
// Byte 0 of an input chooses (bits 0-2) the instrument, (bits 3-5) the limits and (bits 6-7) the
// chunk size; the rest is the file. Checked on every input:
// - the tokenizer gives the same records, oversized records and error whole and in chunks;
// - with limits it gives what it gives without them, except that every record over the limits
//   goes to the oversized handler with a true account of what is too large;
// - the reader (the one detection picks) throws only a located data error on one line, or
//   returns a result with read = accepted + rejected (``Oracle``);
// - the generic reader gives the same result whole, streamed in pieces, and in slices of rows.
import FuzzSupport

/// `Fuzz/Seeds/csv-control.txt`: what byte 0 chooses from (shared with the regression test).
let control = FuzzFiles.text("Fuzz/Seeds/csv-control.txt").split(separator: "\n").filter { !$0.hasPrefix("#") }
    .map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
let instruments = control.filter { $0[0] == "instrument" }.map { FuzzFiles.instrument($0[1]) }
let fieldLimits = control.filter { $0[0] == "max-field-bytes" }.compactMap { Int($0[1]) }
let fieldCountLimits = [100_000, 3, 100_000, 9, 100_000, 40, 100_000, 100_000]
let chunkSizes = [1, 2, 7, 64]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let choice = Int(data[0])
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let instrument = instruments[choice & 7]
    let limits = CSVLimits(maxFieldBytes: fieldLimits[(choice >> 3) & 7], maxFields: fieldCountLimits[(choice >> 3) & 7])
    checkTokenizer(body, limits: limits, chunk: chunkSizes[choice >> 6])
    checkReader(body, instrument: instrument, limits: limits)
    return 0
}

func checkTokenizer(_ bytes: [UInt8], limits: CSVLimits, chunk: Int) {
    let dialect = CSVDialect.sniff(bytes)
    let whole = CSVTokenizing.whole(bytes, dialect: dialect, limits: limits)
    let chunked = CSVTokenizing.chunked(bytes, dialect: dialect, limits: limits, size: chunk)
    if whole != chunked {
        Oracle.fail("whole and \(chunk)-byte chunks differ:\n\(whole.map(\.description).joined(separator: "\n"))\n---\n\(chunked.map(\.description).joined(separator: "\n"))")
    }
    let free = CSVTokenizing.whole(bytes, dialect: dialect, limits: .unlimited)
    if free.count != whole.count { Oracle.fail("limits changed the number of records: \(free.count) → \(whole.count)") }
    for (limited, unlimited) in zip(whole, free) {
        switch (limited, unlimited) {
        case (.record, .record), (.error, .error):
            if limited != unlimited { Oracle.fail("limits changed a record: \(unlimited) → \(limited)") }
            if case let .record(_, _, fields, _, _) = limited {
                if fields.count > limits.maxFields { Oracle.fail("a record of \(fields.count) fields passed the limit") }
                if let big = fields.first(where: { $0.count > limits.maxFieldBytes }) {
                    Oracle.fail("a field of \(big.count) bytes passed the limit")
                }
            }
        case let (.oversized(line, offset, problem, _, rawCount, prefix), .record(fline, foffset, fields, _, raw)):
            if line != fline || offset != foffset || rawCount != raw.count || prefix != Array(raw.prefix(limits.maxFieldBytes)) {
                Oracle.fail("oversized record misplaced: \(limited) vs \(unlimited)")
            }
            switch problem {
            case let .fieldTooLarge(field, bytes):
                if field >= fields.count || bytes <= limits.maxFieldBytes || bytes < fields[field].count {
                    Oracle.fail("wrong oversize \(problem) for \(unlimited)")
                }
            case let .tooManyFields(count):
                if count != fields.count || count <= limits.maxFields { Oracle.fail("wrong oversize \(problem) for \(unlimited)") }
            }
        default:
            Oracle.fail("limits changed a record: \(unlimited) → \(limited)")
        }
    }
}

func checkReader(_ bytes: [UInt8], instrument: Instrument, limits: CSVLimits) {
    let options = ReadOptions(maxWarnings: 5, maxFieldBytes: limits.maxFieldBytes)
    let prefix = Array(bytes.prefix(64 * 1024))
    let detected = InputFormats.all.filter { $0.id != "csv" && $0.detect(prefix: prefix, path: "fuzz.csv") }
    if detected.isEmpty {
        let path = FuzzFiles.write(bytes, as: "fuzz.csv")
        let whole = Result { () throws(SurveyError) -> ReadResult in
            let decoded = try TextDecoding.decode(bytes, path: path)
            return try CSVResponseReader.read(decoded: decoded, sha256: "", path: path, inputIndex: 0, instrument: instrument, options: options)
        }
        check(whole, instrument: instrument)
        // The streaming reader, in pieces of 64 to 512 bytes on one or two threads, must give
        // exactly what the whole-file reader gives, errors included.
        var streaming = options
        streaming.chunkBytes = 64 << (bytes.count % 4)
        streaming.threads = 1 + bytes.count % 2
        let streamed = Result { () throws(SurveyError) -> ReadResult in
            try CSVResponseReader.read(path: path, inputIndex: 0, instrument: instrument, options: streaming)
        }
        if !sameRead(whole, streamed) {
            Oracle.fail("the streaming reader (pieces of \(streaming.chunkBytes) bytes, \(streaming.threads) threads) differs from the whole-file reader: \(streamed.map(\.summary)) vs \(whole.map(\.summary))")
        }
        // Handing the rows over in slices (as `analyze --stream` does) loses and adds nothing:
        // the slices, put back together, are the whole-file reader's table.
        let sliceRows = 1 + bytes.count % 5
        var combined: ResponseTable? = nil
        let sliced = Result { () throws(SurveyError) -> ReadResult in
            var result = try GenericCSVFormat().read(
                path: path, inputIndex: 0, instrument: instrument, options: streaming,
                slices: RowSlices(rows: sliceRows) { slice throws(SurveyError) in
                    if slice.rowCount == 0 { Oracle.fail("an empty slice was handed over") }
                    if combined == nil { combined = slice } else { combined!.append(contentsOf: slice) }
                })
            if result.table.rowCount != 0 { Oracle.fail("rows were kept as well as handed over") }
            result.table = combined ?? result.table
            return result
        }
        if !sameRead(whole, sliced) {
            Oracle.fail("the reader in slices of \(sliceRows) rows differs from the whole-file reader: \(sliced.map(\.summary)) vs \(whole.map(\.summary))")
        }
    } else if detected.count == 1, detected[0].id.hasSuffix("-csv") {
        let path = FuzzFiles.write(bytes, as: "input.csv")
        check(Result { () throws(SurveyError) -> ReadResult in
            try detected[0].read(path: path, inputIndex: 0, instrument: instrument, options: options)
        }, instrument: instrument)
    }
    // XML, or ambiguous: other targets' business.
}

func check(_ result: Result<ReadResult, SurveyError>, instrument: Instrument) {
    switch result {
    case .success(let read): Oracle.check(read, instrument: instrument)
    case .failure(let error): Oracle.check(error)
    }
}
