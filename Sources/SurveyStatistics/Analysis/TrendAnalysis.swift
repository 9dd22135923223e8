import SurveyModel

/// Wave-to-wave changes (SPEC §5.5): for every cell present and unsuppressed in two consecutive
/// waves, the cell index, each dimension index, each item's mean, favourable share and NPS, and
/// each KPI. Means are compared with Welch's t test (Hedges' g as effect size), proportions with
/// the pooled two-proportion z test, NPS with a z test on the difference with the adjusted-Wald SEs of §5.1, and a
/// dimension's favourable share (a KPI measure) with the z test of ``DimensionShare``.
/// Every statistic is later minus earlier. All p values of the report form one family for the
/// Benjamini–Hochberg q; `significant` is q < `significance`.
enum TrendAnalysis {
    static func trends(cells: [Cell], waves: [String], instrument: Instrument) -> [Trend] {
        var byKey: [String: [String: Cell]] = [:]
        var keys: [String] = []
        for cell in cells where cell.suppressed == nil {
            let key = cellKey(cell)
            if byKey[key] == nil { keys.append(key) }
            byKey[key, default: [:]][cell.wave] = cell
        }
        var trends: [Trend] = []
        for key in keys {
            let series = byKey[key]!
            for (before, after) in zip(waves, waves.dropFirst()) {
                guard let a = series[before], let b = series[after] else { continue }
                trends += compare(a, b, instrument: instrument)
            }
        }
        let family = trends.indices.filter { trends[$0].p != nil }
        let q = Comparison.benjaminiHochberg(family.map { trends[$0].p! })
        let alpha = instrument.reporting.significance
        for (k, index) in family.enumerated() {
            trends[index].q = q[k]
            trends[index].significant = q[k] < alpha
            trends[index].direction = trends[index].significant ? (trends[index].delta > 0 ? "up" : trends[index].delta < 0 ? "down" : "none") : "none"
        }
        return trends
    }

    static func cellKey(_ cell: Cell) -> String {
        cell.group + "\u{1}" + (cell.segment.map { $0.name + "\u{1}" + $0.value } ?? "")
    }

    private static func compare(_ a: Cell, _ b: Cell, instrument: Instrument) -> [Trend] {
        var out: [Trend] = []
        func trend(_ kind: String, _ id: String, _ measure: String, _ before: Double, _ after: Double, _ test: String?, _ result: TestResult?, effect: Double? = nil) {
            out.append(Trend(
                group: a.group, segment: a.segment, kind: kind, id: id, measure: measure, from: a.wave, to: b.wave,
                before: before, after: after, delta: after - before, test: result == nil ? nil : test,
                testStatistic: result?.statistic, df: result?.df, p: result?.p, q: nil, effectSize: result == nil ? nil : effect,
                significant: false, direction: "none"))
        }
        if let x = a.index, let y = b.index {
            trend("index", "index", "index", x.value, y.value, "welch", welch(x, y), effect: hedges(x, y))
        }
        for dimension in b.dimensions where dimension.suppressed == nil {
            guard let earlier = a.dimensions.first(where: { $0.id == dimension.id && $0.suppressed == nil }),
                  let x = earlier.index, let y = dimension.index, let m1 = earlier.mean, let m2 = dimension.mean,
                  let s1 = spread(earlier.sd, earlier.se, earlier.n), let s2 = spread(dimension.sd, dimension.se, dimension.n), let n1 = earlier.n, let n2 = dimension.n else { continue }
            trend("dimension", dimension.id, "index", x.value, y.value, "welch",
                  Comparison.welch(mean1: m1, sd1: s1, n1: n1, mean2: m2, sd2: s2, n2: n2),
                  effect: Comparison.hedgesG(mean1: m1, sd1: s1, n1: n1, mean2: m2, sd2: s2, n2: n2))
        }
        for item in b.items where item.suppressed == nil {
            guard let earlier = a.items.first(where: { $0.id == item.id && $0.suppressed == nil }),
                  let n1 = earlier.n, let n2 = item.n else { continue }
            if let p1 = earlier.nps, let p2 = item.nps {
                let r1 = NetPromoter.score(promoters: p1.promoters, passives: p1.passives, detractors: p1.detractors, confidence: 0.95)
                let r2 = NetPromoter.score(promoters: p2.promoters, passives: p2.passives, detractors: p2.detractors, confidence: 0.95)
                let result = (r1 != nil && r2 != nil) ? Comparison.npsDifference(score1: p1.score, se1: r1!.adjustedStandardError, score2: p2.score, se2: r2!.adjustedStandardError) : nil
                trend("item", item.id, "nps", p1.score, p2.score, "z", result)
                continue
            }
            if let m1 = earlier.mean, let m2 = item.mean, let s1 = spread(earlier.sd, earlier.se, n1), let s2 = spread(item.sd, item.se, n2) {
                trend("item", item.id, "mean", m1, m2, "welch",
                      Comparison.welch(mean1: m1, sd1: s1, n1: n1, mean2: m2, sd2: s2, n2: n2),
                      effect: Comparison.hedgesG(mean1: m1, sd1: s1, n1: n1, mean2: m2, sd2: s2, n2: n2))
            }
            if let f1 = earlier.favourable, let f2 = item.favourable {
                let e1 = earlier.nEff ?? Double(n1), e2 = item.nEff ?? Double(n2)
                trend("item", item.id, "favourable", f1.p, f2.p, "z",
                      Comparison.twoProportionZ(count1: f1.p * e1, n1: e1, count2: f2.p * e2, n2: e2))
            }
        }
        for kpi in b.kpis {
            guard let earlier = a.kpis.first(where: { $0.id == kpi.id }), let x = earlier.value, let y = kpi.value,
                  let definition = instrument.kpis.first(where: { $0.id == kpi.id }) else { continue }
            let (test, result) = kpiTest(definition, a, b, instrument: instrument)
            trend("kpi", kpi.id, "kpi", x, y, test, result)
        }
        return out
    }

