import SurveyModel
import SurveyStatistics

/// Turns a report into the rows the history stores: per cell its respondents, response rate and
/// index; per item its mean, favourable and unfavourable shares and NPS; per dimension its mean
/// and favourable share; per KPI its value, target and status with the statistics of the measure
/// it comes from (see ``HistoryResult``).
///
/// Index-scale KPIs over an item or dimension take the SD rescaled like the index,
/// sd·100/(U − L). A proportion's successes are the reported count, or p·n_eff over the Kish
/// effective n when weights apply. A dimension's favourable share is a mean of item shares with
/// no count of its own: it is stored with its standard error (``DimensionShare``) in `sd` and
/// the test `estimate`, a z test on the difference of two estimates, as the report's trends
/// test it.
public enum HistoryRows {
    /// Every row of a report, cells in report order.
    public static func make(_ report: Report, instrument: Instrument) -> [HistoryResult] {
        var rows: [HistoryResult] = []
        for cell in report.cells {
            var builder = Builder(instrument: instrument, cell: cell, id: report.instrument.id)
            builder.addCell()
            rows += builder.rows
        }
        return rows
    }

    /// `""` for the whole group, else `name=value`.
    public static func segmentKey(_ segment: SegmentRef?) -> String {
        segment.map { "\($0.name)=\($0.value)" } ?? ""
    }
}

private struct Builder {
    let instrument: Instrument
    let cell: Cell
    let id: String
    var rows: [HistoryResult] = []

    init(instrument: Instrument, cell: Cell, id: String) {
        self.instrument = instrument
        self.cell = cell
        self.id = id
    }

    func row(_ kind: String, _ ref: String, _ measure: String, _ value: Double?) -> HistoryResult {
        HistoryResult(instrument: id, wave: cell.wave, group: cell.group, segment: HistoryRows.segmentKey(cell.segment), kind: kind, ref: ref, measure: measure, value: value)
    }

    mutating func addCell() {
        var respondents = row("cell", "", "respondents", Double(cell.respondents))
        respondents.suppressed = cell.suppressed?.rawValue
        rows.append(respondents)
        if let rate = responseRate() { rows.append(rate) }
        if cell.suppressed == nil {
            if let index = cell.index {
                rows.append(mean(row("index", "index", "index", index.value), n: index.n, sd: index.sd, se: index.se))
            }
            for item in cell.items { addItem(item) }
            for dimension in cell.dimensions { addDimension(dimension) }
        }
        if cell.suppressed == nil {
            for kpi in cell.kpis { addKPI(kpi) }
        } else {
            // A suppressed cell has no KPI values, but its KPIs have a status (SPEC §5.7): kept
            // as `no-data`, so that a group hidden in the latest wave does not leave last wave's
            // value standing as the latest in the history, the run's summary and its alerts.
            for kpi in instrument.kpis where kpi.applies(to: cell.group) {
                var r = row("kpi", kpi.id, kpi.measure.rawValue, nil)
                r.target = kpi.target
                r.threshold = kpi.threshold
                r.status = KPIValue.Status.noData.rawValue
                rows.append(r)
            }
        }
    }

    func responseRate() -> HistoryResult? {
        guard let rate = cell.responseRate, rate > 0 else { return nil }
        var r = row("cell", "", "response-rate", rate)
        r.count = Double(cell.respondents)
        r.total = (Double(cell.respondents) / rate).rounded()
        r.test = "z"
        return r
    }

    /// A mean; with weights the stored SD is the one whose sd/√n is the linearized SE, as the
    /// report's own trends use it.
    func mean(_ base: HistoryResult, n: Int?, sd: Double?, se: Double? = nil) -> HistoryResult {
        var r = base
        r.n = n.map(Double.init)
        let spread = se.flatMap { se in n.map { se * Double($0).squareRoot() } } ?? sd
        r.sd = spread.flatMap(HistoryResult.finite)
        r.test = "welch"
        return r
    }

    /// A proportion of an item's answers.
    func share(_ base: HistoryResult, _ share: ShareValue, n: Int?, nEff: Double?) -> HistoryResult {
        var r = base
        r.n = n.map(Double.init)
        guard let total = nEff ?? n.map(Double.init) else { return r }
        r.total = total
        r.count = nEff == nil ? (share.count ?? share.p * total) : share.p * total
        r.test = "z"
        return r
    }

