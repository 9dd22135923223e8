import ArgumentParser
import Foundation
import SurveyKit
import SurveyModel

@main
struct SurveyKPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surveykpi",
        abstract: "Stakeholder-survey KPIs for ISO 21001 monitoring, analysis and management review.",
        discussion: "With no subcommand, analyses the bundled demo (Surveys/ and Datasets/demo/) and prints its dashboard.",
        version: SurveyKPIVersion.current,
        subcommands: [Demo.self, Analyze.self, Validate.self, Generate.self, Inspect.self, Run.self, History.self],
        defaultSubcommand: Demo.self)
}

/// `surveykpi` with no subcommand: the bundled demo, with `analyze`'s `--format` and `--output`.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Analyse the bundled demo (the default).")

    @OptionGroup var output: OutputOptions

    @Option(help: "Improvement actions (YAML) for the review pack (default: Datasets/demo/actions.yaml).")
    var actions: String?

    func run() throws {
        try runReporting {
            var request = try DemoLocator.request(format: output.format, outputDirectory: output.output, color: useColor())
            if let actions { request.actions = actions }
            try Analyze.perform(request)
        }
    }
}

/// `--format` and `--output`, shared by the demo and `analyze`.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")) (markdown and html: the management review pack).")
    var format: OutputFormat = .text

    @Option(help: "Write report.json, dashboard.txt and rejects.csv into this directory instead of printing.")
    var output: String?
}

extension OutputFormat: ExpressibleByArgument {}

/// Runs a body, turning a ``SurveyError`` into its message on stderr and its exit code.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SurveyError {
        Console.error(error.description)
        throw ExitCode(error.exitCode)
    }
}

/// Colour only on a terminal, never with NO_COLOR.
func useColor() -> Bool {
    isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}

enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
