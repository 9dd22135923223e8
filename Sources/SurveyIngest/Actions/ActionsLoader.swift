import Foundation
import SurveyModel

/// Reads an improvement-actions file and checks every action against the instruments whose
/// measures it links to, naming the file, line and column of each problem.
///
/// ```yaml
/// actions:
///   - id: IA-2025-01
///     title: Return marked work with feedback within ten working days
///     owner: Head of Teaching and Learning
///     opened: "2025"              # the wave whose results led to the action (the baseline)
///     due: 2026-06-30
///     status: in-progress         # planned | in-progress | completed | cancelled
///     kpi: learner-feedback       # or item: A4 / dimension: assessment, with group and measure
///     expected-change: 0.05       # in the measure's units; its sign says which way is better
///     notes: Agreed at the 2025 management review.
/// ```
///
/// An action links to exactly one KPI, item or dimension. `group` defaults to the only group the
/// KPI, item or dimension concerns, else `all`; `measure` (item and dimension links only)
/// defaults to `nps` on an NPS scale, `favourable` on a scale with favourable codes, else
/// `index`. `instrument` is needed only when several instruments could hold the link. Unknown
/// keys are errors, as in instrument files.
public enum ActionsLoader {
    /// Reads and checks an actions file.
    ///
    /// - Parameters:
    ///   - path: The file, as the user named it (messages repeat it verbatim).
    ///   - instruments: The instruments the actions may link to.
    /// - Returns: The plan, with the SHA-256 of the file's bytes.
    /// - Throws: `SurveyError(.noInput)` when the file cannot be read; `SurveyError(.dataError)`
    ///   at the first problem in file order.
    public static func load(path: String, instruments: [Instrument]) throws(SurveyError) -> ActionPlan {
        try parse(yaml: read(path: path), path: path, instruments: instruments)
    }

    /// Checks actions-file text.
    ///
    /// - Parameters:
    ///   - yaml: The file's text; its UTF-8 bytes are hashed for provenance.
    ///   - path: The name messages give the file.
    ///   - instruments: The instruments the actions may link to.
    /// - Returns: The plan.
    /// - Throws: `SurveyError(.dataError)` at the first problem in file order.
    public static func parse(yaml: String, path: String, instruments: [Instrument]) throws(SurveyError) -> ActionPlan {
        let result = check(yaml: yaml, path: path, instruments: instruments)
        if let error = result.errors.first { throw error }
        return result.plan ?? ActionPlan(path: path, sha256: SHA256.hex(yaml.utf8), actions: [])
    }

    /// Finds every problem in actions-file text.
    ///
    /// - Returns: The problems in file order, and the plan when there are none.
    public static func check(yaml: String, path: String, instruments: [Instrument]) -> (plan: ActionPlan?, errors: [SurveyError]) {
        let root: YAMLNode?
        do {
            root = try YAMLDocument.compose(yaml, path: path)
        } catch {
            return (nil, [renamed(error)])
        }
        var parser = ActionsParser(path: path, instruments: instruments)
        parser.parse(root: root)
        let errors = parser.errorsInFileOrder
        guard errors.isEmpty else { return (nil, errors) }
        return (ActionPlan(path: path, sha256: SHA256.hex(yaml.utf8), actions: parser.actions), [])
    }

    /// Reads a file as UTF-8 text.
    static func read(path: String) throws(SurveyError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SurveyError(.noInput, path: path, "cannot read actions file: no such file")
        }
        guard !isDirectory.boolValue else {
            throw SurveyError(.noInput, path: path, "cannot read actions file: it is a directory")
        }
        try InputFile.requireFile(path, what: "actions file")
        // Not `Data(contentsOf:)`: Foundation leaks its 4 KiB buffer on an empty file (found by
        // Fuzz/run.sh instrument).
        let data: [UInt8]
        do {
            data = try InputFile.bytes(path)
        } catch {
            var error = error
            error.message = error.message.replacingOccurrences(of: "cannot open input", with: "cannot read actions file")
                .replacingOccurrences(of: "cannot read input", with: "cannot read actions file")
            throw error
        }
        do {
            return try YAMLDocument.decodeUTF8(data, path: path)
        } catch {
            throw renamed(error)
        }
    }

    /// The shared YAML layer speaks of "the instrument file"; here it is the actions file.
    private static func renamed(_ error: SurveyError) -> SurveyError {
        var error = error
        error.message = error.message.replacingOccurrences(of: "the instrument file", with: "the actions file")
        return error
    }
}
