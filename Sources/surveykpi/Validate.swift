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
        var table = ResponseTable(
            itemCount: parsed.items.count, segmentNames: parsed.columns.segments,
            hasWeights: parsed.columns.weight != nil, hasDurations: parsed.columns.duration != nil)
        var summaries: [InputSummary] = []
        var rejects: [RejectedRecord] = []
        var diagnostics: [Diagnostic] = []
        do {
            for (index, path) in inputs.enumerated() {
                let result = try InputReader.read(path: path, inputIndex: index, instrument: parsed, options: options)
                for diagnostic in result.diagnostics { Console.error(diagnostic.description) }
                table.append(contentsOf: result.table)
                summaries.append(result.summary)
                rejects += result.rejects
            }
            // The duplicate pass `analyze` runs, over every input at once (a respondent may
            // repeat across files), so that both report the same counts and rejects.
            _ = try DuplicateResolver.rejectDuplicates(
                in: &table, inputs: inputs, instrument: parsed, summaries: &summaries, rejects: &rejects,
                diagnostics: &diagnostics, threads: options.resolvedThreads
            ) { input, lines throws(SurveyError) in
                try InputReader.rawRecords(path: inputs[input], lines: lines, options: options)
            }
        } catch {
            Self.printRejects(rejects)
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
        for diagnostic in diagnostics { Console.error(diagnostic.description) }
        let rank = Dictionary(summaries.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        Self.printRejects(rejects.sorted { (rank[$0.path] ?? 0, $0.line) < (rank[$1.path] ?? 0, $1.line) })
        for s in summaries {
            lines.append("\(s.path): \(s.format), \(s.encoding); read \(s.read) = accepted \(s.accepted) + rejected \(s.rejected); \(s.invalidAnswers) invalid answers")
        }
        let failed = rejects.contains { !Self.excludedByDesign.contains($0.reason) } || summaries.contains { $0.invalidAnswers > 0 }
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
