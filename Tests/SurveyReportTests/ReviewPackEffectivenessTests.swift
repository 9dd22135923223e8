import SurveyModel
import SurveyReport
@testable import SurveyStatistics
import Testing

/// The effectiveness of improvement actions (ISO 21001 10.2): the linked measure at the opening
/// wave against the latest, tested with the report's kernels, and the verdict.
@Suite struct ReviewPackEffectivenessTests {
    let report = PackFixture.report()
    let instrument = PackFixture.instrument()

    func action(_ id: String, opened: String = "2025", link: ImprovementAction.Link, expected: Double? = nil) -> ImprovementAction {
        ImprovementAction(id: id, title: "Action \(id)", owner: "Owner", opened: opened, status: .inProgress, link: link, expectedChange: expected)
    }

    func reviews(_ actions: [ImprovementAction]) -> [ActionReview] {
        ActionEffectiveness.review(actions) { id in id == "fixture" ? (report, instrument) : nil }
    }

    static let feedback = ImprovementAction.Link(instrument: "fixture", target: .kpi("feedback"), group: "learner", measure: .favourable)

    /// The favourable share of the KPI's item rose from 62 % to 72 %: the two-proportion z test
    /// of the kernels, and a verdict that depends on the expected change.
    @Test func significantRiseIsEffectiveWhenItReachesTheExpectedChange() throws {
        let result = reviews([
            action("reached", link: Self.feedback, expected: 0.05),
            action("short", link: Self.feedback, expected: 0.2),
            action("unstated", link: Self.feedback),
        ])
        #expect(result.map(\.verdict) == [.effective, .notYetEffective, .effective])
        #expect(result.map(\.basis) == [.improved, .shortOfExpected, .improved])
        let first = try #require(result.first)
        let before = try #require(report.cells.first { $0.wave == "2025" && $0.group == "learner" && $0.segment == nil }?.items.first { $0.id == "T2" })
        let after = try #require(report.cells.first { $0.wave == "2026" && $0.group == "learner" && $0.segment == nil }?.items.first { $0.id == "T2" })
        let expected = try #require(Comparison.twoProportionZ(
            count1: before.favourable!.count!, n1: Double(before.n!), count2: after.favourable!.count!, n2: Double(after.n!)))
        #expect(first.test == "z")
        #expect(first.p == expected.p)
        #expect(first.testStatistic == expected.statistic)
        #expect(first.before == before.favourable?.p)
        #expect(first.after == after.favourable?.p)
        #expect(first.q == Comparison.benjaminiHochberg([expected.p, expected.p, expected.p])[0])
    }

    /// Learners' teaching index rose by 6 points (Welch on the dimension's means and SDs):
    /// effective for an action that wanted it up, worse for one that wanted it down.
    @Test func significantChangeAgainstTheIntentIsWorse() throws {
        let index = ImprovementAction.Link(instrument: "fixture", target: .dimension("teaching"), group: "learner", measure: .index)
        let result = reviews([action("up", link: index, expected: 2), action("down", link: index, expected: -2)])
        #expect(result.map(\.test) == ["welch", "welch"])
        #expect(result.map(\.verdict) == [.effective, .worse])
        #expect(result.map(\.basis) == [.improved, .declined])
        #expect(abs(try #require(result[0].change) - 6) < 1e-12)
        let welch = try #require(Comparison.welch(mean1: 1 + 68.0 / 25, sd1: 0.9, n1: 296, mean2: 1 + 74.0 / 25, sd2: 0.9, n2: 276))
        #expect(abs(try #require(result[0].p) - welch.p) < 1e-15)
    }

    @Test func smallChangeIsNotYetEffective() {
        let nps = ImprovementAction.Link(instrument: "fixture", target: .item("REC"), group: "staff", measure: .nps)
        let result = reviews([action("nps", link: nps, expected: 10)])
        #expect(result.first?.verdict == .notYetEffective)
        #expect(result.first?.basis == .notSignificant)
    }

    @Test(arguments: [
        ("2026", "learner", ActionReview.Basis.noLaterWave),
        ("2019", "learner", .openingWaveNotInData),
        ("2025", "parent", .suppressed),
    ])
    func missingComparisonsAreInsufficientData(opened: String, group: String, basis: ActionReview.Basis) {
        let link = ImprovementAction.Link(instrument: "fixture", target: .item("T1"), group: group, measure: .favourable)
        let result = reviews([action("x", opened: opened, link: link)])
        #expect(result.first?.verdict == .insufficientData)
        #expect(result.first?.basis == basis)
        #expect(result.first?.q == nil)
    }

    @Test func baselineIsShownBeforeTheNextWave() {
        let result = reviews([action("new", opened: "2026", link: Self.feedback)])
        #expect(result.first?.before != nil)
        #expect(result.first?.after == nil)
    }

    @Test func actionsOfInstrumentsOutsideThePackAreLeftOut() {
        let elsewhere = ImprovementAction.Link(instrument: "other", target: .kpi("x"), group: "staff", measure: .index)
        #expect(reviews([action("a", link: elsewhere), action("b", link: Self.feedback)]).map(\.action) == ["b"])
    }

    /// A dimension's favourable share is a mean of item shares: its SE is taken as the mean of
    /// the item SEs √(p(1 − p)/n), an upper bound whatever the items' correlation.
    @Test func dimensionShareUsesTheConservativeBound() throws {
        let link = ImprovementAction.Link(instrument: "fixture", target: .dimension("teaching"), group: "learner", measure: .favourable)
        let review = try #require(reviews([action("d", link: link)]).first)
        func share(_ wave: String) throws -> Double {
            try #require(report.cells.first { $0.wave == wave && $0.group == "learner" && $0.segment == nil }?.dimensions.first?.favourable?.p)
        }
        func se(_ wave: String) throws -> Double {
            let cell = try #require(report.cells.first { $0.wave == wave && $0.group == "learner" && $0.segment == nil })
            let errors = cell.items.filter { ["T1", "T2"].contains($0.id) }.map { item in
                (item.favourable!.p * (1 - item.favourable!.p) / Double(item.n!)).squareRoot()
            }
            return errors.reduce(0, +) / Double(errors.count)
        }
        let expected = try #require(Comparison.npsDifference(score1: try share("2025"), se1: try se("2025"), score2: try share("2026"), se2: try se("2026")))
        #expect(review.test == "z")
        #expect(abs(try #require(review.p) - expected.p) < 1e-12)
    }

    @Test func sdIsRecoveredFromTheTInterval() throws {
        let sd = try #require(LinkedSample.sdFromInterval([60, 64], n: 100, confidence: 0.95))
        let t = Distributions.criticalValue(confidence: 0.95, df: 99)
        #expect(abs(sd * t / 10 - 2) < 1e-12)
    }
}
