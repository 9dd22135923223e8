import Foundation
import Logging
import SurveyHistory
import SurveyModel
import SurveyReport
import SurveyStatistics

extension RunJob {
    /// The files of one freshly analysed instrument, rendered in memory: one per configured format
    /// (but `prometheus`, which is one file for the whole run) and the rejects file.
    static func render(_ outcome: AnalyzeOutcome, plan: RunPlan, formats: [OutputFormat]) throws(SurveyError) -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = []
        for format in formats {
            guard let path = plan.files[format.rawValue] else { continue }
            files.append((path, try AnalyzeJob.render(outcome, as: format)))
        }
        files.append((plan.files["rejects"] ?? "rejects.csv", RejectsFile.csv(outcome.rejects)))
        return files
    }

    /// The review pack over every instrument of the run (ISO 21001 9.3.2 asks for the whole
    /// stakeholder picture), `review-pack.md` and `review-pack.html` at the top of the output
    /// directory, for the configured pack formats.
    static func renderCombinedPack(_ analyses: [(Report, Instrument)], actions: ActionPlan?, formats: [OutputFormat]) throws(SurveyError) -> [(path: String, text: String)] {
        let pack = ReviewPack(analyses, actions: actions)
        var files: [(path: String, text: String)] = []
        for format in formats where format.isReviewPack {
            guard let name = AnalyzeJob.reviewPackFile(for: format) else { continue }
            do {
                let text = format == .html ? try HTMLRenderer(actions: actions).render(pack) : try MarkdownRenderer(actions: actions).render(pack)
                files.append((name, text))
            } catch let error as SurveyError {
                throw error
            } catch {
                throw SurveyError(.internalError, path: nil, "\(error)")
            }
        }
        return files
    }

    /// Writes the fresh instruments' files, then `index.json` (and, with several instruments, the
    /// combined `dashboard.txt` and review packs) from the history, marks the fresh outputs
    /// current, and writes `surveykpi.prom` last. Every file goes through ``AtomicFile``.
    static func writeOutputs(
        _ fresh: [[(path: String, text: String)]], combined: [(path: String, text: String)] = [], store: HistoryStore, plans: [RunPlan], output: String,
        formats: [OutputFormat], logger: Logger
    ) throws(SurveyError) -> (index: RunIndex, files: [String]) {
        var written: [String] = []
        func put(_ text: String, _ path: String) throws(SurveyError) {
            let full = output + "/" + path
            try AtomicFile.makeDirectory((full as NSString).deletingLastPathComponent)
            try AtomicFile.write(text, to: full)
            written.append(path)
            if written.count == 1 { pause(at: "outputs", logger: logger) }
        }
        try AtomicFile.makeDirectory(output)
        removeStaleTemporaries(in: output)
        for files in fresh {
            for file in files { try put(file.text, file.path) }
        }
        let ids = plans.map(\.instrument.id)
        let index = try RunIndex.build(from: store, instruments: ids, files: Dictionary(plans.map { ($0.instrument.id, $0.files) }, uniquingKeysWith: { a, _ in a }))
        do {
            try put(try JSONRenderer.encode(index), "index.json")
        } catch let error as SurveyError {
            throw error
        } catch {
            throw SurveyError(.internalError, path: nil, "\(error)")
        }
        if plans.count > 1 { try put(RunDashboard.render(index), "dashboard.txt") }
        for file in combined { try put(file.text, file.path) }
        try store.markOutputsCurrent(plans.filter(\.reread).map(\.instrument.id))
        if formats.contains(.prometheus) {
            try put(PrometheusRenderer.render(index.metrics(lastSuccess: Date().timeIntervalSince1970)), "surveykpi.prom")
        }
        return (index, written)
    }

    /// Deletes temporary files that a killed writer left behind (`.name.tmp-PID`, PID no longer
    /// running) in the output directory and its instrument folders.
    static func removeStaleTemporaries(in output: String) {
        let fm = FileManager.default
        var folders = [output]
        for name in (try? fm.contentsOfDirectory(atPath: output)) ?? [] {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: output + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue { folders.append(output + "/" + name) }
        }
        for folder in folders {
            for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") {
                guard let marker = name.range(of: ".tmp-", options: .backwards), let pid = Int32(name[marker.upperBound...]) else { continue }
                if !RunLock.isAlive(pid) { try? fm.removeItem(atPath: folder + "/" + name) }
            }
        }
    }

    /// The history step's log line.
    static func describe(_ summary: HistoryWriteSummary, order: [String]) -> String {
        guard !order.isEmpty else { return "nothing to record: no instrument was read again" }
        let parts = order.map { id -> String in
            let replaced = summary.replaced[id] ?? []
            let unchanged = summary.unchanged[id] ?? []
            var text = "\(id) "
            text += replaced.isEmpty ? "no wave changed" : "replaced wave\(replaced.count == 1 ? "" : "s") \(replaced.joined(separator: ", "))"
            if !unchanged.isEmpty { text += " (unchanged: \(unchanged.joined(separator: ", ")))" }
            return text
        }
        return "committed in one transaction: " + parts.joined(separator: "; ") + "; \(TextFormatting.count(summary.rowsWritten)) results written"
    }

    /// `stakeholder-survey/learner/learner-feedback 2026: 62.0% (target 80.0%)`.
    static func describe(_ series: KPISeries) -> String {
        let latest = series.latest
        let value = HistoryText.value(latest?.value, measure: series.measure)
        let target = HistoryText.value(latest?.target, measure: series.measure)
        return "\(series.instrument)/\(series.group)/\(series.kpi) \(latest?.wave ?? ""): \(value) (target \(target))"
    }
}
