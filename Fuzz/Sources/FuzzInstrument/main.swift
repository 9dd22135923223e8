// libFuzzer target: the instrument loader (YAML through Yams, then every SPEC §2 rule), and the
// improvement-actions loader on the same text.
//
// Checked on every input: loading from a file and checking the text agree; every problem is a
// located data error on one line (never an internal error or a crash, whatever the nesting);
// an instrument that loads is consistent (``checkInstrument(_:)``).
import FuzzSupport

let linkTargets: [Instrument] = [
    FuzzFiles.instrument("Surveys/stakeholder-survey.yaml"),
    FuzzFiles.instrument("Tests/SurveyCLITests/Fixtures/mini.yaml"),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInstrument(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let path = FuzzFiles.write(bytes, as: "instrument.yaml")
    do {
        let instrument = try InstrumentLoader.load(path: path)
        checkInstrument(instrument)
        let (checked, errors) = InstrumentLoader.check(yaml: String(decoding: bytes, as: UTF8.self), path: path)
        if checked == nil || !errors.isEmpty { Oracle.fail("load accepted what check refused: \(errors)") }
    } catch {
        Oracle.check(error)
    }
    if let text = String(validating: bytes, as: UTF8.self) {
        let (_, errors) = InstrumentLoader.check(yaml: text, path: "i.yaml")
        for error in errors { Oracle.check(error) }
        let (_, actionErrors) = ActionsLoader.check(yaml: text, path: "a.yaml", instruments: linkTargets)
        for error in actionErrors { Oracle.check(error) }
    }
    return 0
}

/// What a loaded instrument must satisfy: every reference resolves.
func checkInstrument(_ instrument: Instrument) {
    if instrument.groups.isEmpty { Oracle.fail("an instrument without groups loaded") }
    if instrument.items.isEmpty { Oracle.fail("an instrument without items loaded") }
    for item in instrument.items {
        let scale = instrument.scale(of: item)
        if scale.lower > scale.upper { Oracle.fail("scale \(scale) has lower > upper") }
    }
    _ = instrument.groups.map { instrument.groupIndex($0.id) }
}
