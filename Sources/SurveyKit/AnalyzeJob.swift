import Foundation
import SurveyIngest
import SurveyModel
import SurveyReport
import SurveyStatistics

/// Everything `surveykpi analyze` is asked to do.
public struct AnalyzeRequest: Sendable {
    /// Instrument file.
    public var instrument: String
    /// Input files.
    public var inputs: [String]
    /// Read settings (`--wave`, `--group`, `--input-format`).
    public var read: ReadOptions
    /// Output format for stdout, or the formats written with `--output`.
    public var format: OutputFormat
    /// Directory for `report.json`, `dashboard.txt` and `rejects.csv`.
    public var outputDirectory: String?
    /// Rejects file (defaults to `<output>/rejects.csv`).
    public var rejectsPath: String?
    /// Segment columns to break down by (`--segment`); nil means all declared.
    public var segments: [String]?
    /// Turn every rejection and warning into an error.
    public var strict: Bool
    /// Flags to exclude (`--exclude`).
    public var exclude: Set<QualityFlags.Flag>
    /// ANSI colour in the text dashboard.
    public var color: Bool
    /// Improvement-actions file for the review pack (`--actions`).
    public var actions: String? = nil
    /// Whether responses are streamed in two passes rather than held (`--stream`).
    public var streaming: StreamingMode = .auto
    /// Rows per slice when streaming.
    public var sliceRows = AnalyzeJob.defaultSliceRows
    /// Distinct durations per wave × group counted in memory when streaming; beyond it the
    /// speeder medians are selected from the spilled key records.
    public var distinctDurationLimit = 1 << 16

    /// Creates a request.
    public init(instrument: String, inputs: [String], read: ReadOptions = ReadOptions(), format: OutputFormat = .text, outputDirectory: String? = nil, rejectsPath: String? = nil, segments: [String]? = nil, strict: Bool = false, exclude: Set<QualityFlags.Flag> = [], color: Bool = false) {
        self.instrument = instrument
        self.inputs = inputs
        self.read = read
        self.format = format
        self.outputDirectory = outputDirectory
        self.rejectsPath = rejectsPath
        self.segments = segments
        self.strict = strict
        self.exclude = exclude
        self.color = color
    }
}

/// Output formats (SPEC §6).
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json
    /// The management review pack as Markdown (SPEC §6.3).
    case markdown
    /// The management review pack as one self-contained HTML file (SPEC §6.3).
    case html
    /// One row per cell × measure, neutralised against spreadsheet formula injection.
    case csv
    /// Prometheus textfile-collector metrics.
    case prometheus

    /// Whether the format is a management review pack (`markdown`, `html`).
    public var isReviewPack: Bool { self == .markdown || self == .html }
}

/// What an analysis produced, before anything is written.
public struct AnalyzeOutcome: Sendable {
    /// The report.
    public var report: Report
    /// The instrument it was computed for.
    public var instrument: Instrument
    /// Rejected records, in input order.
    public var rejects: [RejectedRecord]
    /// Warnings to print on stderr.
    public var diagnostics: [Diagnostic]
    /// The improvement actions, when an actions file was given.
    public var actions: ActionPlan? = nil

    /// Creates an outcome.
    public init(report: Report, instrument: Instrument, rejects: [RejectedRecord], diagnostics: [Diagnostic], actions: ActionPlan? = nil) {
        self.report = report
        self.instrument = instrument
        self.rejects = rejects
        self.diagnostics = diagnostics
        self.actions = actions
    }
}

