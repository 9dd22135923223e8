import ArgumentParser
import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check an instrument, and inputs against it, without computing anything.")

    @Option(help: "The instrument file (YAML).")
    var instrument: String

    @Option(help: "Wave label for every response.")
    var wave: String?

    @Option(help: "Group id for every response.")
    var group: String?

    @Option(name: .customLong("input-format"), help: "Input format, overriding detection.")
    var inputFormat: String?

    @Option(help: "The survey structure of structure-less response files (a LimeSurvey .lss for a .lsr).")
    var structure: String?

    @Option(name: .customLong("max-field-bytes"), help: "Reject a record holding a CSV field of more bytes than this, as written (reason field-too-large).")
    var maxFieldBytes: Int = CSVLimits.defaultMaxFieldBytes

    @Argument(help: "Survey export files to check against the instrument.")
    var inputs: [String] = []

    func validate() throws {
        try checkMaxFieldBytes(maxFieldBytes)
    }

    func run() throws {
        let text: String
        do {
            try InputFile.requireFile(instrument, what: "instrument")
            text = String(decoding: try InputFile.bytes(instrument), as: UTF8.self)
        } catch {
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
        let (parsed, errors) = InstrumentLoader.check(yaml: text, path: instrument)
        for error in errors { Console.error(error.description) }
        guard let parsed, errors.isEmpty else {
            Console.error("\(instrument): \(errors.count) error\(errors.count == 1 ? "" : "s")")
            throw ExitCode(65)
        }
        var lines = ["\(instrument): ok — instrument \(parsed.id), \(parsed.groups.count) groups, \(parsed.items.count) items, \(parsed.dimensions.count) dimensions, \(parsed.kpis.count) KPIs"]
        let options = ReadOptions(wave: wave, group: group, format: inputFormat, maxWarnings: .max, structure: structure, maxFieldBytes: maxFieldBytes)
        // `analyze`'s reading and duplicate pass, over every input at once (a respondent may
        // repeat across files), so that both report the same counts and rejects. The readers'
        // warnings print as each input is read, so that an error later still follows them.
        var readRejects: [RejectedRecord] = []
        var printed = 0
        let read: AnalyzeJob.ReadInputs
        do {
            read = try AnalyzeJob.readInputs(inputs, instrument: parsed, options: options) { result in
                for diagnostic in result.diagnostics { Console.error(diagnostic.description) }
                printed += result.diagnostics.count
                readRejects += result.rejects
            }
        } catch {
            Self.printRejects(readRejects)
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
        for diagnostic in read.diagnostics.dropFirst(printed) { Console.error(diagnostic.description) }
        Self.printRejects(read.rejects)
        for s in read.summaries {
            lines.append("\(s.path): \(s.format), \(s.encoding); read \(s.read) = accepted \(s.accepted) + rejected \(s.rejected); \(s.invalidAnswers) invalid answers")
        }
        let failed = read.rejects.contains { !Self.excludedByDesign.contains($0.reason) } || read.summaries.contains { $0.invalidAnswers > 0 }
        Console.out(lines.joined(separator: "\n") + "\n")
        if failed { throw ExitCode(65) }
    }

    /// Previews, tests, spam and unfinished responses are left out by design, not defects:
    /// they print as notes and do not fail the check.
    static let excludedByDesign: Set<String> = ["preview", "test", "spam", "unfinished"]

    /// One line per rejected record: a note when it was left out by design, else an error.
    static func printRejects(_ rejects: [RejectedRecord]) {
        for reject in rejects {
            let severity = excludedByDesign.contains(reject.reason) ? "note" : "error"
            Console.error("\(reject.path):\(reject.line):1: \(severity): record rejected (\(reject.reason)): \(reject.detail)")
        }
    }
}