    /// The test behind a KPI's change, from the statistics its measure is computed over.
    private static func kpiTest(_ kpi: KPI, _ a: Cell, _ b: Cell, instrument: Instrument) -> (String, TestResult?) {
        switch kpi.measure {
        case .responseRate:
            guard let r1 = a.responseRate, let r2 = b.responseRate, r1 > 0, r2 > 0 else { return ("z", nil) }
            let n1 = Double(a.respondents) / r1, n2 = Double(b.respondents) / r2
            return ("z", Comparison.twoProportionZ(count1: Double(a.respondents), n1: n1, count2: Double(b.respondents), n2: n2))
        case .index, .mean:
            if let id = kpi.item {
                guard let x = a.items.first(where: { $0.id == id }), let y = b.items.first(where: { $0.id == id }),
                      let m1 = x.mean, let m2 = y.mean, let n1 = x.n, let n2 = y.n, let s1 = spread(x.sd, x.se, n1), let s2 = spread(y.sd, y.se, n2) else { return ("welch", nil) }
                return ("welch", Comparison.welch(mean1: m1, sd1: s1, n1: n1, mean2: m2, sd2: s2, n2: n2))
            }
            if let id = kpi.dimension {
                guard let x = a.dimensions.first(where: { $0.id == id }), let y = b.dimensions.first(where: { $0.id == id }),
                      let m1 = x.mean, let m2 = y.mean, let n1 = x.n, let n2 = y.n, let s1 = spread(x.sd, x.se, n1), let s2 = spread(y.sd, y.se, n2) else { return ("welch", nil) }
                return ("welch", Comparison.welch(mean1: m1, sd1: s1, n1: n1, mean2: m2, sd2: s2, n2: n2))
            }
            guard let x = a.index, let y = b.index else { return ("welch", nil) }
            return ("welch", welch(x, y))
        case .favourable, .unfavourable:
            if kpi.measure == .favourable, let id = kpi.dimension {
                guard let x = a.dimensions.first(where: { $0.id == id })?.favourable?.p, let y = b.dimensions.first(where: { $0.id == id })?.favourable?.p,
                      let s1 = DimensionShare.standardError(dimension: id, in: a, instrument: instrument),
                      let s2 = DimensionShare.standardError(dimension: id, in: b, instrument: instrument) else { return ("z", nil) }
                return ("z", Comparison.npsDifference(score1: x, se1: s1, score2: y, se2: s2))
            }
            guard let id = kpi.item, let x = a.items.first(where: { $0.id == id }), let y = b.items.first(where: { $0.id == id }),
                  let n1 = x.n, let n2 = y.n,
                  let s1 = kpi.measure == .favourable ? x.favourable : x.unfavourable,
                  let s2 = kpi.measure == .favourable ? y.favourable : y.unfavourable else { return ("z", nil) }
            let e1 = x.nEff ?? Double(n1), e2 = y.nEff ?? Double(n2)
            return ("z", Comparison.twoProportionZ(count1: s1.p * e1, n1: e1, count2: s2.p * e2, n2: e2))
        case .nps:
            guard let id = kpi.item, let x = a.items.first(where: { $0.id == id })?.nps, let y = b.items.first(where: { $0.id == id })?.nps,
                  let r1 = NetPromoter.score(promoters: x.promoters, passives: x.passives, detractors: x.detractors, confidence: 0.95),
                  let r2 = NetPromoter.score(promoters: y.promoters, passives: y.passives, detractors: y.detractors, confidence: 0.95) else { return ("z", nil) }
            return ("z", Comparison.npsDifference(score1: x.score, se1: r1.adjustedStandardError, score2: y.score, se2: r2.adjustedStandardError))
        }
    }