/// Loads, reads, resolves duplicates and analyses (SPEC §3–5); writes nothing.
public enum AnalyzeJob {
    /// Runs the analysis.
    ///
    /// - Throws: ``SurveyError`` for a bad instrument or input, or under `--strict` for any
    ///   rejection or warning.
    public static func run(_ request: AnalyzeRequest) throws(SurveyError) -> AnalyzeOutcome {
        var request = request
        // `SURVEYKPI_THREADS=1` reads and analyses serially (benchmarks, comparisons); the
        // report is the same with any number.
        if request.read.threads == 0, let value = ProcessInfo.processInfo.environment["SURVEYKPI_THREADS"], let n = Int(value), n > 0 {
            request.read.threads = n
        }
        var clock = PhaseClock()
        defer { clock.report() }
        let instrument = try InstrumentLoader.load(path: request.instrument)
        let actions = try request.actions.map { path throws(SurveyError) in try ActionsLoader.load(path: path, instruments: [instrument]) }
        if let group = request.read.group, instrument.groupIndex(group) == nil {
            throw SurveyError(.usage, path: nil, "--group \(group.quotedForMessage) is not a group of instrument \(instrument.id); expected one of \(instrument.groups.map(\.id).joined(separator: ", "))")
        }
        if let segments = request.segments {
            for s in segments where !instrument.columns.segments.contains(s) {
                throw SurveyError(.usage, path: nil, "--segment \(s.quotedForMessage) is not a segment column of instrument \(instrument.id); expected one of \(instrument.columns.segments.joined(separator: ", "))")
            }
        }
        let inputBytes = request.inputs.reduce(Int64(0)) { $0 + Int64(Self.fileSize($1)) }
        if streams(request, instrument: instrument) {
            return try runStreaming(request, instrument: instrument, actions: actions, inputBytes: inputBytes)
        }
        ReadProgress.shared.begin("reading", total: inputBytes)
        var read = try readInputs(request.inputs, instrument: instrument, options: request.read, lap: { clock.lap($0) })
        // Moved out, so that the analysis holds the table's only reference.
        var table = read.table
        read.table = ResponseTable(itemCount: 0, segmentNames: [])
        let (summaries, rejects, duplicates) = (read.summaries, read.rejects, read.duplicates)
        var diagnostics = read.diagnostics
        let threads = request.read.resolvedThreads
        if request.strict { try strictCheck(rejects, diagnostics, inputs: request.inputs) }
        if instrument.weighting != nil {
            table.setWeights(try WeightingEngine.weights(table: table, instrument: instrument, inputPaths: request.inputs))
        }
        if table.rowCount == 0 {
            throw nothingAccepted(request, rejects: rejects)
        }
        var input = AnalysisInput(
            instrument: instrument, table: table, inputs: summaries, duplicates: duplicates,
            segments: request.segments, exclude: request.exclude)
        input.threads = threads
        table = ResponseTable(itemCount: 0, segmentNames: [])
        ReadProgress.shared.begin("analysing")
        let report = AnalysisEngine.run(input)
        clock.lap("analysis")
        diagnostics = undeclaredWaves(rejects, inputs: request.inputs) + diagnostics
        return AnalyzeOutcome(report: report, instrument: instrument, rejects: rejects, diagnostics: diagnostics, actions: actions)
    }

    /// Renders a report in a format.
    public static func render(_ outcome: AnalyzeOutcome, as format: OutputFormat, color: Bool = false) throws(SurveyError) -> String {
        let renderer: any ReportRenderer
        switch format {
        case .text: renderer = TextDashboardRenderer(color: color)
        case .json: renderer = JSONRenderer()
        case .markdown: renderer = MarkdownRenderer(actions: outcome.actions)
        case .html: renderer = HTMLRenderer(actions: outcome.actions)
        case .csv: renderer = CSVRenderer()
        case .prometheus: renderer = PrometheusRenderer()
        }
        do {
            return try renderer.render(outcome.report, instrument: outcome.instrument)
        } catch {
            throw SurveyError(.internalError, path: nil, "\(error)")
        }
    }

