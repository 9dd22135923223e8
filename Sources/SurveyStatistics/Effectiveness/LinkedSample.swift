import SurveyModel

/// An action's linked measure in one wave: its value and what its test needs.
struct LinkedSample {
    /// The statistics behind the value.
    enum Evidence {
        /// A mean (or index) over respondents or answers: Welch's t test.
        case mean(mean: Double, sd: Double, n: Int)
        /// A share count/n: the two-proportion z test.
        case share(count: Double, n: Double)
        /// An estimate with a standard error: the z test on the difference.
        case estimate(value: Double, se: Double)
    }

    /// Why a wave has no sample.
    struct Missing: Error {
        var basis: ActionReview.Basis
        var detail: String?
    }

    /// The measure's value, as the report shows it.
    var value: Double
    /// What the test uses.
    var evidence: Evidence

    /// The linked measure in the whole-group cell of the link's group in a wave.
    static func find(_ link: ImprovementAction.Link, wave: String, in report: Report, instrument: Instrument) -> Result<LinkedSample, Missing> {
        guard let cell = report.cells.first(where: { $0.wave == wave && $0.group == link.group && $0.segment == nil }) else {
            return .failure(Missing(basis: .noCell, detail: wave))
        }
        if let reason = cell.suppressed { return .failure(Missing(basis: .suppressed, detail: "\(wave) \(reason.rawValue)")) }
        var measure = link.measure
        var itemID: String?
        var dimensionID: String?
        var shown: Double?
        switch link.target {
        case .kpi(let id):
            guard let kpi = instrument.kpis.first(where: { $0.id == id }) else { return .failure(Missing(basis: .noValue)) }
            measure = kpi.measure
            itemID = kpi.item
            dimensionID = kpi.dimension
            shown = cell.kpis.first { $0.id == id }?.value
            guard shown != nil else { return .failure(Missing(basis: .noValue, detail: wave)) }
        case .item(let id): itemID = id
        case .dimension(let id): dimensionID = id
        }
        if measure == .responseRate {
            guard let rate = cell.responseRate, rate > 0 else { return .failure(Missing(basis: .noValue, detail: wave)) }
            let population = Double(cell.respondents) / rate
            return .success(LinkedSample(value: shown ?? rate, evidence: .share(count: Double(cell.respondents), n: population)))
        }
        if let itemID {
            guard let item = cell.items.first(where: { $0.id == itemID }) else { return .failure(Missing(basis: .noValue, detail: wave)) }
            if let reason = item.suppressed { return .failure(Missing(basis: .suppressed, detail: "\(wave) \(reason.rawValue)")) }
            return itemSample(item, measure: measure, shown: shown, wave: wave)
        }
        if let dimensionID {
            guard let dimension = cell.dimensions.first(where: { $0.id == dimensionID }) else { return .failure(Missing(basis: .noValue, detail: wave)) }
            if let reason = dimension.suppressed { return .failure(Missing(basis: .suppressed, detail: "\(wave) \(reason.rawValue)")) }
            return dimensionSample(dimension, cell: cell, instrument: instrument, measure: measure, shown: shown, wave: wave)
        }
        guard let index = cell.index, let n = index.n else { return .failure(Missing(basis: .noValue, detail: wave)) }
        if let se = index.se { return .success(LinkedSample(value: shown ?? index.value, evidence: .estimate(value: index.value, se: se))) }
        let sd = index.sd ?? index.ci.flatMap { sdFromInterval($0, n: n, confidence: report.settings.confidence) }
        guard let sd else { return .failure(Missing(basis: .noValue, detail: wave)) }
        return .success(LinkedSample(value: shown ?? index.value, evidence: .mean(mean: index.value, sd: sd, n: n)))
    }

