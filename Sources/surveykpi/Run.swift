import ArgumentParser
import SurveyKit
import SurveyModel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly job: read what changed, record KPIs in the history, write every output.",
        discussion: """
            Takes a lock next to the database (exit 75 while another run holds it), reads only the \
            instruments whose inputs changed since the last successful run, records results in the \
            SQLite history in one transaction, writes each output through a temporary file renamed \
            into place, and logs one line per step on stderr. Paths in the configuration are \
            relative to its folder; --database and --output are relative to the working directory.
            """)

    @Option(help: "The run configuration (YAML, SPEC §8).")
    var config: String

    @Option(help: "History database, overriding the configuration's.")
    var database: String?

    @Option(help: "Output directory, overriding the configuration's.")
    var output: String?

    @Flag(help: "Read every input again and replace every wave, changed or not.")
    var force = false

    @Flag(name: .customLong("fail-on-kpi"), help: "Exit with 3 when a KPI is not met in its latest wave.")
    var failOnKPI = false

    @Option(name: .customLong("log-format"), help: "Log lines on stderr: text or json (JSON lines).")
    var logFormat: RunLogFormat = .text

    @Option(name: .customLong("max-field-bytes"), help: "Reject a record holding a CSV field of more bytes than this, as written (reason field-too-large); unchanged inputs are not read again for a new limit (use --force).")
    var maxFieldBytes: Int = 1 << 20

    func validate() throws {
        try checkMaxFieldBytes(maxFieldBytes)
    }

    func run() throws {
        let outcome: RunOutcome
        do {
            outcome = try RunJob.run(RunRequest(config: config, database: database, output: output, force: force, failOnKPI: failOnKPI, logFormat: logFormat, maxFieldBytes: maxFieldBytes))
        } catch {
            // The job has logged the error in the chosen log format.
            throw ExitCode(error.exitCode)
        }
        if failOnKPI && !outcome.notMet.isEmpty { throw ExitCode(3) }
    }
}

extension RunLogFormat: ExpressibleByArgument {}
