import ArgumentParser
import SurveyKit
import SurveyModel

/// `surveykpi inspect INPUT [--draft-instrument]` (SPEC §7).
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show an export's format, encoding, delimiter, header layout and columns, or draft an instrument from it.",
        discussion: """
            Each column is listed with the role its name and values suggest (respondent id, timestamp, \
            item with its likely scale, segment, free text …) and its values. With --draft-instrument, \
            prints instead an instrument YAML that `validate` accepts and `analyze` runs on as it is; \
            check and refine it before relying on its numbers.
            """)

    @Option(name: .customLong("input-format"), help: "Input format, overriding detection.")
    var inputFormat: String?

    @Flag(help: "Print an instrument YAML drafted from the input instead of the column list.")
    var draftInstrument = false

    @Option(help: "The LimeSurvey structure (.lss) of a .lsr response file.")
    var structure: String?

    @Argument(help: "The survey export to inspect.")
    var input: String

    func run() throws {
        try runReporting {
            let format = try InspectJob.formatID(path: input, format: inputFormat)
            if InspectJob.xmlFormats.contains(format) {
                if draftInstrument {
                    throw SurveyError(.usage, path: input, "--draft-instrument drafts from CSV exports; \(format) input is described but not drafted")
                }
                Console.out(try InspectJob.renderXML(path: input, format: format, structure: structure, detected: inputFormat == nil))
                return
            }
            let result = try InspectJob.run(path: input, format: inputFormat)
            Console.out(draftInstrument ? try InspectJob.draft(result) : InspectJob.render(result))
        }
    }
}
