import ArgumentParser
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Analyse survey exports against an instrument.")

    @Option(help: "The instrument file (YAML).")
    var instrument: String

    @OptionGroup var output: OutputOptions

    @Option(help: "Wave label for every response.")
    var wave: String?

    @Option(help: "Group id for every response.")
    var group: String?

    @Option(help: "Break down by these segment columns only (repeatable); default: every declared segment.")
    var segment: [String] = []

    @Option(help: "Write rejected records here (default: <output>/rejects.csv with --output).")
    var rejects: String?

    @Option(name: .customLong("input-format"), help: "Input format, overriding detection.")
    var inputFormat: String?

    @Option(help: "The survey structure of structure-less response files (a LimeSurvey .lss for a .lsr).")
    var structure: String?

    @Option(help: "Leave out flagged respondents: straightliners, speeders (comma-separated).")
    var exclude: String?

    @Option(help: "Improvement actions (YAML) whose status and effectiveness the markdown and html review pack reports.")
    var actions: String?

    @Flag(help: "Turn every rejected record and warning into an error (exit 65).")
    var strict = false

    @Option(name: .customLong("max-field-bytes"), help: "Reject a record holding a CSV field of more bytes than this, as written (reason field-too-large); a header field that large is an error.")
    var maxFieldBytes: Int = CSVLimits.defaultMaxFieldBytes

    @Option(help: "Stream the inputs in two passes instead of holding every response in memory: auto (when they total 256 MiB or more), on, off.")
    var stream: StreamingMode = .auto

    @Argument(help: "Survey export files.")
    var inputs: [String]

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Give at least one input file.") }
        _ = try parsedExclusions()
        try checkMaxFieldBytes(maxFieldBytes)
    }

    func parsedExclusions() throws -> Set<QualityFlags.Flag> {
        guard let exclude else { return [] }
        var flags: Set<QualityFlags.Flag> = []
        for name in exclude.split(separator: ",") {
            guard let flag = QualityFlags.Flag(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--exclude takes straightliners and/or speeders, not \"\(name)\".")
            }
            flags.insert(flag)
        }
        return flags
    }

    func run() throws {
        try runReporting {
            var request = AnalyzeRequest(
                instrument: instrument, inputs: inputs,
                read: ReadOptions(wave: wave, group: group, format: inputFormat, structure: structure, maxFieldBytes: maxFieldBytes),
                format: output.format, outputDirectory: output.output, rejectsPath: rejects,
                segments: segment.isEmpty ? nil : segment, strict: strict, exclude: try parsedExclusions(), color: useColor())
            request.actions = actions
            request.streaming = stream
            try Self.perform(request)
        }
    }

    static func perform(_ request: AnalyzeRequest) throws {
        let outcome = try ProgressLine.around { try AnalyzeJob.run(request) }
        for diagnostic in outcome.diagnostics { Console.error(diagnostic.description) }
        for warning in outcome.report.warnings { Console.error("warning: \(warning)") }
        let rejected = outcome.rejects.count
        if let directory = request.outputDirectory {
            try AnalyzeJob.write(outcome, to: directory, rejectsPath: request.rejectsPath, format: request.format)
            let pack = AnalyzeJob.reviewPackFile(for: request.format).map { "\(directory)/\($0), " } ?? ""
            Console.error("wrote \(pack)\(directory)/report.json, \(directory)/dashboard.txt and \(request.rejectsPath ?? directory + "/rejects.csv") (\(rejected) rejected record\(rejected == 1 ? "" : "s"))")
        } else {
            let text = try AnalyzeJob.render(outcome, as: request.format, color: request.color)
            if let path = request.rejectsPath { try AtomicFile.write(RejectsFile.csv(outcome.rejects), to: path) }
            Console.out(text)
            if rejected > 0 && request.rejectsPath == nil {
                Console.error("note: \(rejected) record\(rejected == 1 ? " was" : "s were") rejected; use --rejects FILE or --output DIR to keep them")
            }
        }
    }
}

extension StreamingMode: ExpressibleByArgument {}

/// `--max-field-bytes` must be a positive number of bytes.
func checkMaxFieldBytes(_ value: Int) throws {
    if value < 1 { throw ValidationError("--max-field-bytes must be at least 1, not \(value).") }
}