    private static func itemSample(_ item: ItemStats, measure: KPI.Measure, shown: Double?, wave: String) -> Result<LinkedSample, Missing> {
        let missing = Missing(basis: .noValue, detail: wave)
        guard let n = item.n else { return .failure(missing) }
        switch measure {
        case .favourable, .unfavourable:
            guard let share = measure == .favourable ? item.favourable : item.unfavourable else { return .failure(missing) }
            if let nEff = item.nEff { return .success(LinkedSample(value: shown ?? share.p, evidence: .share(count: share.p * nEff, n: nEff))) }
            return .success(LinkedSample(value: shown ?? share.p, evidence: .share(count: share.count ?? share.p * Double(n), n: Double(n))))
        case .nps:
            guard let nps = item.nps,
                let result = NetPromoter.score(promoters: nps.promoters, passives: nps.passives, detractors: nps.detractors, confidence: 0.95)
            else { return .failure(missing) }
            return .success(LinkedSample(value: shown ?? nps.score, evidence: .estimate(value: nps.score, se: result.adjustedStandardError)))
        case .index, .mean, .responseRate:
            guard let mean = item.mean, let sd = item.sd else { return .failure(missing) }
            let value = measure == .index ? item.index?.value : mean
            guard let value else { return .failure(missing) }
            if let se = item.se { return .success(LinkedSample(value: shown ?? value, evidence: .estimate(value: mean, se: se))) }
            return .success(LinkedSample(value: shown ?? value, evidence: .mean(mean: mean, sd: sd, n: n)))
        }
    }

    private static func dimensionSample(
        _ dimension: DimensionStats, cell: Cell, instrument: Instrument, measure: KPI.Measure, shown: Double?, wave: String
    ) -> Result<LinkedSample, Missing> {
        let missing = Missing(basis: .noValue, detail: wave)
        if measure == .favourable {
            guard let p = dimension.favourable?.p,
                  let se = DimensionShare.standardError(dimension: dimension.id, in: cell, instrument: instrument) else { return .failure(missing) }
            return .success(LinkedSample(value: shown ?? p, evidence: .estimate(value: p, se: se)))
        }
        guard let mean = dimension.mean, let sd = dimension.sd, let n = dimension.n else { return .failure(missing) }
        let value = measure == .index ? dimension.index?.value : mean
        guard let value else { return .failure(missing) }
        if let se = dimension.se { return .success(LinkedSample(value: shown ?? value, evidence: .estimate(value: mean, se: se))) }
        return .success(LinkedSample(value: shown ?? value, evidence: .mean(mean: mean, sd: sd, n: n)))
    }

    /// The SD behind a t interval mean ± t(n−1)·sd/√n (for reports that do not carry the SD).
    static func sdFromInterval(_ ci: [Double], n: Int, confidence: Double) -> Double? {
        guard ci.count == 2, n >= 2 else { return nil }
        let t = Distributions.criticalValue(confidence: confidence, df: Double(n - 1))
        guard t > 0, t.isFinite else { return nil }
        return (ci[1] - ci[0]) / 2 * Double(n).squareRoot() / t
    }

    /// The test of the change from `a` (opening wave) to `b` (latest wave), if one applies.
    static func test(_ a: LinkedSample, _ b: LinkedSample) -> (String, TestResult)? {
        switch (a.evidence, b.evidence) {
        case let (.mean(m1, s1, n1), .mean(m2, s2, n2)):
            return Comparison.welch(mean1: m1, sd1: s1, n1: n1, mean2: m2, sd2: s2, n2: n2).map { ("welch", $0) }
        case let (.share(c1, n1), .share(c2, n2)):
            return Comparison.twoProportionZ(count1: c1, n1: n1, count2: c2, n2: n2).map { ("z", $0) }
        case let (.estimate(v1, se1), .estimate(v2, se2)):
            // The NPS difference test is the generic z test on two independent estimates.
            return Comparison.npsDifference(score1: v1, se1: se1, score2: v2, se2: se2).map { ("z", $0) }
        default:
            return nil
        }
    }
}
