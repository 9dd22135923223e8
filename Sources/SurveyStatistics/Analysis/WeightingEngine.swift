import SurveyModel

/// Computes respondent weights from the instrument's `weighting:` block (SPEC §5.4).
///
/// Within each wave × weighted group, weights start from the design weights (the weight
/// column, else 1) and are raked (iterative proportional fitting, ``Weighted/rake``) or
/// post-stratified to the margins' population shares times the cell's total design weight,
/// optionally trimmed to `trim` × the mean weight, and finally scaled to add up to the number
/// of respondents in the cell. Groups not weighted keep their design weights.
public enum WeightingEngine {
    /// The weights for every row, or an error naming the margin and category at fault.
    ///
    /// - Throws: ``SurveyError`` `.dataError` when a respondent has no or an unlisted category on
    ///   a margin, when a category with a population share has no respondent in a wave and
    ///   group, or when raking does not converge within the iteration cap.
    public static func weights(table: ResponseTable, instrument: Instrument, inputPaths: [String]) throws(SurveyError) -> [Double] {
        var weights = table.hasWeights ? table.weights : Array(repeating: 1, count: table.rowCount)
        guard let weighting = instrument.weighting else { return weights }
        let weightedGroups = Set((weighting.groups ?? instrument.groups.map(\.id)).compactMap { instrument.groupIndex($0) })
        var cells: [Int: [Int]] = [:]
        for row in 0..<table.rowCount where weightedGroups.contains(Int(table.groups[row])) {
            cells[Int(table.waves[row]) << 16 | Int(table.groups[row]), default: []].append(row)
        }
        for key in cells.keys.sorted() {
            let rows = cells[key]!
            let wave = table.waveLabels[key >> 16]
            let group = instrument.groups[key & 0xFFFF].id
            var categories: [[Int]] = []
            var targets: [[Double]] = []
            let initial = rows.map { weights[$0] }
            let total = initial.reduce(0, +)
            for margin in weighting.margins {
                guard let s = table.segmentNames.firstIndex(of: margin.segment) else { continue }
                let names = margin.shares.map(\.category)
                var index: [UInt32: Int] = [:]
                for (v, value) in table.segmentValues[s].enumerated() { if let c = names.firstIndex(of: value) { index[UInt32(v)] = c } }
                var column: [Int] = []
                var present = Array(repeating: false, count: names.count)
                for row in rows {
                    let code = table.segmentCodes[s][row]
                    guard let c = index[code] else {
                        let origin = table.origins[row]
                        let value = code == ResponseTable.missingSegment ? "" : table.segmentValues[s][Int(code)]
                        throw SurveyError(.dataError, at: InputLocation(path: inputPaths[origin.input], line: origin.line, column: 1),
                                          "respondent \(table.respondentID(row).quotedForMessage) has \(margin.segment) \(value.quotedForMessage), which weighting margin \(margin.segment.quotedForMessage) does not list; expected one of: \(names.joined(separator: ", "))")
                    }
                    present[c] = true
                    column.append(c)
                }
                if let empty = present.firstIndex(of: false) {
                    throw SurveyError(.dataError, path: nil, "weighting margin \(margin.segment.quotedForMessage) category \(names[empty].quotedForMessage) has a population share but no respondent in wave \(wave), group \(group); merge it with a neighbour or drop it from the margin")
                }
                categories.append(column)
                targets.append(margin.shares.map { $0.share * total })
            }
            var fitted: [Double]
            switch weighting.method {
            case .postStratify:
                var current = Array(repeating: 0.0, count: targets[0].count)
                for (i, c) in categories[0].enumerated() { current[c] += initial[i] }
                fitted = initial.enumerated().map { i, w in w * targets[0][categories[0][i]] / current[categories[0][i]] }
            case .rake:
                guard let result = Weighted.rake(categories: categories, targets: targets, initial: initial,
                                                 tolerance: weighting.tolerance * total, maxIterations: weighting.maxIterations) else {
                    throw SurveyError(.dataError, path: nil, "weighting did not converge for wave \(wave), group \(group) within \(weighting.maxIterations) iterations (tolerance \(weighting.tolerance)); margin \(worstMargin(categories, targets, initial, weighting).quotedForMessage) is furthest from its targets — check that its shares are attainable")
                }
                fitted = result.weights
            }
            if let trim = weighting.trim {
                let mean = fitted.reduce(0, +) / Double(fitted.count)
                fitted = fitted.map { min(max($0, trim.lowerBound * mean), trim.upperBound * mean) }
            }
            let scale = Double(rows.count) / fitted.reduce(0, +)
            for (i, row) in rows.enumerated() { weights[row] = fitted[i] * scale }
        }
        return weights
    }

    private static func worstMargin(_ categories: [[Int]], _ targets: [[Double]], _ weights: [Double], _ weighting: Weighting) -> String {
        var worst = (0.0, weighting.margins.first?.segment ?? "")
        for (m, column) in categories.enumerated() {
            var totals = Array(repeating: 0.0, count: targets[m].count)
            for (i, c) in column.enumerated() { totals[c] += weights[i] }
            let gap = zip(totals, targets[m]).map { abs($0 - $1) }.max() ?? 0
            if gap > worst.0 { worst = (gap, weighting.margins[m].segment) }
        }
        return worst.1
    }
}
