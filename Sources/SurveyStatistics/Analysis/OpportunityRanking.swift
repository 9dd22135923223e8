import SurveyModel

/// The ranked input to continual improvement (ISO 21001 10.3), from the latest wave's
/// whole-group cells: KPIs not met (score 3 + relative gap, capped at 1), significant declines
/// (2 + |effect size|, capped), priority drivers (1 + r × shortfall of performance below 100),
/// KPIs at risk (0.5 + relative gap). Highest score first; ties by group, kind and id. At most
/// ``limit`` entries.
enum OpportunityRanking {
    static let limit = 50

    static func rank(cells: [Cell], trends: [Trend], waves: [String], instrument: Instrument) -> [Opportunity] {
        guard let latest = waves.last else { return [] }
        var found: [Opportunity] = []
        for cell in cells where cell.wave == latest && cell.segment == nil && cell.suppressed == nil {
            for kpi in cell.kpis where kpi.status == .notMet || kpi.status == .atRisk {
                guard let value = kpi.value else { continue }
                let gap = min(1, abs(kpi.target - value) / max(abs(kpi.target), 1e-9))
                let notMet = kpi.status == .notMet
                found.append(Opportunity(rank: 0, group: cell.group, wave: latest, kind: "kpi", id: kpi.id,
                                         why: notMet ? "kpi-not-met" : "kpi-at-risk", value: value, target: kpi.target,
                                         delta: nil, r: nil, score: (notMet ? 3 : 0.5) + gap))
            }
            for driver in cell.drivers where driver.quadrant == "priority" {
                found.append(Opportunity(rank: 0, group: cell.group, wave: latest, kind: driver.kind, id: driver.id,
                                         why: "priority-driver", value: driver.performance, target: nil, delta: nil, r: driver.r,
                                         score: 1 + max(0, driver.r) * (100 - driver.performance) / 100))
            }
        }
        for trend in trends where trend.to == latest && trend.segment == nil && trend.significant && trend.direction == "down" && trend.kind != "kpi" {
            found.append(Opportunity(rank: 0, group: trend.group, wave: latest, kind: trend.kind, id: trend.id,
                                     why: "significant-decline", value: trend.after, target: nil, delta: trend.delta, r: nil,
                                     score: 2 + min(1, abs(trend.effectSize ?? 0))))
        }
        found.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            return (a.group, a.kind, a.id, a.why) < (b.group, b.kind, b.id, b.why)
        }
        return found.prefix(limit).enumerated().map { rank, o in
            var o = o
            o.rank = rank + 1
            return o
        }
    }
}
