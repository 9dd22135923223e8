import Foundation
import SurveyModel

/// Reads an instrument file (SPEC §2) and checks every rule, naming the file, line and column of
/// each problem.
///
/// The YAML is composed into a node tree with Yams and walked by hand (no `Codable`), so that
/// every message points at the offending key or value:
///
/// ```text
/// Surveys/learners.yaml:7:12: error: unknown key "titel" in group "learner"; expected one of:
/// title, role, values, population (did you mean "title"?)
/// ```
///
/// Unknown keys are errors, never ignored, so that a typo cannot pass silently.
public enum InstrumentLoader {
    /// Reads and validates an instrument file.
    ///
    /// - Parameter path: The file, as the user named it (messages repeat it verbatim).
    /// - Returns: The instrument, with `sha256` set to the hash of the file's bytes.
    /// - Throws: `SurveyError(.noInput)` when the file is missing or unreadable
    ///   (`cannot read instrument: …`); `SurveyError(.dataError)` at the first problem in file
    ///   order when a rule is broken.
    public static func load(path: String) throws(SurveyError) -> Instrument {
        let text = try read(path: path)
        return try parse(yaml: text, path: path)
    }

    /// Validates instrument text.
    ///
    /// - Parameters:
    ///   - yaml: The file's text; its UTF-8 bytes are hashed for `sha256`.
    ///   - path: The name messages give the file.
    /// - Returns: The instrument.
    /// - Throws: `SurveyError(.dataError)` at the first problem in file order.
    public static func parse(yaml: String, path: String) throws(SurveyError) -> Instrument {
        let result = check(yaml: yaml, path: path)
        if let error = result.errors.first { throw error }
        guard let instrument = result.instrument else {
            throw SurveyError(.internalError, path: path, "instrument check found no error but built no instrument")
        }
        return instrument
    }

    /// Finds every problem, for `surveykpi validate`.
    ///
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - path: The name messages give the file.
    /// - Returns: The problems in file order, and the instrument when there are none. A YAML
    ///   syntax error stops the check, so it is then the only problem.
    public static func check(yaml: String, path: String) -> (instrument: Instrument?, errors: [SurveyError]) {
        let root: YAMLNode?
        do {
            root = try YAMLDocument.compose(yaml, path: path)
        } catch {
            return (nil, [error])
        }
        var parser = InstrumentParser(path: path)
        parser.parse(root: root)
        let errors = parser.errorsInFileOrder
        guard errors.isEmpty else { return (nil, errors) }
        return (parser.instrument(sha256: SHA256.hex(yaml.utf8)), [])
    }

    /// Reads a file as UTF-8 text.
    ///
    /// - Throws: `SurveyError(.noInput)` when it cannot be read; `SurveyError(.dataError)` when it
    ///   is not UTF-8.
    static func read(path: String) throws(SurveyError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SurveyError(.noInput, path: path, "cannot read instrument: no such file")
        }
        guard !isDirectory.boolValue else {
            throw SurveyError(.noInput, path: path, "cannot read instrument: it is a directory")
        }
        try InputFile.requireFile(path, what: "instrument")
        // Not `Data(contentsOf:)`: Foundation leaks its 4 KiB buffer on an empty file (found by
        // Fuzz/run.sh instrument).
        let data: [UInt8]
        do {
            data = try InputFile.bytes(path)
        } catch {
            var error = error
            error.message = error.message.replacingOccurrences(of: "cannot open input", with: "cannot read instrument")
                .replacingOccurrences(of: "cannot read input", with: "cannot read instrument")
            throw error
        }
        return try YAMLDocument.decodeUTF8(data, path: path)
    }
}
