import Foundation
import SurveyHistory
import SurveyIngest
import SurveyModel

/// What a run does with one instrument of its configuration: which inputs it has now, where its
/// files go, and whether it must be read again.
///
/// An instrument is read again when `--force` is given, when it was never stored, when the
/// instrument file or the set of inputs or any input's SHA-256 differs from the last successful
/// run, or when its outputs are not all in place as that run left them (another output directory
/// or format list, a file deleted, or a run killed between committing results and writing files).
/// An instrument any of whose inputs changed is read whole, because its report's trends and series
/// span every wave; the history then replaces only the waves whose results differ.
struct RunPlan {
    /// The configuration entry.
    var entry: NightlyConfig.Entry
    /// The instrument, loaded.
    var instrument: Instrument
    /// Its inputs now, relative to the configuration's folder, sorted.
    var inputs: [String]
    /// Their SHA-256, in the same order.
    var hashes: [String]
    /// Files written for it, by format (and `rejects`), relative to the output directory.
    var files: [String: String]
    /// Output directory and formats, as stored to recognise outputs in place.
    var signature: String
    /// Whether the inputs are read again.
    var reread: Bool
    /// Why (or why not), for the log.
    var reason: String

    /// Plans one instrument.
    ///
    /// - Parameters:
    ///   - entry: The configuration entry.
    ///   - output: The output directory (relative to the configuration's folder or absolute).
    ///   - subdirectory: Whether the instrument's files go into a folder named after it.
    ///   - formats: The configured formats.
    ///   - store: The history.
    ///   - force: `--force`.
    ///   - packs: What else the review packs depend on (the actions file's SHA-256), so that a
    ///     changed actions file renders them again.
    static func make(_ entry: NightlyConfig.Entry, output: String, subdirectory: Bool, formats: [OutputFormat], store: HistoryStore, force: Bool, packs: String = "") throws(SurveyError) -> RunPlan {
        let instrument = try InstrumentLoader.load(path: entry.instrument)
        var inputs: [String] = []
        for pattern in entry.inputs {
            for path in try NightlyConfig.expand(pattern, at: entry.location) where !inputs.contains(path) { inputs.append(path) }
        }
        inputs.sort()
        var hashes: [String] = []
        for path in inputs { hashes.append(try sha256(of: path)) }
        let prefix = subdirectory ? instrument.id + "/" : ""
        var files: [String: String] = ["rejects": prefix + "rejects.csv"]
        for format in formats { if let name = fileName(format) { files[format.rawValue] = prefix + name } }
        let absolute = (output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output) as NSString
        var signature = "directory=\(absolute.standardizingPath)/\(prefix);formats=\(files.keys.sorted().joined(separator: ","))"
        if !packs.isEmpty, formats.contains(where: \.isReviewPack) { signature += ";packs=" + packs }
        var plan = RunPlan(entry: entry, instrument: instrument, inputs: inputs, hashes: hashes, files: files, signature: signature, reread: true, reason: "")
        plan.reason = try plan.rereadReason(store: store, force: force, output: output) ?? ""
        plan.reread = !plan.reason.isEmpty
        if !plan.reread {
            plan.reason = "\(inputs.count) input\(inputs.count == 1 ? "" : "s") unchanged since the last successful run; not read again"
        }
        return plan
    }

    /// Why the instrument must be read again, or `nil` when it need not be.
    private func rereadReason(store: HistoryStore, force: Bool, output: String) throws(SurveyError) -> String? {
        if force { return "--force" }
        guard let state = try store.state(of: instrument.id) else { return "first run" }
        if state.instrument.sha256 != instrument.sha256 { return "the instrument file changed" }
        let stored = Dictionary(state.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        if Set(stored.keys) != Set(inputs) {
            let added = inputs.filter { stored[$0] == nil }.count
            let removed = stored.keys.filter { !inputs.contains($0) }.count
            return "\(added) input\(added == 1 ? "" : "s") added, \(removed) removed"
        }
        let changed = zip(inputs, hashes).filter { stored[$0] != $1 }.count
        if changed > 0 { return "\(changed) of \(inputs.count) input\(inputs.count == 1 ? "" : "s") changed" }
        if !state.outputsCurrent { return "the last run stopped before its outputs were written" }
        let missing = files.values.contains { !FileManager.default.fileExists(atPath: output + "/" + $0) }
        if state.outputSignature != signature || missing { return "its outputs are not in place" }
        return nil
    }

    /// The file a format is written to, or `nil` for `prometheus` (one file for the whole run).
    static func fileName(_ format: OutputFormat) -> String? {
        switch format.rawValue {
        case "text": "dashboard.txt"
        case "json": "report.json"
        case "csv": "report.csv"
        case "prometheus": nil
        case "markdown": "review-pack.md"
        case "html": "review-pack.html"
        default: "report.\(format.rawValue)"
        }
    }

    /// The SHA-256 of a file, read in 1 MiB pieces.
    static func sha256(of path: String) throws(SurveyError) -> String {
        guard let file = fopen(path, "rb") else {
            throw SurveyError(.noInput, path: path, "cannot open input: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) } }
            if n < buffer.count { break }
        }
        if ferror(file) != 0 { throw SurveyError(.noInput, path: path, "cannot read input: \(String(cString: strerror(errno)))") }
        return hasher.finalizeHex()
    }
}
