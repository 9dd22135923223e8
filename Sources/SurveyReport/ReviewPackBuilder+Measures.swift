import SurveyModel
import SurveyStatistics

/// How measures are named and formatted across sections.
extension ReviewPackBuilder {
    /// The measure a trend's numbers are in.
    func measureOf(_ trend: Trend, group: PackGroup) -> KPI.Measure {
        if trend.kind == "kpi" { return group.instrument.kpis.first { $0.id == trend.id }?.measure ?? .index }
        switch trend.measure {
        case "favourable": return .favourable
        case "nps": return .nps
        case "mean": return .mean
        default: return .index
        }
    }

    /// `Satisfaction index`, `Teaching and learning (index)`, `A4 I get useful feedback … (% favourable)`.
    func measureName(_ trend: Trend, group: PackGroup) -> String {
        switch trend.kind {
        case "index": return "Satisfaction index"
        case "kpi": return group.instrument.kpis.first { $0.id == trend.id }?.title ?? trend.id
        case "dimension": return dimensionTitle(trend.id, in: group.instrument) + " (index)"
        default: return itemLabel(trend.id, in: group.instrument) + " (\(Self.measureWords(trend.measure)))"
        }
    }

    /// Whether a change is for the better: KPIs with `direction: lower` improve downwards.
    func isImprovement(_ trend: Trend, group: PackGroup) -> Bool {
        if trend.kind == "kpi", group.instrument.kpis.first(where: { $0.id == trend.id })?.direction == .lower { return trend.delta < 0 }
        return trend.delta > 0
    }

    /// A measure id in words.
    static func measureWords(_ measure: String) -> String {
        switch measure {
        case "favourable": "% favourable"
        case "unfavourable": "% unfavourable"
        case "nps": "NPS"
        case "response-rate": "response rate"
        default: measure
        }
    }

    /// The measure an action links to, in words: `Useful feedback (% agree) (KPI)`,
    /// `A4 I get useful feedback … (% favourable)`, `Wellbeing and community (dimension, index)`.
    func linkName(_ link: ImprovementAction.Link) -> String {
        guard let entry = pack.entries.first(where: { $0.instrument.id == link.instrument }) else { return link.targetID }
        let instrument = entry.instrument
        switch link.target {
        case .kpi(let id): return (instrument.kpis.first { $0.id == id }?.title ?? id) + " (KPI)"
        case .item(let id): return itemLabel(id, in: instrument) + " (\(Self.measureWords(link.measure.rawValue)))"
        case .dimension(let id): return dimensionTitle(id, in: instrument) + " (dimension, \(Self.measureWords(link.measure.rawValue)))"
        }
    }

    /// The group an action's measure is compared in, by name.
    func groupName(_ link: ImprovementAction.Link) -> String {
        guard let group = groups.first(where: { $0.instrument.id == link.instrument && $0.id == link.group }) else { return link.group }
        return name(group)
    }
}
