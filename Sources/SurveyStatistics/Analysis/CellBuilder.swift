import SurveyModel

/// Turns a cell's accumulated counts into its reported statistics, applying primary suppression.
struct CellBuilder {
    let instrument: Instrument
    let items: ItemLayout
    let confidence: Double
    let minimumN: Int
    private(set) var warnings: [String] = []

    let isWeighted: Bool

    init(instrument: Instrument, items: ItemLayout, weighted: Bool) {
        self.instrument = instrument
        self.items = items
        isWeighted = weighted
        confidence = instrument.reporting.confidence
        minimumN = instrument.reporting.minimumN
    }

    mutating func cell(_ acc: CellAccumulator, wave: String, group: String, groupIndex: Int, segment: SegmentRef?) -> Cell {
        var cell = Cell(wave: wave, group: group, segment: segment, respondents: acc.respondents)
        if segment == nil { cell.responseRate = responseRate(wave: wave, groupIndex: groupIndex, respondents: acc.respondents) }
        if acc.respondents < minimumN {
            cell.suppressed = .lowN
            return cell
        }
        let minimumRate = instrument.reporting.minimumResponseRate
        if minimumRate > 0, let rate = cell.responseRate, rate < minimumRate {
            cell.suppressed = .lowResponseRate
            return cell
        }
        let layout = items
        let groupCount = instrument.groups.count
        let asked: (Int) -> Bool = { i in
            groupIndex < groupCount ? layout.items[i].askedOf[groupIndex] : layout.items[i].askedOf.contains(true)
        }
        for (i, item) in instrument.items.enumerated() where asked(i) {
            cell.items.append(itemStats(i, item, acc))
        }
        for (d, dimension) in instrument.dimensions.enumerated() where items.dimensionItems[d].contains(where: asked) {
            cell.dimensions.append(dimensionStats(d, dimension, acc, cell: cell, label: "\(wave)/\(group)", warn: segment == nil))
        }
        if isWeighted {
            cell.nEff = acc.respondentWeightSquares > 0 ? acc.respondentWeights * acc.respondentWeights / acc.respondentWeightSquares : nil
            if acc.weightedIndex.n >= minimumN, let mean = acc.weightedIndex.mean {
                let se = acc.weightedIndex.standardError
                cell.index = IndexValue(value: mean, ci: se.flatMap { interval(mean, $0, acc.weightedIndex.n) }, n: acc.weightedIndex.n, sd: acc.weightedIndex.sd, se: se)
            }
        } else if acc.index.n >= minimumN, let mean = acc.index.mean {
            let ci = acc.index.sd.flatMap { Descriptive.tInterval(mean: mean, sd: $0, n: acc.index.n, confidence: confidence) }
            cell.index = IndexValue(value: mean, ci: ci, n: acc.index.n, sd: acc.index.sd)
        }
        cell.quality = Quality(straightliners: acc.straightliners, speeders: acc.speeders, duplicates: acc.duplicates, invalidAnswers: acc.invalidAnswers)
        cell.kpis = KPIEvaluator.evaluate(instrument.kpis, in: cell, instrument: instrument)
        if segment == nil, let drivers = acc.drivers {
            cell.drivers = DriverAnalysis.drivers(drivers, cell: cell, instrument: instrument)
        }
        return cell
    }

    private func responseRate(wave: String, groupIndex: Int, respondents: Int) -> Double? {
        let population: Int?
        if groupIndex < instrument.groups.count {
            population = instrument.groups[groupIndex].population[wave]
        } else {
            let all = instrument.groups.map { $0.population[wave] }
            population = all.contains(nil) ? nil : all.reduce(0) { $0 + $1! }
        }
        guard let population, population > 0 else { return nil }
        return Double(respondents) / Double(population)
    }

