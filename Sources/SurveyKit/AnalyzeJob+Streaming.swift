import Foundation
import SurveyIngest
import SurveyModel
import SurveyStatistics

/// When `analyze` reads its inputs in two streaming passes instead of holding them.
public enum StreamingMode: String, Sendable, CaseIterable {
    /// Stream when holding the inputs' rows would take about ``AnalyzeJob/streamingThreshold``
    /// bytes or more (``AnalyzeJob/estimatedTableBytes(_:instrument:)``).
    case auto
    /// Always stream.
    case on
    /// Never stream: hold every accepted response in memory.
    case off
}

extension AnalyzeJob {
    /// Wave, group and respondent id of a row, as the duplicate check compares them.
    static func duplicateKey(_ table: ResponseTable, _ row: Int) -> String {
        "\(table.waveLabels[Int(table.waves[row])])\u{0}\(table.groups[row])\u{0}\(table.respondentID(row))"
    }

    /// Inputs whose rows would take about this many bytes or more in memory are streamed under
    /// ``StreamingMode/auto``.
    public static let streamingThreshold = 256 << 20

    /// Rows per slice handed from the reader to the analysis (about 7 MB of slice for a
    /// 30-item survey).
    public static let defaultSliceRows = 1 << 16

    /// Whether a request is analysed by ``runStreaming(_:instrument:actions:inputBytes:)``. An instrument with a
    /// `weighting:` block is not: raking needs every response of a cell at once.
    public static func streams(_ request: AnalyzeRequest, instrument: Instrument) -> Bool {
        guard instrument.weighting == nil else { return false }
        switch request.streaming {
        case .on: return true
        case .off: return false
        case .auto:
            return request.inputs.reduce(0) { $0 + estimatedTableBytes($1, instrument: instrument) } >= streamingThreshold
        }
    }

