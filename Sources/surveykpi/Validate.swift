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
        var failed = false
        var lines = ["\(instrument): ok — instrument \(parsed.id), \(parsed.groups.count) groups, \(parsed.items.count) items, \(parsed.dimensions.count) dimensions, \(parsed.kpis.count) KPIs"]
        for (index, path) in inputs.enumerated() {
            do {
                let result = try InputReader.read(path: path, inputIndex: index, instrument: parsed, options: ReadOptions(wave: wave, group: group, format: inputFormat, maxWarnings: .max, structure: structure, maxFieldBytes: maxFieldBytes))
                for diagnostic in result.diagnostics { Console.error(diagnostic.description) }
                for reject in result.rejects { Console.error("\(reject.path):\(reject.line):1: error: record rejected (\(reject.reason)): \(reject.detail)") }
                let s = result.summary
                lines.append("\(path): \(s.format), \(s.encoding); read \(s.read) = accepted \(s.accepted) + rejected \(s.rejected); \(s.invalidAnswers) invalid answers")
                // Previews, tests, spam and unfinished responses are left out by design, not defects.
                let excludedByDesign: Set<String> = ["preview", "test", "spam", "unfinished"]
                if result.rejects.contains(where: { !excludedByDesign.contains($0.reason) }) || s.invalidAnswers > 0 { failed = true }
            } catch {
                Console.error(error.description)
                throw ExitCode(error.exitCode)
            }
        }
        Console.out(lines.joined(separator: "\n") + "\n")
        if failed { throw ExitCode(65) }
    }
}
