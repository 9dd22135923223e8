import Testing

@testable import SurveyStatistics

@Suite struct NetPromoterTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    @Test func matchesClosedForm() throws {
        for c in reference.nps {
            let label = "\(c.promoters)/\(c.passives)/\(c.detractors) @\(c.confidence)"
            let result = try #require(
                NetPromoter.score(
                    promoters: c.promoters, passives: c.passives, detractors: c.detractors, confidence: c.confidence))
            expectClose(result.score, c.score, relative: 1e-15, "\(label) score")
            expectClose(result.standardError, c.standardError, relative: 1e-14, "\(label) se")
            expectClose(result.ci, [c.low, c.high], relative: 1e-13, "\(label) ci")
            // SPEC §5.1's SE, by its formula; where the interval is not clamped, its half-width
            // over the reference's bounds gives the same.
            let n = Double(c.promoters + c.passives + c.detractors) + 3
            let (p, d) = ((Double(c.promoters) + 0.75) / n, (Double(c.detractors) + 0.75) / n)
            expectClose(result.adjustedStandardError, 100 * ((p + d - (p - d) * (p - d)) / n).squareRoot(), relative: 1e-14, "\(label) adjusted se")
            if c.low > -100 && c.high < 100 {
                let z = Distributions.criticalValue(confidence: c.confidence)
                expectClose(result.adjustedStandardError, (c.high - c.low) / (2 * z), relative: 1e-12, "\(label) half-width")
            }
            #expect(
                result.promoters == c.promoters && result.passives == c.passives && result.detractors == c.detractors)
        }
    }

    @Test func methodsSection93() throws {
        let m = reference.methods
        let large = try #require(NetPromoter.score(promoters: 45, passives: 30, detractors: 25, confidence: 0.95))
        #expect(large.score == 20)
        expectClose(large.standardError, m.npsSE93, relative: 1e-15, "se")
        // Raw scores [10,9,9,8,7,6,5,10,3,9,8,9,10,2,7]: 7 promoters, 4 passives, 4 detractors.
        let scores = [10, 9, 9, 8, 7, 6, 5, 10, 3, 9, 8, 9, 10, 2, 7]
        let small = try #require(
            NetPromoter.score(
                promoters: scores.filter { $0 >= 9 }.count, passives: scores.filter { (7...8).contains($0) }.count,
                detractors: scores.filter { $0 <= 6 }.count, confidence: 0.95))
        #expect(small.score == 20 && small.n == 15)
        expectClose(small.ci, m.npsAdjustedCI93, relative: 1e-14, "adjusted Wald")
        expectClose((small.ci[0] + small.ci[1]) / 2, m.npsAdjustedCentre93, relative: 1e-14, "centre")
    }

    @Test func edgeCases() throws {
        #expect(NetPromoter.score(promoters: 0, passives: 0, detractors: 0, confidence: 0.95) == nil)
        #expect(NetPromoter.score(promoters: -1, passives: 2, detractors: 0, confidence: 0.95) == nil)
        let allPromoters = try #require(NetPromoter.score(promoters: 5, passives: 0, detractors: 0, confidence: 0.95))
        #expect(allPromoters.score == 100)
        #expect(allPromoters.standardError == 0)
        #expect(allPromoters.ci[1] == 100)  // 107.5 before clamping
        let allDetractors = try #require(NetPromoter.score(promoters: 0, passives: 0, detractors: 9, confidence: 0.95))
        #expect(allDetractors.score == -100)
        #expect(allDetractors.ci[0] == -100)
        let allPassive = try #require(NetPromoter.score(promoters: 0, passives: 4, detractors: 0, confidence: 0.95))
        #expect(allPassive.score == 0 && allPassive.standardError == 0)
        #expect(allPassive.ci[0] < 0 && allPassive.ci[1] > 0)
    }
}