    /// A file's size in bytes, 0 when it cannot be read (the reader reports that).
    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Analyses the inputs without holding their responses: the same report, rejects and
    /// diagnostics as the in-memory analysis, in memory bounded by the cells, not the rows.
    ///
    /// 1. **First pass.** Each input is streamed; every accepted row leaves a 40-byte key
    ///    record (a 128-bit hash of wave, group and respondent id, its position, its number of
    ///    answers, its duration) in one of ``KeySpill/partitionCount`` temporary files, chosen by
    ///    hash. The pass also counts rows per wave × group and each distinct duration.
    /// 2. **Duplicates** (SPEC §4) are resolved one partition at a time: records with the same
    ///    hash are one respondent; the one with the most answers (ties to the earliest) is kept.
    ///    The losers' durations are taken out of the counts, which then give the exact speeder
    ///    medians. Two different ids share a 128-bit hash with a probability far below 10⁻²⁰.
    /// 3. **Second pass.** Each input is streamed again; slices of rows, less the losers, go to
    ///    an ``AnalysisSession``. Losers become `duplicate` rejects as in memory.
    ///
    /// Memory: the cells, the slices in flight, one partition at a time, and the positions of
    /// the duplicates. An input whose bytes change between the passes is an error.
    static func runStreaming(_ request: AnalyzeRequest, instrument: Instrument, actions: ActionPlan?, inputBytes: Int64 = 0) throws(SurveyError) -> AnalyzeOutcome {
        ReadProgress.shared.begin("reading, pass 1 of 2", total: inputBytes)
        var clock = PhaseClock()
        defer { clock.report() }
        let threads = request.read.resolvedThreads
        let groupCount = instrument.groups.count
        let excludeStraight = request.exclude.contains(.straightliners) && instrument.columns.duration != nil

        // First pass: keys, labels, counts.
        let spill = try KeySpill()
        var ordinal = 0
        var waveIndex: [String: Int] = [:]
        var waveLabels: [String] = []
        var segmentValues = Array(repeating: Set<String>(), count: instrument.columns.segments.count)
        var rowsPerBlock: [String: [Int]] = [:]
        var durations = DurationCounts(limit: request.distinctDurationLimit)
        var nonStraightDurations = DurationCounts(limit: request.distinctDurationLimit)
        var firstPass: [ReadResult] = []
        // Each input's first respondent id in scientific notation (a spreadsheet's damage).
        var spreadsheetIDs: [SpreadsheetIDs.Example] = []
        for (index, path) in request.inputs.enumerated() {
            let worker = SliceWorker()
            defer { worker.stop() }
            let slices = worker.slices(rows: request.sliceRows) { table throws(SurveyError) in
                if spreadsheetIDs.last?.input != index, let example = SpreadsheetIDs.examples(in: table).first {
                    spreadsheetIDs.append(example)
                }
                // Straight-liners only (empty medians: no block has any, so no speeders are sought).
                let straight = excludeStraight
                    ? QualityFlags(table: table, instrument: instrument, threads: threads, medians: SpeederMedians(medians: [:])).straightliner : []
                let waveOfCode = table.waveLabels.map { label -> Int in
                    if let w = waveIndex[label] { return w }
                    waveIndex[label] = waveLabels.count
                    waveLabels.append(label)
                    return waveLabels.count - 1
                }
                let seeds = table.waveLabels.map { label in (0..<groupCount).map { KeyRecord.seed(wave: label, group: $0) } }
                for row in 0..<table.rowCount {
                    let label = table.waveLabels[Int(table.waves[row])]
                    let g = Int(table.groups[row])
                    rowsPerBlock[label, default: Array(repeating: 0, count: groupCount)][g] += 1
                    let duration = table.hasDurations ? table.durations[row] : .nan
                    durations.add(duration, wave: label, group: g)
                    let isStraight = !straight.isEmpty && straight[row]
                    if excludeStraight && !isStraight { nonStraightDurations.add(duration, wave: label, group: g) }
                    try spill.append(KeyRecord(
                        hash: seeds[Int(table.waves[row])][g].finish(adding: table.idBytes[table.idStarts[row]..<table.idStarts[row + 1]]),
                        ordinal: UInt64(ordinal), duration: duration, answered: UInt16(clamping: table.answeredCount(row)),
                        wave: UInt16(waveOfCode[Int(table.waves[row])]), group: UInt16(g), straight: isStraight))
                    ordinal += 1
                }
            }
            var result = try InputReader.format(for: path, options: request.read)
                .read(path: path, inputIndex: index, instrument: instrument, options: request.read, slices: slices)
            try worker.finish()
            for label in result.table.waveLabels where waveIndex[label] == nil {
                waveIndex[label] = waveLabels.count
                waveLabels.append(label)
            }
            for s in segmentValues.indices { segmentValues[s].formUnion(result.table.segmentValues[s]) }
            result.table = result.table.emptied()
            firstPass.append(result)
        }
        clock.lap("first pass")

        // Duplicates, one partition at a time.
        let duplicates = try spill.resolve(threads: threads)
        for record in duplicates.map(\.record) {
            let label = waveLabels[Int(record.wave)]
            let g = Int(record.group)
            rowsPerBlock[label]![g] -= 1
            durations.add(record.duration, wave: label, group: g, delta: -1)
            if excludeStraight && !record.straight { nonStraightDurations.add(record.duration, wave: label, group: g, delta: -1) }
        }
        let losers = duplicates.map { Int($0.record.ordinal) }
        // The kept records of the duplicates, whose ids the second pass notes, to check that
        // equal hashes were equal ids.
        let winners = Array(Set(duplicates.map { Int($0.winner) })).sorted()
        clock.lap("duplicates")
        let accepted = ordinal - losers.count
        var summaries = firstPass.map(\.summary)
        var rejects = firstPass.flatMap(\.rejects)
        var diagnostics = firstPass.flatMap(\.diagnostics)
        // Ids in scientific notation that collide are an error after the second pass; without
        // duplicates they cannot, and get their warnings now.
        func warnAboutSpreadsheetIDs() throws(SurveyError) {
            for example in spreadsheetIDs {
                let path = request.inputs[example.input]
                let raw = try InputReader.rawRecords(path: path, lines: [example.line], options: request.read)[example.line]
                diagnostics.append(SpreadsheetIDs.warning(
                    id: example.id, path: path, line: example.line, raw: raw,
                    column: SpreadsheetIDs.columnName(instrument: instrument, format: summaries[example.input].format, path: path)))
            }
        }
        if losers.isEmpty { try warnAboutSpreadsheetIDs() }
        // Without duplicates every rejection is known now: --strict fails before the second pass.
        if request.strict && losers.isEmpty { try strictCheck(rejects, diagnostics, inputs: request.inputs) }
        // Speeder medians: from the counts of each duration, or, when durations are too varied
        // to count (fractional seconds), selected from the key records on disk.
        let medians = durations.overflowed
            ? try SpilledMedians.medians(spill: spill, losers: losers, waveLabels: waveLabels, groupCount: groupCount) { _ in true }
            : durations.medians(groupCount: groupCount)
        var keptMedians: SpeederMedians? = nil
        if !request.exclude.isEmpty {
            let dropStraight = request.exclude.contains(.straightliners)
            let base = dropStraight ? nonStraightDurations : durations
            let dropSpeeders = request.exclude.contains(.speeders)
            if base.overflowed {
                keptMedians = try SpilledMedians.medians(spill: spill, losers: losers, waveLabels: waveLabels, groupCount: groupCount) { record in
                    !(dropStraight && record.straight)
                        && !(dropSpeeders && record.duration < QualityFlags.speederShare * medians.median(wave: waveLabels[Int(record.wave)], group: Int(record.group)))
                }
            } else {
                keptMedians = base.medians(groupCount: groupCount) { duration, wave, g in
                    !(dropSpeeders && duration < QualityFlags.speederShare * medians.median(wave: wave, group: g))
                }
            }
        }
        spill.closeFiles()

        // Second pass: the analysis.
        let session = AnalysisSession(
            instrument: instrument, waveLabels: waveLabels, segmentNames: instrument.columns.segments,
            segmentValues: segmentValues.map { Array($0) }, segments: request.segments, exclude: request.exclude,
            weighted: instrument.columns.weight != nil, threads: threads, rowsPerWaveAndGroup: rowsPerBlock)
        var position = 0
        var nextLoser = 0
        var nextWinner = 0
        var winnerKeys: [Int: String] = [:]
        var winnerOrigins: [Int: RowOrigin] = [:]
        var duplicateRows: [(input: Int, line: Int, id: String, wave: String, group: Int)] = []
        var loserKeys: [String] = []
        var changed = false
        ReadProgress.shared.begin("reading and analysing, pass 2 of 2", total: inputBytes)
        for (index, path) in request.inputs.enumerated() {
            let worker = SliceWorker()
            defer { worker.stop() }
            let slices = worker.slices(rows: request.sliceRows) { table throws(SurveyError) in
                let end = position + table.rowCount
                defer { position = end }
                while nextWinner < winners.count && winners[nextWinner] < end {
                    let row = winners[nextWinner] - position
                    winnerKeys[winners[nextWinner]] = Self.duplicateKey(table, row)
                    winnerOrigins[winners[nextWinner]] = table.origins[row]
                    nextWinner += 1
                }
                var keep: [Bool]? = nil
                while nextLoser < losers.count && losers[nextLoser] < end {
                    if keep == nil { keep = Array(repeating: true, count: table.rowCount) }
                    let row = losers[nextLoser] - position
                    keep![row] = false
                    duplicateRows.append((table.origins[row].input, table.origins[row].line, table.respondentID(row),
                                          table.waveLabels[Int(table.waves[row])], Int(table.groups[row])))
                    loserKeys.append(Self.duplicateKey(table, row))
                    nextLoser += 1
                }
                if let keep {
                    session.addDuplicates(table.filtered(keep.map(!)))
                    if !session.add(table.filtered(keep), medians: medians, keptMedians: keptMedians) { changed = true }
                } else if !session.add(table, medians: medians, keptMedians: keptMedians) {
                    changed = true
                }
            }
            let result = try InputReader.format(for: path, options: request.read)
                .read(path: path, inputIndex: index, instrument: instrument, options: request.read, slices: slices)
            try worker.finish()
            if changed || result.summary.sha256 != summaries[index].sha256 || result.summary.read != summaries[index].read {
                throw InputFile.changedWhileRead(path)
            }
        }
        guard position == ordinal else {
            throw SurveyError(.noInput, path: request.inputs.last, "the inputs changed while they were being read; run again when they are complete")
        }
        clock.lap("second pass")
        // Equal 128-bit hashes are taken for equal ids; should two differ (vanishingly unlikely
        // unless made so on purpose), the run stops rather than drop a response that is not one.
        for (i, duplicate) in duplicates.enumerated() where winnerKeys[Int(duplicate.winner)] != loserKeys[i] {
            let row = duplicateRows[i]
            throw SurveyError(.dataError, at: InputLocation(path: request.inputs[row.input], line: row.line, column: 1),
                              "respondent \(row.id.quotedForMessage) shares the duplicate check's 128-bit hash with a different respondent; analyse these inputs with --stream off")
        }

        var byInput: [Int: Set<Int>] = [:]
        for row in duplicateRows { byInput[row.input, default: []].insert(row.line) }
        var raw: [Int: [Int: String]] = [:]
        ReadProgress.shared.begin("copying duplicate records")
        for (input, lines) in byInput { raw[input] = try InputReader.rawRecords(path: request.inputs[input], lines: lines, options: request.read) }
        // Duplicates whose ids a spreadsheet wrote in scientific notation: an error, as in memory.
        if !spreadsheetIDs.isEmpty && !losers.isEmpty {
            let damaged = duplicateRows.indices.filter { SpreadsheetIDs.isScientific(duplicateRows[$0].id.utf8) }
            if let first = damaged.first {
                let row = duplicateRows[first]
                let path = request.inputs[row.input]
                throw SpreadsheetIDs.collision(
                    id: row.id, path: path, line: row.line, raw: raw[row.input]?[row.line],
                    column: SpreadsheetIDs.columnName(instrument: instrument, format: summaries[row.input].format, path: path),
                    keptAt: winnerOrigins[Int(duplicates[first].winner)].map { (request.inputs[$0.input], $0.line) }, count: damaged.count)
            }
            try warnAboutSpreadsheetIDs()
        }
        for row in duplicateRows {
            rejects.append(RejectedRecord(
                reason: "duplicate",
                detail: DuplicateResolver.duplicateDetail(id: row.id, wave: row.wave, group: instrument.groups[row.group].id),
                path: request.inputs[row.input], line: row.line, raw: raw[row.input]?[row.line] ?? ""))
            summaries[row.input].accepted -= 1
            summaries[row.input].rejected += 1
        }
        rejects.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        rejects = stableByInputOrder(rejects, inputs: request.inputs)
        if request.strict { try strictCheck(rejects, diagnostics, inputs: request.inputs) }
        if accepted == 0 {
            throw nothingAccepted(request, rejects: rejects)
        }
        let report = session.finish(inputs: summaries)
        clock.lap("analysis")
        diagnostics = undeclaredWaves(rejects, inputs: request.inputs) + diagnostics
        return AnalyzeOutcome(report: report, instrument: instrument, rejects: rejects, diagnostics: diagnostics, actions: actions)
    }
}

