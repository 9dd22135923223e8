import SurveyModel

/// What one analysis needs besides the instrument: the accepted responses and their provenance.
public struct AnalysisInput: Sendable {
    /// The questionnaire.
    public var instrument: Instrument
    /// Accepted responses of every input.
    public var table: ResponseTable
    /// Accounting per input.
    public var inputs: [InputSummary]
    /// Responses rejected as duplicates (counted per cell in `quality`).
    public var duplicates: ResponseTable?
    /// Segment columns to break down by; `nil` means every segment the instrument declares.
    public var segments: [String]?
    /// Flags whose respondents are left out.
    public var exclude: Set<QualityFlags.Flag>

    /// Creates an analysis input.
    public init(instrument: Instrument, table: ResponseTable, inputs: [InputSummary], duplicates: ResponseTable? = nil, segments: [String]? = nil, exclude: Set<QualityFlags.Flag> = []) {
        self.instrument = instrument
        self.table = table
        self.inputs = inputs
        self.duplicates = duplicates
        self.segments = segments
        self.exclude = exclude
    }
}

/// Turns responses into the cells of a ``Report`` (SPEC §5.1–5.3, 5.7–5.9).
///
/// One pass over the rows: each respondent's answers are recoded (reverse items become
/// `L + U − x`), their dimension scores and index computed once, and then added to every cell
/// they belong to — their wave × group, wave × `all`, and the same for each segment value. Item
/// statistics come from exact integer histograms; α from exact integer cross-products.
public enum AnalysisEngine {
    /// Runs the analysis.
    public static func run(_ input: AnalysisInput) -> Report {
        let instrument = input.instrument
        let options = instrument.reporting
        let flags = QualityFlags(table: input.table, instrument: instrument)
        var table = input.table
        if !input.exclude.isEmpty {
            let keep = (0..<table.rowCount).map { row in
                !(input.exclude.contains(.straightliners) && flags.straightliner[row])
                    && !(input.exclude.contains(.speeders) && flags.speeder[row])
            }
            table = table.filtered(keep)
        }
        let activeFlags = input.exclude.isEmpty ? flags : QualityFlags(table: table, instrument: instrument)

        let waveOrder = orderedWaves(labels: table.waveLabels, declared: instrument.waves)
        let segmentColumns = (input.segments ?? table.segmentNames).compactMap { table.segmentNames.firstIndex(of: $0) }
        let valueOrder = segmentColumns.map { s in table.segmentValues[s].indices.sorted { table.segmentValues[s][$0] < table.segmentValues[s][$1] } }
        var valueRank = segmentColumns.map { s in Array(repeating: 0, count: table.segmentValues[s].count) }
        for (si, order) in valueOrder.enumerated() { for (rank, v) in order.enumerated() { valueRank[si][v] = rank } }

        let cells = CellLayout(waveCount: waveOrder.count, groupCount: instrument.groups.count, segmentValueCounts: valueOrder.map(\.count))
        let items = ItemLayout(instrument)
        var waveRank = Array(repeating: 0, count: table.waveLabels.count)
        for (rank, label) in waveOrder.enumerated() { waveRank[table.waveLabels.firstIndex(of: label)!] = rank }

        var accumulators = [CellAccumulator?](repeating: nil, count: cells.count)
        var scratch = RowScratch(
            recoded: Array(repeating: AnswerCode.absent, count: table.itemCount),
            slots: Array(repeating: -1, count: table.itemCount),
            dimensionValues: Array(repeating: 0, count: items.dimensionOffsets.last ?? 0),
            dimensionScore: Array(repeating: .nan, count: items.dimensionItems.count), index: .nan, invalid: 0)
        var rowCells: [Int] = []
        let minimumShare = options.dimensionMinimumAnswered
        let pairwise = options.alphaMissing == .pairwise
        let weighted = table.hasWeights
        let outcome = instrument.outcome.flatMap { instrument.itemIndex($0) }
        let driverItems = instrument.items.indices.filter { i in
            i != outcome && instrument.scale(of: instrument.items[i]).kind == .likert
        }

        // Rows go to their own group's cells only; `all` is merged from the groups afterwards.
        for row in 0..<table.rowCount {
            let g = Int(table.groups[row])
            let w = waveRank[Int(table.waves[row])]
            derive(row: row, group: g, table: table, items: items, minimumShare: minimumShare, into: &scratch)
            rowCells.removeAll(keepingCapacity: true)
            rowCells.append(cells.cell(wave: w, group: g))
            for (si, s) in segmentColumns.enumerated() {
                let code = table.segmentCodes[s][row]
                guard code != ResponseTable.missingSegment else { continue }
                rowCells.append(cells.cell(wave: w, group: g, segment: si, value: valueRank[si][Int(code)]))
            }
            for (position, c) in rowCells.enumerated() {
                if accumulators[c] == nil {
                    accumulators[c] = CellAccumulator(layout: items, weighted: weighted)
                    if position == 0, outcome != nil { accumulators[c]!.drivers = DriverAccumulator(items: driverItems, dimensionCount: items.dimensionItems.count) }
                }
                add(scratch, items: items, pairwise: pairwise, straightliner: activeFlags.straightliner[row], speeder: activeFlags.speeder[row], to: &accumulators[c]!)
                if weighted { addWeighted(scratch, weight: table.weights[row], to: &accumulators[c]!) }
                if position == 0, let outcome {
                    let recoded = scratch.recoded
                    accumulators[c]!.drivers!.add(codes: { recoded[$0] }, dimensionScores: scratch.dimensionScore, outcome: recoded[outcome])
                }
            }
        }
        if let duplicates = input.duplicates {
            countDuplicates(duplicates, waveOrder: waveOrder, segmentColumns: segmentColumns, table: table, valueRank: valueRank, cells: cells, into: &accumulators)
        }
        if cells.hasAll { mergeAll(&accumulators, cells: cells, groupCount: instrument.groups.count, segmentValueCounts: valueOrder.map(\.count)) }

        var builder = CellBuilder(instrument: instrument, items: items, weighted: table.hasWeights)
        var built: [Cell] = []
        for index in 0..<cells.count {
            guard let acc = accumulators[index], acc.respondents > 0 else { continue }
            let (w, g, segment) = cells.coordinates(index)
            let groupID = g == instrument.groups.count ? "all" : instrument.groups[g].id
            var segmentRef: SegmentRef? = nil
            if let (si, v) = segment {
                let s = segmentColumns[si]
                segmentRef = SegmentRef(name: table.segmentNames[s], value: table.segmentValues[s][valueOrder[si][v]])
            }
            built.append(builder.cell(acc, wave: waveOrder[w], group: groupID, groupIndex: g, segment: segmentRef))
        }
        Suppression.applyComplementary(&built, minimumN: options.minimumN)
        let report = Report(
            instrument: .init(id: instrument.id, title: instrument.title, version: instrument.version, sha256: instrument.sha256),
            inputs: input.inputs.map(Report.InputInfo.init),
            settings: .init(
                confidence: options.confidence, minimumN: options.minimumN, minimumResponseRate: options.minimumResponseRate,
                alphaMissing: options.alphaMissing.rawValue, dimensionMinimumAnswered: options.dimensionMinimumAnswered,
                weighted: table.hasWeights, segments: segmentColumns.map { table.segmentNames[$0] },
                excluded: input.exclude.map(\.rawValue).sorted(), significance: options.significance),
            waves: waveOrder, cells: built)
        var result = report
        result.warnings = builder.warnings
        result.trends = TrendAnalysis.trends(cells: built, waves: waveOrder, instrument: instrument)
        result.series = TrendAnalysis.series(cells: built, waves: waveOrder, confidence: options.confidence)
        result.opportunities = OpportunityRanking.rank(cells: built, trends: result.trends, waves: waveOrder, instrument: instrument)
        return result
    }

