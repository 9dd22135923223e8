import SurveyReport
import Foundation
import Logging
import SurveyHistory
import SurveyIngest
import SurveyModel

/// Everything `surveykpi run` is asked to do.
public struct RunRequest: Sendable {
    /// The configuration file (SPEC §8).
    public var config: String
    /// History database overriding the configuration's, relative to the working directory.
    public var database: String?
    /// Output directory overriding the configuration's, relative to the working directory.
    public var output: String?
    /// Read every input again and replace every wave, changed or not.
    public var force: Bool
    /// Whether a KPI not met in its latest wave fails the run (exit 3); only changes the log.
    public var failOnKPI: Bool
    /// Log line format.
    public var logFormat: RunLogFormat
    /// The CSV field limit every input is read with (`--max-field-bytes`).
    public var maxFieldBytes: Int

    /// Creates a request.
    public init(
        config: String, database: String? = nil, output: String? = nil, force: Bool = false, failOnKPI: Bool = false, logFormat: RunLogFormat = .text,
        maxFieldBytes: Int = CSVLimits.defaultMaxFieldBytes
    ) {
        self.maxFieldBytes = maxFieldBytes
        self.config = config
        self.database = database
        self.output = output
        self.force = force
        self.failOnKPI = failOnKPI
        self.logFormat = logFormat
    }
}

/// What a run did.
public struct RunOutcome: Sendable {
    /// The index written (built from the history after the run).
    public var index: RunIndex
    /// Ids of the instruments whose inputs were read again.
    public var reread: [String]
    /// Files written, relative to the output directory, in order.
    public var files: [String]
    /// KPI series not met in their latest wave.
    public var notMet: [KPISeries] { index.notMet }
}

/// The nightly job (SPEC §8): lock, read what changed, record results in the history in one
/// transaction, write every output through a temporary file renamed into place, log one line per
/// step.
///
/// The order makes a kill at any moment harmless: nothing is written before every changed
/// instrument has been read, analysed and rendered; the history commits in one transaction; the
/// files follow, each atomically; an instrument's outputs count as current only after the last of
/// them is in place, so a run killed in between reads that instrument again next time; the
/// Prometheus file, whose `surveykpi_last_success_timestamp_seconds` says the run succeeded, is
/// written last. The crash tests stop the process at named points with the environment variable
/// `SURVEYKPI_TEST_PAUSE_AT` (`analysed`, `transaction`, `outputs`).
///
/// Relative paths in the configuration are relative to its folder: the job works from there
/// (and restores the working directory afterwards), so reports name inputs as the configuration
/// does, whichever directory cron starts in.
public enum RunJob {
    /// Runs the job, logging each step and, on failure, the error.
    ///
    /// - Throws: ``SurveyError``: `.locked` (75) while another run holds the lock, the readers'
    ///   errors for bad inputs, `.cannotCreate` (73) when an output or the database cannot be
    ///   written. Nothing is committed or written unless every instrument was read.
    public static func run(_ request: RunRequest, logger: Logger? = nil) throws(SurveyError) -> RunOutcome {
        let logger = logger ?? Logger.run(format: request.logFormat)
        let start = ContinuousClock.now
        var context = Context(request: request, logger: logger)
        do {
            let outcome = try context.perform()
            let elapsed = (ContinuousClock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            var line = "\(outcome.index.instruments.count) instrument\(outcome.index.instruments.count == 1 ? "" : "s"), \(outcome.reread.count) read again, \(outcome.files.count) files written in \(TextFormatting.fixed(seconds, 2)) s"
            if request.failOnKPI && !outcome.notMet.isEmpty {
                line += "; exiting with 3: \(outcome.notMet.count) KPI\(outcome.notMet.count == 1 ? " is" : "s are") not met (--fail-on-kpi)"
            }
            logger.step("done", line, level: request.failOnKPI && !outcome.notMet.isEmpty ? .error : .info)
            return outcome
        } catch {
            logger.step(context.step, error.description, level: .error)
            throw error
        }
    }

    /// Stops here while `SURVEYKPI_TEST_PAUSE_AT` names this point, so a test can kill the
    /// process at a known moment.
    static func pause(at point: String, logger: Logger) {
        guard ProcessInfo.processInfo.environment["SURVEYKPI_TEST_PAUSE_AT"] == point else { return }
        logger.step("test", "paused at \(point) (SURVEYKPI_TEST_PAUSE_AT)", level: .notice)
        for _ in 0..<600 { usleep(100_000) }
    }
}
