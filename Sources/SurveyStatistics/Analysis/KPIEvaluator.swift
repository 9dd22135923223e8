import SurveyModel

/// Evaluates KPIs against a built cell (SPEC §5.7).
enum KPIEvaluator {
    /// KPIs that apply to the cell's group: those naming it, or naming no group.
    static func evaluate(_ kpis: [KPI], in cell: Cell, instrument: Instrument) -> [KPIValue] {
        kpis.compactMap { kpi in
            guard kpi.applies(to: cell.group) else { return nil }
            let value = measure(kpi, in: cell)
            return KPIValue(id: kpi.id, value: value, target: kpi.target, threshold: kpi.threshold, status: status(kpi, value))
        }
    }

    /// `met` at or past target, `at-risk` at or past threshold, else `not-met`; `no-data` when absent.
    static func status(_ kpi: KPI, _ value: Double?) -> KPIValue.Status {
        guard let value else { return .noData }
        let reaches: (Double) -> Bool = { bound in kpi.direction == .higher ? value >= bound : value <= bound }
        if reaches(kpi.target) { return .met }
        if let threshold = kpi.threshold, reaches(threshold) { return .atRisk }
        return .notMet
    }

    static func measure(_ kpi: KPI, in cell: Cell) -> Double? {
        if kpi.measure == .responseRate { return cell.responseRate }
        if let id = kpi.item {
            guard let item = cell.items.first(where: { $0.id == id }), item.suppressed == nil else { return nil }
            switch kpi.measure {
            case .index: return item.index?.value
            case .mean: return item.mean
            case .favourable: return item.favourable?.p
            case .unfavourable: return item.unfavourable?.p
            case .nps: return item.nps?.score
            case .responseRate: return nil
            }
        }
        if let id = kpi.dimension {
            guard let dimension = cell.dimensions.first(where: { $0.id == id }), dimension.suppressed == nil else { return nil }
            switch kpi.measure {
            case .index: return dimension.index?.value
            case .mean: return dimension.mean
            case .favourable: return dimension.favourable?.p
            default: return nil
            }
        }
        return kpi.measure == .index ? cell.index?.value : nil
    }
}