    /// Waves in the instrument's declared order, then any others by label.
    public static func orderedWaves(labels: [String], declared: [String]?) -> [String] {
        let present = Set(labels)
        let declaredPresent = (declared ?? []).filter { present.contains($0) }
        let rest = labels.filter { !declaredPresent.contains($0) }.sorted()
        return declaredPresent + rest
    }

    /// Recodes one row and computes its dimension scores and index.
    private static func derive(row: Int, group g: Int, table: ResponseTable, items: ItemLayout, minimumShare: Double, into s: inout RowScratch) {
        let k = table.itemCount
        let base = row * k
        var invalid = 0
        var weighted = 0.0
        var weightSum = 0.0
        table.codes.withUnsafeBufferPointer { codes in
            s.slots.withUnsafeMutableBufferPointer { slots in
                s.dimensionValues.withUnsafeMutableBufferPointer { values in
                  s.recoded.withUnsafeMutableBufferPointer { recoded in
                    for i in 0..<k {
                        let info = items.items[i]
                        var c = codes[base + i]
                        if !info.askedOf[g] {
                            slots[i] = -1
                            recoded[i] = AnswerCode.absent
                            if let position = info.dimensionPosition { values[position] = AnswerCode.absent }
                            continue
                        }
                        if AnswerCode.isAnswer(c) {
                            if info.reverse { c = Int16(info.lower + info.upper) - c }
                        } else if c == AnswerCode.invalid {
                            invalid += 1
                        } else if c == AnswerCode.absent {
                            // An item the reader could not see for this respondent: not answered.
                            c = AnswerCode.noAnswer
                        }
                        slots[i] = items.slot(item: i, code: c)
                        recoded[i] = c
                        if let position = info.dimensionPosition { values[position] = c }
                    }
                  }
                    for d in 0..<items.dimensionItems.count {
                        var sum = 0
                        var answered = 0
                        for position in items.dimensionOffsets[d]..<items.dimensionOffsets[d + 1] where AnswerCode.isAnswer(values[position]) {
                            sum += Int(values[position])
                            answered += 1
                        }
                        let asked = items.askedPerDimension[d][g]
                        if answered > 0 && Double(answered) + 1e-9 >= minimumShare * Double(asked) {
                            let score = Double(sum) / Double(answered)
                            s.dimensionScore[d] = score
                            let (lower, upper) = items.dimensionRange[d]
                            weighted += items.dimensionWeights[d] * (score - Double(lower)) / Double(upper - lower) * 100
                            weightSum += items.dimensionWeights[d]
                        } else {
                            s.dimensionScore[d] = .nan
                        }
                    }
                }
            }
        }
        s.invalid = invalid
        s.index = weightSum > 0 ? weighted / weightSum : .nan
    }