/// Runs slice handlers on a thread of their own, one at a time and in order, while the reader
/// goes on: reading and analysing overlap. At most two slices wait or run (memory stays
/// bounded); the first error stops the rest and is thrown by the next ``submit(_:to:)`` or by
/// ``finish()``.
final class SliceWorker: @unchecked Sendable {
    private let queue = DispatchQueue(label: "surveykpi.slices")
    private let room = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var failure: SurveyError?

    /// A slice and what to do with it, handed to the worker thread.
    private struct Job: @unchecked Sendable {
        let table: ResponseTable
        let handle: (ResponseTable) throws(SurveyError) -> Void
    }

    /// The handler to give a reader: each slice is queued for `handle`.
    func slices(rows: Int, _ handle: @escaping (ResponseTable) throws(SurveyError) -> Void) -> RowSlices {
        RowSlices(rows: rows) { [self] table throws(SurveyError) in try submit(table, to: handle) }
    }

    func submit(_ table: ResponseTable, to handle: @escaping (ResponseTable) throws(SurveyError) -> Void) throws(SurveyError) {
        if let failure = currentFailure() { throw failure }
        room.wait()
        let job = Job(table: table, handle: handle)
        queue.async { [self] in
            defer { room.signal() }
            guard currentFailure() == nil else { return }
            do throws(SurveyError) {
                try job.handle(job.table)
            } catch {
                lock.locked { if failure == nil { failure = error } }
            }
        }
    }

    /// Stops: slices still queued are dropped, and the one running is waited for (so nothing
    /// runs on after the caller has given up, as after a read error).
    func stop() {
        lock.locked { if failure == nil { failure = SurveyError(.internalError, path: nil, "stopped") } }
        queue.sync {}
    }

    /// Waits for every queued slice; throws the first error.
    func finish() throws(SurveyError) {
        queue.sync {}
        if let failure = currentFailure() { throw failure }
    }

    private func currentFailure() -> SurveyError? { lock.locked { failure } }
}
