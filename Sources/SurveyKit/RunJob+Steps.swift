import Foundation
import Logging
import SurveyHistory
import SurveyIngest
import SurveyModel
import SurveyReport
import SurveyStatistics

extension RunJob {
    /// One run's steps, in order; `step` names the one in progress for the error line.
    struct Context {
        let request: RunRequest
        let logger: Logger
        var step = "config"

        init(request: RunRequest, logger: Logger) {
            self.request = request
            self.logger = logger
        }

        mutating func perform() throws(SurveyError) -> RunOutcome {
            let config = try NightlyConfig.load(path: request.config)
            let cwd = FileManager.default.currentDirectoryPath
            func fromCommandLine(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
            guard let database = request.database.map(fromCommandLine) ?? config.database else {
                throw SurveyError(.usage, path: request.config, "the configuration names no `database:`; add one or pass --database")
            }
            guard let output = request.output.map(fromCommandLine) ?? config.output else {
                throw SurveyError(.usage, path: request.config, "the configuration names no `output:`; add one or pass --output")
            }
            guard FileManager.default.changeCurrentDirectoryPath(config.directory) else {
                throw SurveyError(.noInput, path: config.directory, "cannot enter the configuration's folder")
            }
            defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
            let count = config.instruments.count
            logger.step("config", "\(request.config): \(count) instrument\(count == 1 ? "" : "s"); formats \(config.formats.map(\.rawValue).joined(separator: ", ")); database \(database); output \(output)")

            step = "lock"
            try AtomicFile.makeDirectory((database as NSString).deletingLastPathComponent.isEmpty ? "." : (database as NSString).deletingLastPathComponent)
            let lock = try RunLock.acquire(path: database + ".lock")
            defer { lock.release() }
            if let stale = lock.staleOwner {
                logger.step("lock", "acquired \(lock.path), taking over a stale lock left by pid \(stale), which is no longer running", level: .warning)
            } else {
                logger.step("lock", "acquired \(lock.path)")
            }

            step = "database"
            let store = try HistoryStore(path: database)
            logger.step("database", "\(database): schema migrations \(try store.appliedMigrations().joined(separator: ", "))")

            step = "inputs"
            let actionsHash = try config.actions.map { path throws(SurveyError) in try RunPlan.sha256(of: path) } ?? ""
            var plans: [RunPlan] = []
            for entry in config.instruments {
                let plan = try RunPlan.make(entry, output: output, subdirectory: count > 1, formats: config.formats, store: store, force: request.force, packs: actionsHash)
                if let other = plans.first(where: { $0.instrument.id == plan.instrument.id }) {
                    throw SurveyError(.dataError, at: entry.location, "instrument id \(plan.instrument.id.quotedForMessage) is already used by \(other.entry.instrument); each instrument of a run needs its own id")
                }
                let inputs = "\(plan.inputs.count) input\(plan.inputs.count == 1 ? "" : "s")"
                logger.step("inputs", plan.reread ? "\(plan.instrument.id): reading \(inputs) (\(plan.reason))" : "\(plan.instrument.id): \(plan.reason)")
                plans.append(plan)
            }

            step = "actions"
            let actions = try config.actions.map { path throws(SurveyError) in try ActionsLoader.load(path: path, instruments: plans.map(\.instrument)) }
            if let actions, let path = config.actions {
                logger.step("actions", "\(path): \(actions.actions.count) improvement action\(actions.actions.count == 1 ? "" : "s") for the review packs")
            }

            step = "read"
            var fresh: [(plan: RunPlan, outcome: AnalyzeOutcome, files: [(path: String, text: String)])] = []
            for plan in plans where plan.reread {
                var outcome = try analyse(plan)
                outcome.actions = actions
                logRead(plan, outcome)
                fresh.append((plan, outcome, try RunJob.render(outcome, plan: plan, formats: config.formats)))
            }
            var combined: [(path: String, text: String)] = []
            // Rendered when an instrument was read again, or when the pack is not in place
            // (deleted, or never written), as an instrument's own outputs are.
            let packFiles = config.formats.filter(\.isReviewPack).compactMap(AnalyzeJob.reviewPackFile)
            let packMissing = packFiles.contains { !FileManager.default.fileExists(atPath: output + "/" + $0) }
            if count > 1, !packFiles.isEmpty, !fresh.isEmpty || packMissing {
                step = "pack"
                var analyses: [(Report, Instrument)] = []
                for plan in plans {
                    if let item = fresh.first(where: { $0.plan.instrument.id == plan.instrument.id }) {
                        analyses.append((item.outcome.report, item.outcome.instrument))
                    } else {
                        // Unchanged, so not recorded again, but the combined pack covers it too.
                        let outcome = try analyse(plan)
                        logger.step("pack", "\(plan.instrument.id): read again for the combined review pack only")
                        analyses.append((outcome.report, outcome.instrument))
                    }
                }
                combined = try RunJob.renderCombinedPack(analyses, actions: actions, formats: config.formats)
            }
            RunJob.pause(at: "analysed", logger: logger)

            step = "history"
            let updates = fresh.map { item in
                InstrumentUpdate(
                    instrument: StoredInstrument(item.outcome.instrument),
                    inputs: zip(item.outcome.report.inputs, item.plan.hashes).map { info, hash in
                        StoredInput(path: info.path, sha256: hash, format: info.format, read: info.rows.read, accepted: info.rows.accepted, rejected: info.rows.rejected)
                    },
                    waves: item.outcome.report.waves, results: HistoryRows.make(item.outcome.report, instrument: item.outcome.instrument),
                    outputSignature: item.plan.signature)
            }
            let logger = self.logger
            let summary = try store.apply(updates, force: request.force, beforeCommit: { RunJob.pause(at: "transaction", logger: logger) })
            logger.step("history", RunJob.describe(summary, order: fresh.map(\.plan.instrument.id)))

            step = "outputs"
            let written = try RunJob.writeOutputs(fresh.map(\.files), combined: combined, store: store, plans: plans, output: output, formats: config.formats, logger: logger)
            logger.step("outputs", "wrote \(written.files.count) file\(written.files.count == 1 ? "" : "s") to \(output)")

            step = "kpi"
            let status = written.index.kpiStatus
            var line = "latest waves: \(status.met) met, \(status.atRisk) at risk, \(status.notMet) not met, \(status.noData) without data"
            let notMet = written.index.notMet
            if !notMet.isEmpty { line += "; not met: " + notMet.map(RunJob.describe).joined(separator: "; ") }
            logger.step("kpi", line, level: notMet.isEmpty ? .info : .warning)
            return RunOutcome(index: written.index, reread: fresh.map(\.plan.instrument.id), files: written.files)
        }

        private func analyse(_ plan: RunPlan) throws(SurveyError) -> AnalyzeOutcome {
            var read = plan.entry.read
            read.maxFieldBytes = request.maxFieldBytes
            return try AnalyzeJob.run(AnalyzeRequest(instrument: plan.entry.instrument, inputs: plan.inputs, read: read))
        }

        private func logRead(_ plan: RunPlan, _ outcome: AnalyzeOutcome) {
            let inputs = outcome.report.inputs
            let read = inputs.reduce(0) { $0 + $1.rows.read }
            let accepted = inputs.reduce(0) { $0 + $1.rows.accepted }
            let rejected = inputs.reduce(0) { $0 + $1.rows.rejected }
            logger.step("read", "\(plan.instrument.id): \(TextFormatting.count(read)) rows read = \(TextFormatting.count(accepted)) accepted + \(TextFormatting.count(rejected)) rejected; waves \(outcome.report.waves.joined(separator: ", ")); \(outcome.report.cells.count) cells")
            let warnings = outcome.diagnostics.map(\.description) + outcome.report.warnings
            if let first = warnings.first {
                logger.step("read", "\(plan.instrument.id): \(warnings.count) warning\(warnings.count == 1 ? "" : "s") (see `surveykpi validate`); first: \(first)", level: .warning)
            }
        }
    }
}
