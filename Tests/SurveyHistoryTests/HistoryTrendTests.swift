import Foundation
import SurveyHistory
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// `kpiSeries`: points in wave order and the test between the last two, from stored statistics.
@Suite struct HistoryTrendTests {
    @Test func meansAreComparedWithWelchAndHedges() throws {
        let series = try stored([
            Sample.kpi("2024", value: 61, test: "welch") { $0.n = 80; $0.sd = 19 },
            Sample.kpi("2025", value: 64, test: "welch") { $0.n = 120; $0.sd = 21 },
            Sample.kpi("2026", value: 70, test: "welch") { $0.n = 150; $0.sd = 18 },
        ])
        let trend = try #require(series.trend)
        let welch = try #require(Comparison.welch(mean1: 64, sd1: 21, n1: 120, mean2: 70, sd2: 18, n2: 150))
        #expect(series.points.map(\.wave) == ["2024", "2025", "2026"])
        #expect((trend.from, trend.to, trend.before, trend.after, trend.delta) == ("2025", "2026", 64, 70, 6))
        #expect(trend.test == "welch")
        #expect(trend.testStatistic == welch.statistic)
        #expect(trend.df == welch.df)
        #expect(trend.p == welch.p)
        #expect(trend.q == welch.p)  // a family of one
        #expect(trend.effectSize == Comparison.hedgesG(mean1: 64, sd1: 21, n1: 120, mean2: 70, sd2: 18, n2: 150))
        #expect(trend.significant == (welch.p < 0.05))
        #expect(trend.direction == (welch.p < 0.05 ? "up" : "none"))
    }

    @Test func proportionsUseThePooledZTest() throws {
        let series = try stored([
            Sample.kpi("2025", value: 0.6, test: "z") { $0.count = 60; $0.total = 100 },
            Sample.kpi("2026", value: 0.75, test: "z") { $0.count = 90; $0.total = 120 },
        ])
        let trend = try #require(series.trend)
        let z = try #require(Comparison.twoProportionZ(count1: 60, n1: 100, count2: 90, n2: 120))
        #expect(trend.test == "z")
        #expect(trend.testStatistic == z.statistic)
        #expect(trend.df == nil)
        #expect(trend.p == z.p)
    }

    @Test func npsUsesTheDifferenceOfScores() throws {
        let series = try stored([
            Sample.kpi("2025", value: 10, test: "nps") { $0.promoters = 40; $0.passives = 30; $0.detractors = 30 },
            Sample.kpi("2026", value: 25, test: "nps") { $0.promoters = 50; $0.passives = 25; $0.detractors = 25 },
        ])
        let trend = try #require(series.trend)
        // SPEC §5.1's adjusted-Wald SEs: n' = n + 3, p' = (P + 0.75)/n', d' = (D + 0.75)/n'.
        func se(_ promoters: Double, _ detractors: Double) -> Double {
            let p = (promoters + 0.75) / 103, d = (detractors + 0.75) / 103
            return 100 * ((p + d - (p - d) * (p - d)) / 103).squareRoot()
        }
        let (se1, se2) = (se(40, 30), se(50, 25))
        let z = try #require(Comparison.npsDifference(score1: 10, se1: se1, score2: 25, se2: se2))
        #expect(trend.test == "z")
        #expect(trend.testStatistic == z.statistic)
        #expect(trend.p == z.p)
    }

    @Test func aWaveWithoutAValueIsSkippedAndDegenerateDataHaveNoTest() throws {
        let series = try stored([
            Sample.kpi("2024", value: 70, test: "welch") { $0.n = 30; $0.sd = 0 },
            Sample.kpi("2025", value: nil, test: nil) { $0.status = "no-data" },
            Sample.kpi("2026", value: 70, test: "welch") { $0.n = 30; $0.sd = 0 },
        ])
        let trend = try #require(series.trend)
        #expect((trend.from, trend.to, trend.delta) == ("2024", "2026", 0))
        #expect(trend.test == nil)
        #expect(trend.p == nil)
        #expect(trend.q == nil)
        #expect(!trend.significant)
        #expect(trend.direction == "none")
        #expect(series.points.map(\.status) == ["met", "no-data", "met"])
    }