    private static func add(_ s: RowScratch, items: ItemLayout, pairwise: Bool, straightliner: Bool, speeder: Bool, to acc: inout CellAccumulator) {
        acc.respondents += 1
        acc.counts.withUnsafeMutableBufferPointer { counts in
            for slot in s.slots where slot >= 0 { counts[slot] += 1 }
        }
        s.dimensionValues.withUnsafeBufferPointer { values in
            for d in 0..<s.dimensionScore.count {
                if !s.dimensionScore[d].isNaN { acc.dimensionScores[d].add(s.dimensionScore[d]) }
                let slice = UnsafeBufferPointer(rebasing: values[items.dimensionOffsets[d]..<items.dimensionOffsets[d + 1]])
                acc.covariance[d].add(slice, pairwise: pairwise)
            }
        }
        if !s.index.isNaN { acc.index.add(s.index) }
        if straightliner { acc.straightliners += 1 }
        if speeder { acc.speeders += 1 }
        acc.invalidAnswers += s.invalid
    }

    private static func addWeighted(_ s: RowScratch, weight w: Double, to acc: inout CellAccumulator) {
        let w2 = w * w
        acc.respondentWeights += w
        acc.respondentWeightSquares += w2
        acc.weightSums.withUnsafeMutableBufferPointer { sums in
            acc.weightSquares.withUnsafeMutableBufferPointer { squares in
                for slot in s.slots where slot >= 0 {
                    sums[slot] += w
                    squares[slot] += w2
                }
            }
        }
        for d in 0..<s.dimensionScore.count where !s.dimensionScore[d].isNaN {
            acc.weightedDimensions[d].add(s.dimensionScore[d], weight: w)
        }
        if !s.index.isNaN { acc.weightedIndex.add(s.index, weight: w) }
    }

    /// Builds every `all` cell by merging its groups' cells, in group order (deterministic).
    private static func mergeAll(_ accumulators: inout [CellAccumulator?], cells: CellLayout, groupCount: Int, segmentValueCounts: [Int]) {
        func merge(_ target: Int, _ sources: [Int]) {
            for source in sources {
                guard let other = accumulators[source] else { continue }
                if accumulators[target] == nil {
                    accumulators[target] = other
                } else {
                    accumulators[target]!.merge(other)
                }
            }
        }
        for w in 0..<cells.waveCount {
            merge(cells.cell(wave: w, group: groupCount), (0..<groupCount).map { cells.cell(wave: w, group: $0) })
            for (si, values) in segmentValueCounts.enumerated() {
                for v in 0..<values {
                    merge(cells.cell(wave: w, group: groupCount, segment: si, value: v),
                          (0..<groupCount).map { cells.cell(wave: w, group: $0, segment: si, value: v) })
                }
            }
        }
    }

    private static func countDuplicates(
        _ dups: ResponseTable, waveOrder: [String], segmentColumns: [Int], table: ResponseTable,
        valueRank: [[Int]], cells: CellLayout, into accumulators: inout [CellAccumulator?]
    ) {
        for row in 0..<dups.rowCount {
            guard let w = waveOrder.firstIndex(of: dups.waveLabels[Int(dups.waves[row])]) else { continue }
            let g = Int(dups.groups[row])
            var targets = [cells.cell(wave: w, group: g)]
            for (si, s) in segmentColumns.enumerated() {
                let code = dups.segmentCodes[s][row]
                guard code != ResponseTable.missingSegment,
                      let v = table.segmentValues[s].firstIndex(of: dups.segmentValues[s][Int(code)]) else { continue }
                targets.append(cells.cell(wave: w, group: g, segment: si, value: valueRank[si][v]))
            }
            for c in targets { accumulators[c]?.duplicates += 1 }
        }
    }
}