    /// Writes `report.json`, `dashboard.txt` and `rejects.csv` into a directory, each atomically.
    /// Everything is rendered before the first file is written, so a rendering failure leaves
    /// no partial set behind.
    /// With `format` `markdown` or `html` the review pack is written too (``reviewPackFile(for:)``).
    public static func write(_ outcome: AnalyzeOutcome, to directory: String, rejectsPath: String?, format: OutputFormat = .text) throws(SurveyError) {
        let json = try render(outcome, as: .json)
        let text = try render(outcome, as: .text)
        let rejects = RejectsFile.csv(outcome.rejects)
        let pack = try reviewPackFile(for: format).map { name throws(SurveyError) in (name, try render(outcome, as: format)) }
        try AtomicFile.makeDirectory(directory)
        try AtomicFile.write(json, to: directory + "/report.json")
        try AtomicFile.write(text, to: directory + "/dashboard.txt")
        try AtomicFile.write(rejects, to: rejectsPath ?? directory + "/rejects.csv")
        if let (name, body) = pack { try AtomicFile.write(body, to: directory + "/" + name) }
    }

    /// The review pack's file name in an output directory: `review-pack.md`, `review-pack.html`,
    /// or `nil` for formats that are not a pack.
    public static func reviewPackFile(for format: OutputFormat) -> String? {
        switch format {
        case .markdown: "review-pack.md"
        case .html: "review-pack.html"
        default: nil
        }
    }

    /// Every input read, in memory, with its duplicates resolved (SPEC §3, §4): what `analyze`
    /// analyses and `validate` reports, so both count and reject alike.
    public struct ReadInputs: Sendable {
        /// The accepted responses of every input, duplicates removed.
        public var table: ResponseTable
        /// Per input, its accounting (duplicates moved from accepted to rejected).
        public var summaries: [InputSummary]
        /// Rejected records, in input order.
        public var rejects: [RejectedRecord]
        /// The readers' warnings, then the duplicate pass's.
        public var diagnostics: [Diagnostic]
        /// The duplicates removed (for the data-quality counts), or nil.
        public var duplicates: ResponseTable?
    }

    /// Reads the inputs one after another into one table and resolves duplicates across them.
    ///
    /// - Parameters:
    ///   - onRead: Called with each input's result as it is read (before the duplicate pass,
    ///     which may throw), for a caller that reports as it goes.
    ///   - lap: Called with `read` and `duplicates` as those phases end (timings).
    /// - Throws: The first input's error, or the duplicate pass's (spreadsheet-rounded ids).
    public static func readInputs(
        _ inputs: [String], instrument: Instrument, options: ReadOptions,
        onRead: (ReadResult) -> Void = { _ in }, lap: (String) -> Void = { _ in }
    ) throws(SurveyError) -> ReadInputs {
        var table = ResponseTable(
            itemCount: instrument.items.count, segmentNames: instrument.columns.segments,
            hasWeights: instrument.columns.weight != nil, hasDurations: instrument.columns.duration != nil)
        var summaries: [InputSummary] = []
        var rejects: [RejectedRecord] = []
        var diagnostics: [Diagnostic] = []
        for (index, path) in inputs.enumerated() {
            let result = try InputReader.read(path: path, inputIndex: index, instrument: instrument, options: options)
            onRead(result)
            if table.rowCount == 0, table.waveLabels.isEmpty, table.segmentValues.allSatisfy(\.isEmpty),
               result.table.hasWeights == table.hasWeights, result.table.hasDurations == table.hasDurations,
               result.table.segmentNames == table.segmentNames, result.table.itemCount == table.itemCount {
                // The first input's table is the job's table: no copy.
                table = result.table
            } else {
                table.append(contentsOf: result.table)
            }
            summaries.append(result.summary)
            rejects += result.rejects
            diagnostics += result.diagnostics
        }
        lap("read")
        ReadProgress.shared.begin("checking duplicates")
        let duplicates = try DuplicateResolver.rejectDuplicates(
            in: &table, inputs: inputs, instrument: instrument,
            summaries: &summaries, rejects: &rejects, diagnostics: &diagnostics, threads: options.resolvedThreads
        ) { input, lines throws(SurveyError) in
            try InputReader.rawRecords(path: inputs[input], lines: lines, options: options)
        }
        lap("duplicates")
        rejects.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        rejects = stableByInputOrder(rejects, inputs: inputs)
        return ReadInputs(table: table, summaries: summaries, rejects: rejects, diagnostics: diagnostics, duplicates: duplicates)
    }