    @Test func qValuesAreAdjustedOverTheQueriedSeries() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try HistoryStore(path: dir.path("history.sqlite"))
        var update = Sample.update(waves: [:])
        update.waves = ["2025", "2026"]
        update.results = [
            Sample.kpi("2025", group: "learner", value: 0.5, test: "z") { $0.count = 50; $0.total = 100 },
            Sample.kpi("2026", group: "learner", value: 0.62, test: "z") { $0.count = 62; $0.total = 100 },
            Sample.kpi("2025", group: "staff", value: 0.5, test: "z") { $0.count = 50; $0.total = 100 },
            Sample.kpi("2026", group: "staff", value: 0.53, test: "z") { $0.count = 53; $0.total = 100 },
        ]
        try store.apply([update], force: false)
        let all = try store.kpiSeries()
        #expect(all.map(\.group) == ["learner", "staff"])
        let p = all.map { $0.trend?.p ?? .nan }
        #expect(all.map { $0.trend?.q ?? .nan } == Comparison.benjaminiHochberg(p))
        #expect(try store.kpiSeries(group: "staff").first?.trend?.q == p[1])
    }

    /// Stores one instrument's KPI rows and reads its single series back.
    private func stored(_ results: [HistoryResult]) throws -> KPISeries {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try HistoryStore(path: dir.path("history.sqlite"))
        var update = Sample.update(waves: [:])
        update.waves = Array(Set(results.map(\.wave))).sorted()
        update.results = results
        try store.apply([update], force: false)
        let series = try store.kpiSeries()
        #expect(series.count == 1)
        return try #require(series.first)
    }
}

/// Small instruments and rows for the store's tests.
enum Sample {
    static let instrument = Instrument(
        id: "mini", title: "Mini", waves: ["2024", "2025", "2026"],
        groups: [Group(id: "learner", title: "Learners", role: .learner), Group(id: "staff", title: "Staff", role: .staff)],
        scales: [Scale(id: "agree5", lower: 1, upper: 5)], dimensions: [], items: [],
        kpis: [KPI(id: "teach", title: "Teaching index", measure: .index, target: 65, threshold: 60)], sha256: "f00d")

    /// One KPI row of group `learner` unless told.
    static func kpi(_ wave: String, group: String = "learner", value: Double?, test: String?, _ fill: (inout HistoryResult) -> Void) -> HistoryResult {
        var r = HistoryResult(instrument: "mini", wave: wave, group: group, segment: "", kind: "kpi", ref: "teach", measure: "index", value: value)
        r.target = 65
        r.threshold = 60
        r.status = value.map { $0 >= 65 ? "met" : $0 >= 60 ? "at-risk" : "not-met" } ?? "no-data"
        r.test = test
        fill(&r)
        return r
    }

    /// An update with, per wave, a respondents row and a KPI row with the given value.
    static func update(waves: [String: Double]) -> InstrumentUpdate {
        var results: [HistoryResult] = []
        for (wave, value) in waves.sorted(by: { $0.key < $1.key }) {
            results.append(HistoryResult(instrument: "mini", wave: wave, group: "learner", segment: "", kind: "cell", ref: "", measure: "respondents", value: 40))
            results.append(kpi(wave, value: value, test: "welch") { $0.n = 40; $0.sd = 15 })
        }
        return InstrumentUpdate(
            instrument: StoredInstrument(instrument),
            inputs: [StoredInput(path: "data/mini.csv", sha256: "abc", format: "csv", read: 12, accepted: 11, rejected: 1)],
            waves: waves.keys.sorted(), results: results, outputSignature: "directory=/out/;formats=json")
    }
}
