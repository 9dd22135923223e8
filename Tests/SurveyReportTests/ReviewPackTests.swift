import Foundation
import SurveyModel
@testable import SurveyReport
@testable import SurveyStatistics
import Testing

/// One pack over several instruments (the nightly job's): every stakeholder group of every
/// instrument, unique anchors, actions reviewed against their own instrument.
@Suite struct ReviewPackTests {
    /// The fixture and a second instrument with another id and title.
    static func combined() -> ReviewPack {
        var second = PackFixture.instrument()
        second.id = "climate"
        second.title = "Staff Climate Survey"
        var secondReport = PackFixture.report()
        secondReport.instrument.id = "climate"
        secondReport.instrument.title = "Staff Climate Survey"
        let actions = ActionPlan(path: "actions.yaml", sha256: "", actions: [
            ImprovementAction(id: "A", title: "A", owner: "o", opened: "2025", status: .completed,
                              link: .init(instrument: "fixture", target: .kpi("feedback"), group: "learner", measure: .favourable)),
            ImprovementAction(id: "B", title: "B", owner: "o", opened: "2025", status: .completed,
                              link: .init(instrument: "climate", target: .kpi("nps"), group: "staff", measure: .nps)),
        ])
        return ReviewPack([(PackFixture.report(), PackFixture.instrument()), (secondReport, second)], actions: actions)
    }

    @Test func coversEveryGroupOfEveryInstrument() throws {
        let markdown = try MarkdownRenderer().render(Self.combined())
        for instrument in ["Fixture Survey", "Staff Climate Survey"] {
            for group in ["Learners", "Parents", "Staff"] {
                #expect(markdown.contains("#### \(group) (\(instrument))") || markdown.contains("### \(group) (\(instrument))"), "\(group) of \(instrument)")
            }
            #expect(markdown.contains("### All respondents (\(instrument))"))
        }
        #expect(markdown.contains("Fixture Survey (version 1)  \nStaff Climate Survey (version 1)"))
    }

    @Test func anchorsAreUnique() throws {
        let html = try HTMLRenderer().render(Self.combined())
        let ids = html.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!ids.isEmpty)
        #expect(Set(ids).count == ids.count, "duplicate ids: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
    }

    @Test func actionsAreReviewedAgainstTheirOwnInstrument() {
        let pack = Self.combined()
        #expect(pack.reviews.map(\.action) == ["A", "B"])
        #expect(pack.reviews.map(\.instrument) == ["fixture", "climate"])
        #expect(pack.reviews.map(\.group) == ["learner", "staff"])
    }

    @Test func singleReportRendererIsAPackOfOne() throws {
        let report = PackFixture.report(), instrument = PackFixture.instrument()
        let plan = MarkdownRendererTests.actions
        #expect(try MarkdownRenderer(actions: plan).render(report, instrument: instrument) == MarkdownRenderer().render(ReviewPack([(report, instrument)], actions: plan)))
        #expect(try HTMLRenderer(actions: plan).render(report, instrument: instrument) == HTMLRenderer().render(ReviewPack([(report, instrument)], actions: plan)))
    }

    /// Weighted reports: shares are tested on Kish's effective n, means on their linearized SE.
    @Test func weightedEstimatesUseEffectiveNAndLinearizedSE() throws {
        var report = PackFixture.report()
        for index in report.cells.indices where report.cells[index].group == "learner" && report.cells[index].segment == nil {
            for item in report.cells[index].items.indices { report.cells[index].items[item].nEff = 120 }
            report.cells[index].index?.se = 1.5
        }
        let instrument = PackFixture.instrument()
        let share = ImprovementAction.Link(instrument: "fixture", target: .item("T2"), group: "learner", measure: .favourable)
        let index = ImprovementAction.Link(instrument: "fixture", target: .kpi("learner-si"), group: "learner", measure: .index)
        let reviews = ActionEffectiveness.review([
            ImprovementAction(id: "s", title: "s", owner: "o", opened: "2025", status: .completed, link: share),
            ImprovementAction(id: "i", title: "i", owner: "o", opened: "2025", status: .completed, link: index),
        ]) { _ in (report, instrument) }
        let p = try #require(reviews.first?.before), q = try #require(reviews.first?.after)
        let expected = try #require(Comparison.twoProportionZ(count1: p * 120, n1: 120, count2: q * 120, n2: 120))
        #expect(reviews[0].p == expected.p)
        let z = try #require(Comparison.npsDifference(score1: 68, se1: 1.5, score2: 74, se2: 1.5))
        #expect(abs(try #require(reviews[1].p) - z.p) < 1e-15)
    }
}