    private func itemStats(_ i: Int, _ item: Item, _ acc: CellAccumulator) -> ItemStats {
        let info = items.items[i]
        let scale = instrument.scale(of: item)
        let counts = Array(acc.counts[info.countOffset..<(info.countOffset + info.valueCount)])
        let summary = Descriptive.summarize(counts: counts, lower: info.lower)
        var stats = ItemStats(id: item.id)
        guard summary.n >= minimumN, summary.n > 0 else {
            stats.suppressed = summary.n == 0 ? .noData : .lowN
            return stats
        }
        let n = summary.n
        stats.n = n
        stats.mean = summary.mean
        stats.sd = summary.sd
        stats.median = summary.median
        if let mean = summary.mean, let sd = summary.sd {
            stats.ci = Descriptive.tInterval(mean: mean, sd: sd, n: n, confidence: confidence)
        }
        if let mean = summary.mean {
            let span = Double(info.upper - info.lower)
            stats.index = IndexValue(value: (mean - Double(info.lower)) / span * 100,
                                     ci: stats.ci.map { $0.map { ($0 - Double(info.lower)) / span * 100 } })
        }
        if !scale.favourable.isEmpty {
            stats.favourable = share(scale.favourable.reduce(0) { $0 + counts[$1 - info.lower] }, n)
        }
        if !scale.unfavourable.isEmpty {
            stats.unfavourable = share(scale.unfavourable.reduce(0) { $0 + counts[$1 - info.lower] }, n)
        }
        if isWeighted { applyWeights(to: &stats, info: info, scale: scale, acc: acc) }
        var distribution: [String: Int] = [:]
        for (offset, count) in counts.enumerated() { distribution[String(info.lower + offset)] = count }
        stats.distribution = distribution
        var missing: [String: Int] = [:]
        let base = info.countOffset + info.valueCount
        let builtIn = [AnswerCode.noAnswerReason, AnswerCode.notShownReason, AnswerCode.invalidReason]
        for (k, reason) in builtIn.enumerated() where acc.counts[base + k] > 0 { missing[reason, default: 0] += acc.counts[base + k] }
        for (k, reason) in scale.missingReasons.enumerated() where acc.counts[base + 3 + k] > 0 {
            missing[reason, default: 0] += acc.counts[base + 3 + k]
        }
        stats.missing = missing
        if scale.kind == .nps {
            let detractors = counts[0...6].reduce(0, +)
            let passives = counts[7...8].reduce(0, +)
            let promoters = counts[9...10].reduce(0, +)
            if let r = NetPromoter.score(promoters: promoters, passives: passives, detractors: detractors, confidence: confidence) {
                stats.nps = NPSValue(score: r.score, ci: r.ci, promoters: promoters, passives: passives, detractors: detractors)
            }
        }
        return stats
    }

    /// mean ± t(n−1)·SE, the interval of SPEC §5.4 for weighted means.
    private func interval(_ mean: Double, _ se: Double, _ n: Int) -> [Double]? {
        guard n >= 2 else { return nil }
        let t = Distributions.criticalValue(confidence: confidence, df: Double(n - 1))
        return [mean - t * se, mean + t * se]
    }

    /// Replaces an item's unweighted estimates by weighted ones (SPEC §5.4): weighted mean with
    /// its linearized SE and t interval, weighted median, weighted shares with Wilson intervals on
    /// Kish's n_eff, and a weighted NPS. `n` and `distribution` stay respondent counts.
    private func applyWeights(to stats: inout ItemStats, info: ItemLayout.ItemInfo, scale: Scale, acc: CellAccumulator) {
        let base = info.countOffset
        var moments = WeightedMoments()
        for v in 0..<info.valueCount where acc.counts[base + v] > 0 {
            moments.add(Double(info.lower + v), count: acc.counts[base + v], weightSum: acc.weightSums[base + v], weightSquares: acc.weightSquares[base + v])
        }
        guard let mean = moments.mean, let nEff = moments.effectiveN else { return }
        let total = moments.weightSum
        stats.mean = mean
        stats.sd = moments.sd
        stats.se = moments.standardError
        stats.nEff = nEff
        stats.ci = stats.se.flatMap { interval(mean, $0, moments.n) }
        let span = Double(info.upper - info.lower)
        stats.index = IndexValue(value: (mean - Double(info.lower)) / span * 100, ci: stats.ci.map { $0.map { ($0 - Double(info.lower)) / span * 100 } })
        var cumulative = 0.0
        for v in 0..<info.valueCount {
            cumulative += acc.weightSums[base + v]
            guard cumulative >= total / 2 * (1 - 1e-12) else { continue }
            if abs(cumulative - total / 2) <= total * 1e-12, let next = (v + 1..<info.valueCount).first(where: { acc.weightSums[base + $0] > 0 }) {
                stats.median = Double(2 * info.lower + v + next) / 2
            } else {
                stats.median = Double(info.lower + v)
            }
            break
        }
        func weightedShare(_ codes: [Int]) -> ShareValue {
            let w = codes.reduce(0.0) { $0 + acc.weightSums[base + $1 - info.lower] }
            let p = w / total
            return ShareValue(count: w, p: p, ci: Proportion.wilson(count: p * nEff, n: nEff, confidence: confidence))
        }
        if !scale.favourable.isEmpty { stats.favourable = weightedShare(scale.favourable) }
        if !scale.unfavourable.isEmpty { stats.unfavourable = weightedShare(scale.unfavourable) }
        if scale.kind == .nps, var nps = stats.nps {
            let p = (9...10).reduce(0.0) { $0 + acc.weightSums[base + $1 - info.lower] } / total
            let d = (0...6).reduce(0.0) { $0 + acc.weightSums[base + $1 - info.lower] } / total
            let z = Distributions.criticalValue(confidence: confidence)
            let n1 = nEff + 3
            let p1 = (p * nEff + 0.75) / n1, d1 = (d * nEff + 0.75) / n1
            let centre = 100 * (p1 - d1)
            let se = 100 * ((p1 + d1 - (p1 - d1) * (p1 - d1)) / n1).squareRoot()
            nps.score = 100 * (p - d)
            nps.ci = [max(-100, centre - z * se), min(100, centre + z * se)]
            stats.nps = nps
        }
    }

