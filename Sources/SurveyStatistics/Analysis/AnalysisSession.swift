import SurveyModel

/// An analysis fed its accepted rows in slices, for inputs too large to hold in memory.
///
/// The cells are laid out up front from every wave label and segment value the inputs hold
/// (a reader's first pass finds them); each slice's rows are then added to running integer sums
/// and moments, and ``finish(inputs:)`` builds the ``Report``. Each cell's rows are added in
/// row order whatever the slices and threads, so the report is byte for byte the one
/// ``AnalysisEngine/run(_:)`` gives for the same rows in one table (which is this session fed
/// once). Memory: the cells' state, independent of the number of rows.
public final class AnalysisSession {
    let instrument: Instrument
    let exclude: Set<QualityFlags.Flag>
    let threads: Int
    let weighted: Bool
    let waveOrder: [String]
    let waveIndex: [String: Int]
    let segmentNames: [String]
    /// Segment columns broken down by (indices into `segmentNames`).
    let segmentColumns: [Int]
    /// Per broken-down column, its values in sorted order and their ranks.
    let sortedValues: [[String]]
    let valueIndex: [[String: Int]]
    let cells: CellLayout
    let items: ItemLayout
    let inlineStraightliners: Bool
    let outcome: Int?
    let driverItems: [Int]
    let owner: [Int]
    let states: [RowPassState]
    var duplicateCounts: [Int]
    var clock = StageClock()

