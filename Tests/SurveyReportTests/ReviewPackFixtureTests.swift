import SurveyModel
@testable import SurveyStatistics
import Testing

/// A small, hand-built two-wave report and its instrument: stable input for the review-pack
/// goldens, independent of the analysis engine. `hostile` puts markup into every text.
enum PackFixture {
    static let hostileTitle = #"<script>alert("t")</script> Survey"#
    static let hostileItem = #""><img src=x onerror=alert(1)> Feedback & help"#

    static func instrument(hostile: Bool = false) -> Instrument {
        Instrument(
            id: "fixture", title: hostile ? hostileTitle : "Fixture Survey", version: "1", waves: ["2025", "2026"],
            groups: [
                Group(id: "learner", title: hostile ? "<b>Learners</b>" : "Learners", role: .learner, population: ["2025": 400, "2026": 400]),
                Group(id: "parent", title: "Parents", role: .beneficiary),
                Group(id: "staff", title: "Staff", role: .staff),
            ],
            scales: [
                Scale(id: "agree5", lower: 1, upper: 5, labels: [1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree"],
                      favourable: [4, 5], unfavourable: [1, 2]),
                Scale(id: "recommend", lower: 0, upper: 10, kind: .nps),
            ],
            dimensions: [Dimension(id: "teaching", title: hostile ? "Teaching | *marks* [x](y)" : "Teaching")],
            items: [
                Item(id: "T1", text: "Teachers explain things clearly", scale: "agree5", dimension: "teaching"),
                Item(id: "T2", text: hostile ? hostileItem : "I get useful feedback", scale: "agree5", dimension: "teaching"),
                Item(id: "REC", text: "Would you recommend us?", scale: "recommend"),
            ],
            outcome: "T1",
            kpis: [
                KPI(id: "learner-si", title: "Learner satisfaction index", groups: ["learner"], measure: .index, target: 75, threshold: 70),
                KPI(id: "feedback", title: hostile ? "Feedback <i>agree</i>" : "Useful feedback (% agree)", groups: ["learner"], measure: .favourable, item: "T2", target: 0.8, threshold: 0.7),
                KPI(id: "nps", title: "Net Promoter Score", measure: .nps, item: "REC", target: 20, threshold: 0),
            ],
            sha256: String(repeating: "ab", count: 32))
    }

    static func report(hostile: Bool = false) -> Report {
        var cells: [Cell] = []
        for (w, wave) in ["2025", "2026"].enumerated() {
            let shift = Double(w)
            cells.append(cell(wave, "learner", respondents: 300 - 20 * w, index: 68 + 6 * shift, fav: 0.62 + 0.1 * shift, rate: true, drivers: w == 1))
            var parent = Cell(wave: wave, group: "parent", segment: nil, respondents: w == 0 ? 40 : 6)
            if w == 1 { parent.suppressed = .lowN } else { parent = cell(wave, "parent", respondents: 40, index: 61, fav: 0.5, rate: false, drivers: false) }
            cells.append(parent)
            cells.append(cell(wave, "staff", respondents: 50, index: 70 - 3 * shift, fav: 0.7 - 0.05 * shift, rate: false, drivers: false))
            cells.append(cell(wave, "all", respondents: 390 - 54 * w, index: 67 + 4 * shift, fav: 0.62 + 0.06 * shift, rate: false, drivers: false))
            var segment = Cell(wave: wave, group: "learner", segment: SegmentRef(name: "campus", value: hostile ? "<u>North</u>" : "North"), respondents: 7)
            segment.suppressed = .lowN
            cells.append(segment)
        }
        var report = Report(
            instrument: .init(id: "fixture", title: hostile ? hostileTitle : "Fixture Survey", version: "1", sha256: String(repeating: "ab", count: 32)),
            inputs: [Report.InputInfo(InputSummary(
                path: hostile ? "data/<x>.csv" : "data/fixture.csv", format: "csv", sha256: String(repeating: "cd", count: 32), encoding: "utf-8",
                read: 800, accepted: 796, rejected: 4, invalidAnswers: 2))],
            settings: .init(confidence: 0.95, minimumN: 10, minimumResponseRate: 0, alphaMissing: "listwise", dimensionMinimumAnswered: 0.5,
                            weighted: false, segments: ["campus"], excluded: [], significance: 0.05),
            waves: ["2025", "2026"], cells: cells)
        report.trends = [
            trend("learner", "index", "index", "index", 68, 74, p: 0.0001, q: 0.0004),
            trend("learner", "kpi", "feedback", "kpi", 0.62, 0.72, p: 0.002, q: 0.004),
            trend("staff", "kpi", "nps", "kpi", 10, 4, p: 0.3, q: 0.4),
        ]
        report.opportunities = [
            Opportunity(rank: 1, group: "learner", wave: "2026", kind: "kpi", id: "nps", why: "kpi-not-met", value: 5, target: 20, delta: nil, r: nil, score: 3.7),
            Opportunity(rank: 2, group: "learner", wave: "2026", kind: "item", id: "T2", why: "priority-driver", value: 66, target: nil, delta: nil, r: 0.61, score: 1.2),
        ]
        report.warnings = hostile ? ["dimension <teaching> looks odd"] : []
        return report
    }

    private static func cell(_ wave: String, _ group: String, respondents: Int, index: Double, fav: Double, rate: Bool, drivers: Bool) -> Cell {
        var cell = Cell(wave: wave, group: group, segment: nil, respondents: respondents)
        let n = respondents - 4
        cell.responseRate = rate ? Double(respondents) / 400 : nil
        cell.index = IndexValue(value: index, ci: [index - 2, index + 2], n: respondents, sd: 18)
        let favourable = (fav * Double(n)).rounded()
        let counts = [Int(Double(n) * 0.06), Int(Double(n) * 0.12)]
        let neutral = n - Int(favourable) - counts[0] - counts[1]
        let top = Int(favourable) / 2
        var items: [ItemStats] = []
        for id in ["T1", "T2"] {
            var item = ItemStats(id: id, n: n, mean: 3.4 + fav)
            item.sd = 1.05
            item.index = IndexValue(value: (2.4 + fav) / 4 * 100, ci: nil)
            item.favourable = ShareValue(count: favourable, p: favourable / Double(n), ci: [fav - 0.05, fav + 0.05])
            item.unfavourable = ShareValue(count: Double(counts[0] + counts[1]), p: Double(counts[0] + counts[1]) / Double(n), ci: nil)
            item.distribution = ["1": counts[0], "2": counts[1], "3": neutral, "4": Int(favourable) - top, "5": top]
            items.append(item)
        }
        var rec = ItemStats(id: "REC", n: n)
        let promoters = Int(Double(n) * (0.3 + fav / 5)), detractors = Int(Double(n) * 0.25)
        rec.nps = NPSValue(score: Double(100 * (promoters - detractors)) / Double(n), ci: [-5, 25], promoters: promoters, passives: n - promoters - detractors, detractors: detractors)
        items.append(rec)
        cell.items = items
        cell.dimensions = [DimensionStats(id: "teaching", n: n, mean: 1 + index / 25, sd: 0.9, ci: nil, index: IndexValue(value: index, ci: [index - 2, index + 2]),
                                          favourable: ShareValue(count: nil, p: fav, ci: nil), alpha: AlphaValue(value: 0.82, n: n, k: 2, ifItemDeleted: [:]))]
        let definitions = instrument().kpis.filter { $0.groups?.contains(group) ?? true }
        cell.kpis = definitions.map { kpi in
            let value: Double = kpi.measure == .index ? index : kpi.measure == .favourable ? favourable / Double(n) : rec.nps!.score
            return KPIValue(id: kpi.id, value: value, target: kpi.target, threshold: kpi.threshold, status: KPIEvaluator.status(kpi, value))
        }
        if drivers {
            cell.drivers = [
                Driver(id: "T2", kind: "item", r: 0.61, n: n, performance: 66, quadrant: "priority"),
                Driver(id: "REC", kind: "item", r: 0.42, n: n, performance: 58, quadrant: "low-priority"),
                Driver(id: "T1", kind: "item", r: 0.55, n: n, performance: 80, quadrant: "maintain"),
            ]
        }
        cell.quality = Quality(straightliners: 2, speeders: 3, duplicates: 1, invalidAnswers: 0)
        return cell
    }

    private static func trend(_ group: String, _ kind: String, _ id: String, _ measure: String, _ before: Double, _ after: Double, p: Double, q: Double) -> Trend {
        Trend(group: group, segment: nil, kind: kind, id: id, measure: measure, from: "2025", to: "2026", before: before, after: after, delta: after - before,
              test: "z", testStatistic: 2, df: nil, p: p, q: q, effectSize: nil, significant: q < 0.05, direction: q < 0.05 ? (after > before ? "up" : "down") : "none")
    }
}

@Suite struct ReviewPackFixtureTests {
    @Test func fixtureIsConsistent() {
        let report = PackFixture.report()
        #expect(report.cells.filter { $0.segment == nil }.count == 8)
        #expect(report.cells.contains { $0.suppressed == .lowN && $0.group == "parent" })
        let learner = report.cells.first { $0.wave == "2026" && $0.group == "learner" && $0.segment == nil }
        #expect(learner?.kpis.map(\.id) == ["learner-si", "feedback", "nps"])
    }
}
