import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyStatistics

@Suite struct WeightedTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    @Test func matchesSamplics() {
        for (index, c) in reference.weighted.enumerated() {
            expectClose(Weighted.mean(c.x, weights: c.weights), c.mean, relative: 1e-14, "case \(index) mean")
            expectClose(
                Weighted.linearizedSE(c.x, weights: c.weights), c.linearizedSE, relative: 1e-12, "case \(index) se")
            expectClose(Weighted.kishEffectiveN(c.weights), c.kishEffectiveN, relative: 1e-14, "case \(index) n_eff")
        }
    }

    @Test func methodsSection99() {
        let m = reference.methods
        let y: [Double] = [4, 5, 3, 4, 2, 5, 3, 4, 4, 5]
        let w = [1, 1, 1, 2, 2, 3, 0.5, 0.5, 1.5, 2.5]
        expectClose(Weighted.mean(y, weights: w), m.wmean99, relative: 1e-15, "mean")
        expectClose(Weighted.linearizedSE(y, weights: w), m.se99, relative: 1e-14, "se")
        expectClose(Weighted.kishEffectiveN(w), m.nEff99, relative: 1e-15, "n_eff")
    }

    @Test func unitWeightsAreUnweighted() {
        let x: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        let ones = Array(repeating: 1.0, count: x.count)
        var moments = MomentAccumulator()
        for v in x { moments.add(v) }
        expectClose(Weighted.mean(x, weights: ones), moments.mean, relative: 1e-15, "mean")
        expectClose(
            Weighted.linearizedSE(x, weights: ones), moments.sd! / Double(x.count).squareRoot(), relative: 1e-14, "se")
        #expect(Weighted.kishEffectiveN(ones) == 8)
        // Scaling every weight changes nothing.
        expectClose(Weighted.mean(x, weights: ones.map { $0 * 7 }), moments.mean, relative: 1e-15, "scaled mean")
    }

    @Test func edgeCases() {
        #expect(Weighted.mean([], weights: []) == nil)
        #expect(Weighted.mean([1, 2], weights: [1]) == nil)
        #expect(Weighted.mean([1, 2], weights: [0, 0]) == nil)
        #expect(Weighted.linearizedSE([4], weights: [2]) == nil)
        #expect(Weighted.linearizedSE([4, 4, 4], weights: [1, 2, 3]) == 0)
        #expect(Weighted.kishEffectiveN([]) == 0)
        #expect(Weighted.kishEffectiveN([0, 0]) == 0)
        #expect(Weighted.kishEffectiveN([5]) == 1)
    }

    @Test func rakeMatchesIPF() throws {
        for (index, c) in reference.rake.enumerated() {
            let result = try #require(
                Weighted.rake(
                    categories: c.categories, targets: c.targets, initial: nil, tolerance: c.tolerance,
                    maxIterations: 100))
            #expect(result.iterations == c.iterations, "case \(index) iterations")
            expectClose(result.weights, c.weights, relative: 1e-12, "case \(index) weights")
            for (margin, target) in zip(c.categories, c.targets) {
                var totals = Array(repeating: 0.0, count: target.count)
                for (i, category) in margin.enumerated() { totals[category] += result.weights[i] }
                expectClose(totals, target, relative: 0, absolute: c.tolerance * 10, "case \(index) margins")
            }
        }
    }

    @Test func methodsSection910() throws {
        let m = reference.methods
        let sex = Array(repeating: 0, count: 50) + Array(repeating: 1, count: 50)
        let level =
            Array(repeating: 0, count: 30) + Array(repeating: 1, count: 20) + Array(repeating: 0, count: 10)
            + Array(repeating: 1, count: 40)
        let result = try #require(
            Weighted.rake(
                categories: [sex, level], targets: [[55, 45], [70, 30]], initial: nil, tolerance: 1e-12,
                maxIterations: 100))
        #expect(result.iterations == m.rakeIterations910)
        expectClose(
            [result.weights[0], result.weights[30], result.weights[50], result.weights[60]], m.rake910, relative: 0,
            absolute: 5e-9, "cells (8 decimals)")
    }

    @Test func rakeFailures() {
        let sex = [0, 0, 1, 1]
        // Not converged within 2 sweeps.
        #expect(
            Weighted.rake(
                categories: [sex, [0, 1, 0, 1]], targets: [[55, 45], [70, 30]], initial: [1, 1, 1, 3], tolerance: 1e-10,
                maxIterations: 2) == nil)
        // Empty category with a positive target.
        #expect(
            Weighted.rake(
                categories: [[0, 0, 0, 0]], targets: [[3, 1]], initial: nil, tolerance: 1e-10, maxIterations: 100)
                == nil)
        // Malformed input.
        #expect(
            Weighted.rake(
                categories: [sex], targets: [[1, 1], [1]], initial: nil, tolerance: 1e-10, maxIterations: 100) == nil)
        #expect(
            Weighted.rake(categories: [[0, 2]], targets: [[1, 1]], initial: nil, tolerance: 1e-10, maxIterations: 100)
                == nil)
        #expect(
            Weighted.rake(
                categories: [sex], targets: [[1, 1]], initial: [1, 1, 1], tolerance: 1e-10, maxIterations: 100) == nil)
        #expect(
            Weighted.rake(categories: [sex], targets: [[1, -1]], initial: nil, tolerance: 1e-10, maxIterations: 100)
                == nil)
        #expect(Weighted.rake(categories: [], targets: [], initial: nil, tolerance: 1e-10, maxIterations: 100) == nil)
        #expect(
            Weighted.rake(categories: [sex], targets: [[1, 1]], initial: nil, tolerance: 1e-10, maxIterations: 0) == nil
        )
    }

    @Test func rakeOneMarginIsPostStratification() throws {
        // research/methods.md §9.10: A (60 respondents, N 300), B (40, N 700) → weights 5 and 17.5.
        let groups = Array(repeating: 0, count: 60) + Array(repeating: 1, count: 40)
        let result = try #require(
            Weighted.rake(
                categories: [groups], targets: [[300, 700]], initial: nil, tolerance: 1e-10, maxIterations: 100))
        #expect(result.iterations == 1)
        #expect(result.weights[0] == 5 && result.weights[99] == 17.5)
        let scores = Array(repeating: 4.2, count: 60) + Array(repeating: 3.5, count: 40)
        expectClose(Weighted.mean(scores, weights: result.weights), 3.71, relative: 1e-14, "post-stratified mean")
    }

    @Test func rakeHugePopulationTotalsConverge() throws {
        // Totals of 10⁹: one ulp is 1.2e-7, far above tolerance 1e-10; the ulp floor must apply.
        var generator = SeededGenerator(seed: 5)
        let a = (0..<5000).map { _ in Int.random(in: 0..<3, using: &generator) }
        let b = (0..<5000).map { _ in Int.random(in: 0..<4, using: &generator) }
        let result = Weighted.rake(
            categories: [a, b], targets: [[4e8, 3.5e8, 2.5e8], [1e8, 2e8, 3e8, 4e8]], initial: nil, tolerance: 1e-10,
            maxIterations: 100)
        #expect(result != nil)
    }
}