    /// Lays out the cells.
    ///
    /// - Parameters:
    ///   - waveLabels: every wave label of the inputs (any order).
    ///   - segmentNames: the instrument's segment columns, as the tables name them.
    ///   - segmentValues: per segment column, every value of the inputs (any order).
    ///   - segments: columns to break down by; nil means all.
    ///   - weighted: whether the rows carry weights.
    ///   - rowsPerWaveAndGroup: rows per wave label and group, to share the work out over
    ///     `threads` (only the balance depends on it).
    public init(
        instrument: Instrument, waveLabels: [String], segmentNames: [String], segmentValues: [[String]], segments: [String]?,
        exclude: Set<QualityFlags.Flag>, weighted: Bool, threads: Int, rowsPerWaveAndGroup: [String: [Int]]
    ) {
        self.instrument = instrument
        self.exclude = exclude
        self.threads = threads
        self.weighted = weighted
        self.segmentNames = segmentNames
        waveOrder = AnalysisEngine.orderedWaves(labels: waveLabels, declared: instrument.waves)
        waveIndex = Dictionary(waveOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        segmentColumns = (segments ?? segmentNames).compactMap { segmentNames.firstIndex(of: $0) }
        sortedValues = segmentColumns.map { Array(Set(segmentValues[$0])).sorted() }
        valueIndex = sortedValues.map { Dictionary($0.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
        let groupCount = instrument.groups.count
        cells = CellLayout(waveCount: waveOrder.count, groupCount: groupCount, segmentValueCounts: sortedValues.map(\.count))
        items = ItemLayout(instrument)
        let outcome = instrument.outcome.flatMap { instrument.itemIndex($0) }
        self.outcome = outcome
        driverItems = instrument.items.indices.filter { i in i != outcome && instrument.scale(of: instrument.items[i]).kind == .likert }
        // Without exclusions, the flat row pass finds straight-liners itself, from the codes it
        // reads anyway, instead of a pass of its own.
        inlineStraightliners = exclude.isEmpty && instrument.reporting.alphaMissing != .pairwise && !weighted && outcome == nil
        var blockRows = [Int](repeating: 0, count: waveOrder.count * groupCount)
        for (label, perGroup) in rowsPerWaveAndGroup {
            guard let w = waveIndex[label] else { continue }
            for (g, rows) in perGroup.enumerated() where g < groupCount { blockRows[w * groupCount + g] += rows }
        }
        let (owner, workers) = RowPass.owners(rowsPerBlock: blockRows, threads: threads)
        self.owner = owner
        let flat = !weighted && outcome == nil && instrument.reporting.alphaMissing != .pairwise
        let (cells, items, values) = (cells, items, sortedValues.map(\.count))
        states = (0..<workers).map { _ in
            RowPassState(flat: flat ? FlatState(items: items, cells: cells, groupCount: groupCount, segmentValueCounts: values) : nil, cellCount: cells.count)
        }
        duplicateCounts = [Int](repeating: 0, count: cells.count)
    }

    /// Adds a slice of accepted rows (duplicates already removed), in input order.
    ///
    /// Speeders are judged against `medians` (the medians of the whole inputs' wave × group
    /// durations) and, under `--exclude`, the rows left are judged again against `keptMedians`;
    /// nil computes both from this slice, which is right when it is the whole input.
    ///
    /// - Returns: false when a row has a wave label or segment value the session was not
    ///   laid out for (its rows are left out; the input changed between passes).
    @discardableResult
    public func add(_ table: ResponseTable, medians: SpeederMedians? = nil, keptMedians: SpeederMedians? = nil) -> Bool {
        let flags = QualityFlags(table: table, instrument: instrument, threads: threads, straightliners: !inlineStraightliners, medians: medians)
        clock.lap("flags")
        var rows = table
        var active = flags
        if !exclude.isEmpty {
            let keep = (0..<table.rowCount).map { row in
                !(exclude.contains(.straightliners) && flags.straightliner[row])
                    && !(exclude.contains(.speeders) && flags.speeder[row])
            }
            rows = table.filtered(keep)
            active = QualityFlags(table: rows, instrument: instrument, threads: threads, medians: keptMedians)
        }
        var complete = true
        let waveRank = rows.waveLabels.map { label -> Int in
            guard let w = waveIndex[label] else { complete = false; return -1 }
            return w
        }
        let valueRank = segmentColumns.enumerated().map { si, s in
            rows.segmentValues[s].map { value -> Int in
                guard let v = valueIndex[si][value] else { complete = false; return -1 }
                return v
            }
        }
        guard complete else { return false }
        let pass = RowPass(
            table: rows, items: items, cells: cells, waveRank: waveRank, segmentColumns: segmentColumns, valueRank: valueRank,
            flags: active, minimumShare: instrument.reporting.dimensionMinimumAnswered, pairwise: instrument.reporting.alphaMissing == .pairwise,
            weighted: weighted, outcome: outcome,
            driverItems: driverItems,
            groupCount: instrument.groups.count, inlineStraightliners: inlineStraightliners)
        clock.lap("setup")
        pass.run(owner: owner, states: states)
        clock.lap("rows")
        return true
    }

    /// Counts rows rejected as duplicates in their cells (`quality.duplicates`).
    public func addDuplicates(_ table: ResponseTable) {
        for row in 0..<table.rowCount {
            guard let w = waveIndex[table.waveLabels[Int(table.waves[row])]] else { continue }
            let g = Int(table.groups[row])
            duplicateCounts[cells.cell(wave: w, group: g)] += 1
            for (si, s) in segmentColumns.enumerated() {
                let code = table.segmentCodes[s][row]
                guard code != ResponseTable.missingSegment, let v = valueIndex[si][table.segmentValues[s][Int(code)]] else { continue }
                duplicateCounts[cells.cell(wave: w, group: g, segment: si, value: v)] += 1
            }
        }
    }

    /// Builds the report from everything added.
    public func finish(inputs: [InputSummary]) -> Report {
        let options = instrument.reporting
        let groupCount = instrument.groups.count
        var accumulators = [CellAccumulator?](repeating: nil, count: cells.count)
        for state in states {
            let mine = state.flat.map { $0.finish(items: items, cells: cells, groupCount: groupCount, segmentColumnCount: segmentColumns.count) }
                ?? state.accumulators
            for (c, accumulator) in mine.enumerated() where accumulator != nil { accumulators[c] = accumulator }
        }
        for c in 0..<cells.count where duplicateCounts[c] > 0 { accumulators[c]?.duplicates += duplicateCounts[c] }
        if cells.hasAll { AnalysisEngine.mergeAll(&accumulators, cells: cells, groupCount: groupCount, segmentValueCounts: sortedValues.map(\.count)) }
        clock.lap("merge")
        var builder = CellBuilder(instrument: instrument, items: items, weighted: weighted)
        var built: [Cell] = []
        var sources: [CellAccumulator] = []
        for index in 0..<cells.count {
            guard let acc = accumulators[index], acc.respondents > 0 else { continue }
            sources.append(acc)
            let (w, g, segment) = cells.coordinates(index)
            let groupID = g == groupCount ? "all" : instrument.groups[g].id
            var segmentRef: SegmentRef? = nil
            if let (si, v) = segment {
                segmentRef = SegmentRef(name: segmentNames[segmentColumns[si]], value: sortedValues[si][v])
            }
            built.append(builder.cell(acc, wave: waveOrder[w], group: groupID, groupIndex: g, segment: segmentRef))
        }
        clock.lap("cells")
        let touched = Suppression.applyComplementary(&built, minimumN: options.minimumN, coverage: sources.map(builder.coverage))
        for c in touched.sorted() where built[c].suppressed == nil { builder.rederive(&built[c], sources[c]) }
        var report = Report(
            instrument: .init(id: instrument.id, title: instrument.title, version: instrument.version, sha256: instrument.sha256),
            inputs: inputs.map(Report.InputInfo.init),
            settings: .init(
                confidence: options.confidence, minimumN: options.minimumN, minimumResponseRate: options.minimumResponseRate,
                alphaMissing: options.alphaMissing.rawValue, dimensionMinimumAnswered: options.dimensionMinimumAnswered,
                weighted: weighted, segments: segmentColumns.map { segmentNames[$0] },
                excluded: exclude.map(\.rawValue).sorted(), significance: options.significance),
            waves: waveOrder, cells: built)
        report.warnings = builder.warnings
        report.trends = TrendAnalysis.trends(cells: built, waves: waveOrder, instrument: instrument)
        report.series = TrendAnalysis.series(cells: built, waves: waveOrder, confidence: options.confidence)
        report.opportunities = OpportunityRanking.rank(cells: built, trends: report.trends, waves: waveOrder, instrument: instrument)
        clock.lap("trends")
        clock.report("analysis")
        return report
    }
}

/// The median duration of each wave × group, for judging speeders (SPEC §4) when the rows
/// come in slices: built from exact counts of each distinct duration, so it equals the median
/// of all the durations at once. Memory grows with the distinct durations, not the rows.
public struct SpeederMedians: Sendable {
    /// Wave label → per group index, the median (NaN when the block has no known duration).
    public var medians: [String: [Double]]

    /// Medians given directly.
    public init(medians: [String: [Double]]) { self.medians = medians }

    /// The median of a block.
    public func median(wave: String, group: Int) -> Double {
        guard let perGroup = medians[wave], group < perGroup.count else { return .nan }
        return perGroup[group]
    }
}

/// Counts of each distinct known duration per wave label × group, up to a limit of distinct
/// values per block: beyond it (fractional durations, say) the counts would grow with the
/// rows, so they are dropped and ``overflowed`` is set, and the caller finds the medians
/// another way.
public struct DurationCounts: Sendable {
    /// Wave label → group → duration → respondents.
    public private(set) var counts: [String: [Int: [Double: Int]]] = [:]
    /// Distinct durations one block may hold.
    public let limit: Int
    /// A block had more distinct durations than ``limit``: the counts are gone.
    public private(set) var overflowed = false

    /// No durations.
    public init(limit: Int = 1 << 16) { self.limit = limit }

    /// Counts `delta` (negative to take back) respondents with a duration; NaN is ignored.
    public mutating func add(_ duration: Double, wave: String, group: Int, delta: Int = 1) {
        guard !duration.isNaN, !overflowed else { return }
        counts[wave, default: [:]][group, default: [:]][duration, default: 0] += delta
        if delta > 0, counts[wave]![group]!.count > limit {
            overflowed = true
            counts = [:]
        }
    }

    /// The medians of every block; `keep` can leave durations out (those it returns false for,
    /// given the block's wave and group).
    public func medians(groupCount: Int, keep: (Double, String, Int) -> Bool = { _, _, _ in true }) -> SpeederMedians {
        var out: [String: [Double]] = [:]
        for (wave, groups) in counts {
            var perGroup = [Double](repeating: .nan, count: groupCount)
            for (g, values) in groups where g < groupCount {
                let sorted = values.filter { $0.value > 0 && keep($0.key, wave, g) }.sorted { $0.key < $1.key }
                let total = sorted.reduce(0) { $0 + $1.value }
                guard total > 0 else { continue }
                // The values at sorted positions total/2 (upper middle) and, when even, the one before.
                func value(at position: Int) -> Double {
                    var seen = 0
                    for (duration, count) in sorted {
                        seen += count
                        if position < seen { return duration }
                    }
                    return sorted.last!.key
                }
                let upper = value(at: total / 2)
                perGroup[g] = total % 2 == 1 ? upper : (value(at: total / 2 - 1) + upper) / 2
            }
            out[wave] = perGroup
        }
        return SpeederMedians(medians: out)
    }
}
