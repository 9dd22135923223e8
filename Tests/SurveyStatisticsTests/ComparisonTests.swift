import Testing

@testable import SurveyStatistics

@Suite struct ComparisonTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    @Test func welchMatchesScipyAndHedgesMatchesPingouin() throws {
        for (index, c) in reference.welch.enumerated() {
            let result = try #require(
                Comparison.welch(mean1: c.mean1, sd1: c.sd1, n1: c.n1, mean2: c.mean2, sd2: c.sd2, n2: c.n2))
            expectClose(result.statistic, c.t, relative: 1e-12, "case \(index) t")
            expectClose(result.df, c.df, relative: 1e-12, "case \(index) df")
            expectClose(result.p, c.p, relative: 1e-11, "case \(index) p")
            let g = Comparison.hedgesG(mean1: c.mean1, sd1: c.sd1, n1: c.n1, mean2: c.mean2, sd2: c.sd2, n2: c.n2)
            expectClose(g, c.hedges, relative: 1e-12, "case \(index) g")
        }
    }

    @Test func methodsSection94SignIsLaterMinusEarlier() throws {
        let m = reference.methods
        // A = earlier (mean 4.1), B = later (mean 3.0): a decline, so t and g are negative.
        let a = (mean: 4.1, sd: 0.7378647873726218, n: 10), b = (mean: 3.0, sd: 0.7745966692414834, n: 11)
        let down = try #require(Comparison.welch(mean1: a.mean, sd1: a.sd, n1: a.n, mean2: b.mean, sd2: b.sd, n2: b.n))
        expectClose(down.statistic, -m.welchT, relative: 1e-14, "t")
        expectClose(down.df, m.welchDF, relative: 1e-14, "df")
        expectClose(down.p, m.welchP, relative: 1e-12, "p")
        let up = try #require(Comparison.welch(mean1: b.mean, sd1: b.sd, n1: b.n, mean2: a.mean, sd2: a.sd, n2: a.n))
        #expect(up.statistic == -down.statistic && up.p == down.p)
        expectClose(
            Comparison.hedgesG(mean1: b.mean, sd1: b.sd, n1: b.n, mean2: a.mean, sd2: a.sd, n2: a.n), m.hedgesG,
            relative: 1e-14, "g")
    }

    @Test func welchAndHedgesNilCases() {
        #expect(Comparison.welch(mean1: 1, sd1: 1, n1: 1, mean2: 2, sd2: 1, n2: 5) == nil)
        #expect(Comparison.welch(mean1: 1, sd1: 0, n1: 4, mean2: 2, sd2: 0, n2: 5) == nil)
        #expect(Comparison.hedgesG(mean1: 1, sd1: 0, n1: 4, mean2: 2, sd2: 0, n2: 5) == nil)
        #expect(Comparison.hedgesG(mean1: 1, sd1: 1, n1: 1, mean2: 2, sd2: 1, n2: 1) == nil)
        #expect(Comparison.hedgesG(mean1: 1, sd1: 1, n1: 0, mean2: 2, sd2: 1, n2: 9) == nil)
        // One group constant is fine: df falls back to the other group's n − 1.
        let oneConstant = Comparison.welch(mean1: 3, sd1: 0, n1: 4, mean2: 4, sd2: 1, n2: 9)
        expectClose(oneConstant?.df, 8, relative: 1e-15, "df")
    }

    @Test func twoProportionMatchesStatsmodels() throws {
        for (index, c) in reference.twoProportion.enumerated() {
            let result = try #require(Comparison.twoProportionZ(count1: c.count1, n1: c.n1, count2: c.count2, n2: c.n2))
            expectClose(result.statistic, c.z, relative: 1e-12, "case \(index) z")
            expectClose(result.p, c.p, relative: 1e-11, "case \(index) p")
            #expect(result.df == nil)
        }
        let m = reference.methods
        let up = try #require(Comparison.twoProportionZ(count1: 95, n1: 190, count2: 120, n2: 200))
        expectClose(up.statistic, m.pooledZ, relative: 1e-14, "9.5 z")
        expectClose(up.p, m.pooledP, relative: 1e-12, "9.5 p")
    }

    @Test func twoProportionNilCases() {
        #expect(Comparison.twoProportionZ(count1: 0, n1: 0, count2: 3, n2: 5) == nil)
        #expect(Comparison.twoProportionZ(count1: 0, n1: 10, count2: 0, n2: 5) == nil)
        #expect(Comparison.twoProportionZ(count1: 10, n1: 10, count2: 5, n2: 5) == nil)
    }

    @Test func npsDifference() throws {
        for (index, c) in reference.npsDifference.enumerated() {
            let result = try #require(
                Comparison.npsDifference(score1: c.score1, se1: c.se1, score2: c.score2, se2: c.se2))
            expectClose(result.statistic, c.z, relative: 1e-14, "case \(index) z")
            expectClose(result.p, c.p, relative: 1e-12, "case \(index) p")
        }
        #expect(Comparison.npsDifference(score1: 10, se1: 0, score2: 20, se2: 0) == nil)
        // Chained with NetPromoter: equal scores give z = 0, p = 1.
        let a = try #require(NetPromoter.score(promoters: 45, passives: 30, detractors: 25, confidence: 0.95))
        let same = try #require(
            Comparison.npsDifference(score1: a.score, se1: a.standardError, score2: a.score, se2: a.standardError))
        #expect(same.statistic == 0 && same.p == 1)
    }

    @Test func benjaminiHochbergMatchesStatsmodels() {
        for (index, c) in reference.benjaminiHochberg.enumerated() {
            expectClose(Comparison.benjaminiHochberg(c.p), c.q, relative: 1e-14, "family \(index)")
        }
        expectClose(
            Comparison.benjaminiHochberg(reference.benjaminiHochberg[0].p), reference.methods.bh912, relative: 5e-6,
            "methods 9.12 (6 digits)")
    }

    @Test func benjaminiHochbergEdgeCases() {
        #expect(Comparison.benjaminiHochberg([]) == [])
        let withNaN = Comparison.benjaminiHochberg([0.01, .nan, 0.04])
        #expect(withNaN[0] == 0.02 && withNaN[1].isNaN && withNaN[2] == 0.04)
        #expect(Comparison.benjaminiHochberg([0.5, 0.5, 0.5]) == [0.5, 0.5, 0.5])
    }
}
