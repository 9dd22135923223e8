// libFuzzer target: the generic XML reader (libxml2's streaming reader, hardened), with format
// detection and the second pass that fetches rejected responses' XML.
//
// Checked on every input: only a located data error on one line, or a result with
// read = accepted + rejected (``Oracle``); the raw records of the rejects can be fetched again.
import FuzzSupport

let instrument = FuzzFiles.instrument("Tests/SurveyIngestTests/Fixtures/xml/mini.yaml")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = GenericXMLFormat().detect(prefix: Array(bytes.prefix(64 * 1024)), path: "input.xml")
    let path = FuzzFiles.write(bytes, as: "input.xml")
    do {
        let result = try XMLResponseReader.read(path: path, inputIndex: 0, instrument: instrument, options: ReadOptions(maxWarnings: 5))
        Oracle.check(result, instrument: instrument)
        let lines = Set(result.table.origins.prefix(3).map(\.line))
        _ = try XMLResponseReader.rawRecords(path: path, lines: lines)
    } catch {
        Oracle.check(error)
    }
    return 0
}