    /// A dimension's favourable share: its SE in `sd`, tested as an estimate.
    func dimensionShare(_ base: HistoryResult, _ dimension: DimensionStats) -> HistoryResult {
        var r = base
        r.n = dimension.n.map(Double.init)
        if let se = DimensionShare.standardError(dimension: dimension.id, in: cell, instrument: instrument) {
            r.sd = HistoryResult.finite(se)
            r.test = "estimate"
        }
        return r
    }

    func nps(_ base: HistoryResult, _ nps: NPSValue) -> HistoryResult {
        var r = base
        r.promoters = nps.promoters
        r.passives = nps.passives
        r.detractors = nps.detractors
        r.n = Double(nps.promoters + nps.passives + nps.detractors)
        r.test = "nps"
        return r
    }

    mutating func addItem(_ item: ItemStats) {
        if let reason = item.suppressed {
            var r = row("item", item.id, "mean", nil)
            r.suppressed = reason.rawValue
            rows.append(r)
            return
        }
        rows.append(mean(row("item", item.id, "mean", item.mean), n: item.n, sd: item.sd, se: item.se))
        if let f = item.favourable { rows.append(share(row("item", item.id, "favourable", f.p), f, n: item.n, nEff: item.nEff)) }
        if let u = item.unfavourable { rows.append(share(row("item", item.id, "unfavourable", u.p), u, n: item.n, nEff: item.nEff)) }
        if let n = item.nps { rows.append(nps(row("item", item.id, "nps", n.score), n)) }
    }

    mutating func addDimension(_ dimension: DimensionStats) {
        if let reason = dimension.suppressed {
            var r = row("dimension", dimension.id, "mean", nil)
            r.suppressed = reason.rawValue
            rows.append(r)
            return
        }
        rows.append(mean(row("dimension", dimension.id, "mean", dimension.mean), n: dimension.n, sd: dimension.sd, se: dimension.se))
        if let f = dimension.favourable {
            rows.append(dimensionShare(row("dimension", dimension.id, "favourable", f.p), dimension))
        }
    }

    /// A KPI row with the statistics of the measure it is computed from.
    mutating func addKPI(_ kpi: KPIValue) {
        guard let definition = instrument.kpis.first(where: { $0.id == kpi.id }) else { return }
        var r = source(definition) ?? row("kpi", kpi.id, definition.measure.rawValue, nil)
        r.kind = "kpi"
        r.ref = kpi.id
        r.measure = definition.measure.rawValue
        r.value = kpi.value.flatMap(HistoryResult.finite)
        r.target = kpi.target
        r.threshold = kpi.threshold
        r.status = kpi.status.rawValue
        if r.value == nil { r.test = nil }
        rows.append(r)
    }

    func source(_ kpi: KPI) -> HistoryResult? {
        let base = row("kpi", kpi.id, kpi.measure.rawValue, nil)
        if kpi.measure == .responseRate { return responseRate() }
        guard cell.suppressed == nil else { return nil }
        if let id = kpi.item, let item = cell.items.first(where: { $0.id == id }), item.suppressed == nil,
            let index = instrument.itemIndex(id)
        {
            let scale = instrument.scale(of: instrument.items[index])
            switch kpi.measure {
            case .index, .mean: return mean(base, n: item.n, sd: rescaled(item.sd, kpi, scale), se: rescaled(item.se, kpi, scale))
            case .favourable: return item.favourable.map { share(base, $0, n: item.n, nEff: item.nEff) }
            case .unfavourable: return item.unfavourable.map { share(base, $0, n: item.n, nEff: item.nEff) }
            case .nps: return item.nps.map { nps(base, $0) }
            case .responseRate: return nil
            }
        }
        if let id = kpi.dimension, let dimension = cell.dimensions.first(where: { $0.id == id }), dimension.suppressed == nil {
            let scale = instrument.items.first { $0.dimension == id }.map { instrument.scale(of: $0) }
            switch kpi.measure {
            case .index, .mean:
                return mean(base, n: dimension.n, sd: scale.flatMap { rescaled(dimension.sd, kpi, $0) }, se: scale.flatMap { rescaled(dimension.se, kpi, $0) })
            case .favourable: return dimension.favourable == nil ? nil : dimensionShare(base, dimension)
            default: return nil
            }
        }
        if kpi.measure == .index, let index = cell.index { return mean(base, n: index.n, sd: index.sd, se: index.se) }
        return nil
    }

    /// An SD or SE on the KPI's scale: the index rescales it by 100/(U − L).
    func rescaled(_ sd: Double?, _ kpi: KPI, _ scale: Scale) -> Double? {
        guard let sd else { return nil }
        return kpi.measure == .index ? sd * 100 / Double(scale.upper - scale.lower) : sd
    }
}