    private func share(_ count: Int, _ n: Int) -> ShareValue {
        ShareValue(count: Double(count), p: Double(count) / Double(n),
                   ci: Proportion.wilson(count: Double(count), n: Double(n), confidence: confidence))
    }

    private mutating func dimensionStats(_ d: Int, _ dimension: Dimension, _ acc: CellAccumulator, cell: Cell, label: String, warn: Bool) -> DimensionStats {
        var stats = DimensionStats(id: dimension.id)
        let moments = acc.dimensionScores[d]
        guard moments.n >= minimumN, let mean = moments.mean else {
            stats.suppressed = moments.n == 0 ? .noData : .lowN
            return stats
        }
        let (lower, upper) = items.dimensionRange[d]
        let span = Double(upper - lower)
        stats.n = moments.n
        stats.mean = mean
        stats.sd = moments.sd
        stats.ci = moments.sd.flatMap { Descriptive.tInterval(mean: mean, sd: $0, n: moments.n, confidence: confidence) }
        stats.index = IndexValue(value: (mean - Double(lower)) / span * 100, ci: stats.ci.map { $0.map { ($0 - Double(lower)) / span * 100 } })
        if isWeighted, let wmean = acc.weightedDimensions[d].mean {
            let wm = acc.weightedDimensions[d]
            stats.mean = wmean
            stats.sd = wm.sd
            stats.se = wm.standardError
            stats.nEff = wm.effectiveN
            stats.ci = stats.se.flatMap { interval(wmean, $0, wm.n) }
            stats.index = IndexValue(value: (wmean - Double(lower)) / span * 100, ci: stats.ci.map { $0.map { ($0 - Double(lower)) / span * 100 } })
        }
        let memberIDs = items.dimensionItems[d].map { instrument.items[$0].id }
        stats.favourable = Self.favourable(memberIDs: memberIDs, in: cell)
        let pairwise = instrument.reporting.alphaMissing == .pairwise
        if let alpha = acc.covariance[d].alpha(pairwise: pairwise) {
            var deleted: [String: Double] = [:]
            for (j, value) in alpha.ifItemDeleted.enumerated() { if let value { deleted[memberIDs[j]] = value } }
            stats.alpha = AlphaValue(value: alpha.value, n: alpha.n, k: alpha.k, ifItemDeleted: deleted)
            if warn {
                if alpha.value < 0 {
                    warnings.append("\(label): dimension \(dimension.id) has a negative Cronbach's alpha (\(Self.format(alpha.value))); is a reverse item not declared?")
                }
                for (j, r) in alpha.correctedItemTotal.enumerated() where (r ?? 0) < 0 {
                    warnings.append("\(label): item \(memberIDs[j]) correlates negatively with the rest of dimension \(dimension.id) (r = \(Self.format(r!))); is it a reverse item not declared?")
                }
            }
        }
        return stats
    }

    /// A dimension's favourable share: the mean of its shown items' favourable shares.
    static func favourable(memberIDs: [String], in cell: Cell) -> ShareValue? {
        let shares = cell.items.filter { memberIDs.contains($0.id) && $0.suppressed == nil }.compactMap { $0.favourable?.p }
        return shares.isEmpty ? nil : ShareValue(count: nil, p: shares.reduce(0, +) / Double(shares.count), ci: nil)
    }

    /// Works out again what a cell derives from its items and dimensions (each dimension's
    /// favourable share, the KPIs, the drivers) after complementary suppression hid some of
    /// them, so that nothing hidden shows through them.
    func rederive(_ cell: inout Cell, _ acc: CellAccumulator) {
        for k in cell.dimensions.indices where cell.dimensions[k].suppressed == nil {
            guard let d = instrument.dimensionIndex(cell.dimensions[k].id) else { continue }
            cell.dimensions[k].favourable = Self.favourable(memberIDs: items.dimensionItems[d].map { instrument.items[$0].id }, in: cell)
        }
        cell.kpis = KPIEvaluator.evaluate(instrument.kpis, in: cell, instrument: instrument)
        if cell.segment == nil, let drivers = acc.drivers {
            cell.drivers = DriverAnalysis.drivers(drivers, cell: cell, instrument: instrument)
        }
    }

    /// The respondents behind each item's and dimension's value (SPEC §5.8's `n`), shown or not.
    func coverage(_ acc: CellAccumulator) -> Suppression.Coverage {
        var coverage = Suppression.Coverage()
        for (i, info) in items.items.enumerated() {
            coverage.items[instrument.items[i].id] = acc.counts[info.countOffset..<(info.countOffset + info.valueCount)].reduce(0, +)
        }
        for (d, dimension) in instrument.dimensions.enumerated() { coverage.dimensions[dimension.id] = acc.dimensionScores[d].n }
        return coverage
    }

    static func format(_ x: Double) -> String {
        let scaled = (x * 1000).rounded() / 1000
        return String(scaled)
    }
}