    /// The SD to give Welch's test: with weights, the one whose s/√n is the linearized SE.
    static func spread(_ sd: Double?, _ se: Double?, _ n: Int?) -> Double? {
        if let se, let n { return se * Double(n).squareRoot() }
        return sd
    }

    private static func welch(_ x: IndexValue, _ y: IndexValue) -> TestResult? {
        guard let n1 = x.n, let n2 = y.n, let s1 = spread(x.sd, x.se, n1), let s2 = spread(y.sd, y.se, n2) else { return nil }
        return Comparison.welch(mean1: x.value, sd1: s1, n1: n1, mean2: y.value, sd2: s2, n2: n2)
    }

    private static func hedges(_ x: IndexValue, _ y: IndexValue) -> Double? {
        guard let n1 = x.n, let n2 = y.n, let s1 = spread(x.sd, x.se, n1), let s2 = spread(y.sd, y.se, n2) else { return nil }
        return Comparison.hedgesG(mean1: x.value, sd1: s1, n1: n1, mean2: y.value, sd2: s2, n2: n2)
    }

    /// Whole-group series of the cell index, dimension indices and KPIs over every wave, with
    /// the OLS slope on wave position (scipy `linregress`) when there are 4 or more points.
    static func series(cells: [Cell], waves: [String], confidence: Double) -> [Series] {
        var out: [Series] = []
        var groups: [String] = []
        for cell in cells where cell.segment == nil && !groups.contains(cell.group) { groups.append(cell.group) }
        for group in groups {
            let history = waves.map { wave in cells.first { $0.group == group && $0.wave == wave && $0.segment == nil && $0.suppressed == nil } }
            var measures: [(String, String, (Cell) -> Double?)] = [("index", "index", { $0.index?.value })]
            var seen: [String] = []
            for cell in history.compactMap({ $0 }) {
                for d in cell.dimensions where !seen.contains("d" + d.id) {
                    seen.append("d" + d.id)
                    let id = d.id
                    measures.append(("dimension", id, { c in c.dimensions.first { $0.id == id }?.index?.value }))
                }
            }
            for cell in history.compactMap({ $0 }) {
                for k in cell.kpis where !seen.contains("k" + k.id) {
                    seen.append("k" + k.id)
                    let id = k.id
                    measures.append(("kpi", id, { c in c.kpis.first { $0.id == id }?.value }))
                }
            }
            for (kind, id, value) in measures {
                var points: [Series.Point] = []
                var x: [Double] = []
                for (position, cell) in history.enumerated() {
                    guard let cell, let v = value(cell) else { continue }
                    points.append(Series.Point(wave: waves[position], value: v))
                    x.append(Double(position + 1))
                }
                guard !points.isEmpty else { continue }
                var s = Series(group: group, segment: nil, kind: kind, id: id, points: points)
                if points.count >= 4, let fit = Regression.linregress(x: x, y: points.map(\.value), confidence: confidence) {
                    s.slope = fit.slope
                    s.slopeCi = fit.slopeCI
                    s.p = fit.p
                }
                out.append(s)
            }
        }
        return out
    }
}
