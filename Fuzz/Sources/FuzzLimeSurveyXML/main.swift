// libFuzzer target: LimeSurvey's `.lss` survey structure and `.lsr` responses, read together.
//
// An input is the structure, the separator line of ``FuzzParts``, then the responses (seeds
// pair the fixtures so). Checked: only a located data error on one line, or a result with
// read = accepted + rejected (``Oracle``).
import FuzzSupport

let instrument = FuzzFiles.instrument("Tests/SurveyIngestTests/Fixtures/xml/limesurvey/instrument.yaml")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLimeSurveyXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = FuzzParts.split(UnsafeBufferPointer(start: data, count: size), count: 2)
    let structure = FuzzFiles.write(parts[0], as: "survey_123456.lss")
    let responses = FuzzFiles.write(parts.count > 1 ? parts[1] : [], as: "survey_123456_responses.lsr")
    _ = LimeSurveyXMLFormat().detect(prefix: Array((parts.last ?? []).prefix(64 * 1024)), path: responses)
    do {
        let result = try LimeSurveyResponseReader.read(
            path: responses, structurePath: structure, inputIndex: 0, instrument: instrument, options: ReadOptions(maxWarnings: 5))
        Oracle.check(result, instrument: instrument)
        _ = try LimeSurveyResponseReader.rawRecords(path: responses, lines: Set(result.table.origins.prefix(3).map(\.line)))
    } catch {
        Oracle.check(error)
    }
    return 0
}
