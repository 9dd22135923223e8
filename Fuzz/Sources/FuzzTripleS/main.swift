// libFuzzer target: Triple-S metadata (`.sss`, XML) with its fixed-width or CSV case data.
//
// An input is the metadata, the separator line of ``FuzzParts``, then the data; the data is
// written beside the metadata under every name the reader looks for. Byte 0 chooses the
// instrument. Checked: only a located data error (or a missing data file) on one line, or a
// result with read = accepted + rejected (``Oracle``).
import FuzzSupport

let instruments: [Instrument] = [
    "Tests/SurveyIngestTests/Fixtures/triple-s/sample-1.yaml",
    "Tests/SurveyIngestTests/Fixtures/triple-s/sample-2.yaml",
    "Tests/SurveyIngestTests/Fixtures/triple-s/sample-4.yaml",
].map(FuzzFiles.instrument)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTripleS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let instrument = instruments[Int(data[0]) % instruments.count]
    let parts = FuzzParts.split(UnsafeBufferPointer(start: data + 1, count: size - 1), count: 2)
    let metadata = FuzzFiles.write(parts[0], as: "survey.sss")
    let caseData = parts.count > 1 ? parts[1] : []
    for name in ["survey.asc", "survey.csv", "survey.dat", "survey.txt"] { _ = FuzzFiles.write(caseData, as: name) }
    _ = TripleSFormat().detect(prefix: Array(parts[0].prefix(64 * 1024)), path: metadata)
    do {
        let result = try TripleSResponseReader.read(path: metadata, inputIndex: 0, instrument: instrument, options: ReadOptions(maxWarnings: 5))
        Oracle.check(result, instrument: instrument)
        _ = try TripleSResponseReader.rawRecords(path: metadata, lines: Set(result.table.origins.prefix(3).map(\.line)))
    } catch {
        Oracle.check(error, allowed: [.dataError, .noInput])
    }
    return 0
}