    /// Under `--strict`, the first rejection (in input order) or else the first warning, as an error.
    static func strictCheck(_ rejects: [RejectedRecord], _ diagnostics: [Diagnostic], inputs: [String]) throws(SurveyError) {
        let ordered = stableByInputOrder(rejects.sorted { ($0.path, $0.line) < ($1.path, $1.line) }, inputs: inputs)
        if let first = ordered.first {
            throw SurveyError(.dataError, at: InputLocation(path: first.path, line: first.line, column: 1), "record rejected (\(first.reason)): \(first.detail) (--strict)")
        }
        if let first = diagnostics.first {
            throw SurveyError(.dataError, at: first.location, "\(first.message) (--strict)")
        }
    }

    /// One warning per input whose records were rejected because the instrument's `waves:` does
    /// not name their wave: most often a new wave that nobody added to the list, which would
    /// otherwise leave a nightly run quietly reporting last wave (the rejects alone say it).
    static func undeclaredWaves(_ rejects: [RejectedRecord], inputs: [String]) -> [Diagnostic] {
        var first: [String: RejectedRecord] = [:]
        var count: [String: Int] = [:]
        for reject in rejects where reject.reason == "unknown-wave" {
            if first[reject.path] == nil { first[reject.path] = reject }
            count[reject.path, default: 0] += 1
        }
        return inputs.compactMap { path in
            guard let reject = first[path], let n = count[path] else { return nil }
            return Diagnostic(
                .warning, at: InputLocation(path: path, line: reject.line, column: 1),
                "\(TextFormatting.count(n)) record\(n == 1 ? "" : "s") rejected as unknown-wave, the first: \(reject.detail); add a new wave to the instrument's waves: to analyse it")
        }
    }

    /// The error when every record was rejected (or there were none): it names the first
    /// rejected record and why, since a fatal error writes no rejects file.
    static func nothingAccepted(_ request: AnalyzeRequest, rejects: [RejectedRecord]) -> SurveyError {
        let inputs = "\(request.inputs.count) input\(request.inputs.count == 1 ? "" : "s")"
        guard let first = rejects.first else {
            return SurveyError(.dataError, path: request.inputs.first, "no response was accepted from \(inputs): there is no record after the header; nothing to analyse")
        }
        let count = rejects.count == 1 ? "the one record was rejected" : "all \(TextFormatting.count(rejects.count)) records were rejected"
        return SurveyError(.dataError, path: request.inputs.first, "no response was accepted from \(inputs): \(count); the first, \(first.path):\(first.line), as \(first.reason): \(first.detail)")
    }

    static func stableByInputOrder(_ rejects: [RejectedRecord], inputs: [String]) -> [RejectedRecord] {
        let rank = Dictionary(inputs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return rejects.sorted { (rank[$0.path] ?? 0, $0.line) < (rank[$1.path] ?? 0, $1.line) }
    }
}

/// Phase timings on stderr when `SURVEYKPI_TIMINGS` is set (for the benchmarks).
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["SURVEYKPI_TIMINGS"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds
    private var laps: [(String, Double)] = []

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name + Self.memory(), Double(now - last) / 1e9))
        last = now
    }

    /// " (RSS r MB, peak p MB)" from /proc/self/status, where there is one.
    private static func memory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
        func value(_ key: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        guard let rss = value("VmRSS:"), let peak = value("VmHWM:") else { return "" }
        return " [RSS \(rss / 1024) MB, peak \(peak / 1024) MB]"
    }

    func report() {
        guard enabled, !laps.isEmpty else { return }
        let text = laps.map { "\($0.0) \(String(format: "%.3f", $0.1)) s" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("timings: \(text)\n".utf8))
    }
}
