import Testing

@testable import SurveyStatistics

@Suite struct ProportionTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    @Test func wilsonMatchesStatsmodels() {
        for c in reference.wilson {
            let ci = Proportion.wilson(count: c.count, n: c.n, confidence: c.confidence)
            expectClose(ci, [c.low, c.high], relative: 1e-13, absolute: 1e-16, "\(c.count)/\(c.n) @\(c.confidence)")
        }
    }

    @Test func methodsSection92And99() {
        let m = reference.methods
        expectClose(Proportion.wilson(count: 37, n: 50, confidence: 0.95), m.wilson37of50, relative: 1e-14, "37/50")
        expectClose(Proportion.wilson(count: 10, n: 10, confidence: 0.95), m.wilson10of10, relative: 1e-14, "10/10")
        expectClose(Proportion.wilson(count: 0, n: 12, confidence: 0.95), m.wilson0of12, relative: 1e-14, "0/12")
        expectClose(Proportion.wilson(count: 9, n: 10, confidence: 0.95), m.wilson9of10, relative: 1e-14, "9/10")
        // Weighted share 0.7666… on Kish's n_eff 7.7586…
        let nEff = m.nEff99
        expectClose(
            Proportion.wilson(count: 0.7666666666666667 * nEff, n: nEff, confidence: 0.95), m.wilsonNEff99,
            relative: 1e-14, "weighted")
    }

    @Test func boundsAreExactAtZeroAndAll() throws {
        let none = try #require(Proportion.wilson(count: 0, n: 12, confidence: 0.95))
        #expect(none[0] == 0)
        let all = try #require(Proportion.wilson(count: 10, n: 10, confidence: 0.95))
        #expect(all[1] == 1)
        let one = try #require(Proportion.wilson(count: 1, n: 1, confidence: 0.99))
        #expect(one[1] == 1 && one[0] > 0)
    }

    @Test(arguments: [0.0, -1.0, .nan, .infinity])
    func invalidSampleSizeGivesNil(n: Double) {
        #expect(Proportion.wilson(count: 0, n: n, confidence: 0.95) == nil)
    }

    @Test func invalidConfidenceGivesNil() {
        #expect(Proportion.wilson(count: 3, n: 10, confidence: 1) == nil)
        #expect(Proportion.wilson(count: 3, n: 10, confidence: 0) == nil)
    }

    @Test func intervalContainsEstimateAndNarrowsWithN() throws {
        var previousWidth = Double.infinity
        for n in [10.0, 40, 160, 640] {
            let ci = try #require(Proportion.wilson(count: 0.3 * n, n: n, confidence: 0.95))
            #expect(ci[0] < 0.3 && 0.3 < ci[1])
            #expect(ci[1] - ci[0] < previousWidth)
            previousWidth = ci[1] - ci[0]
        }
    }
}
