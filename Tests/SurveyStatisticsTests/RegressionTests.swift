import Testing

@testable import SurveyStatistics

@Suite struct RegressionTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    @Test func linregressMatchesScipy() throws {
        for (index, c) in reference.linregress.enumerated() {
            let fit = try #require(Regression.linregress(x: c.x, y: c.y, confidence: c.confidence))
            expectClose(fit.slope, c.slope, relative: 1e-12, absolute: 1e-15, "case \(index) slope")
            expectClose(fit.intercept, c.intercept, relative: 1e-12, "case \(index) intercept")
            guard let p = c.p, let se = c.standardError else {
                // Constant y: scipy gives NaN; the contract is a flat line with p = 1.
                #expect(fit.p == 1 && fit.standardError == 0 && fit.slopeCI == [0, 0], "case \(index)")
                continue
            }
            expectClose(fit.p, p, relative: 1e-10, "case \(index) p")
            expectClose(fit.standardError, se, relative: 1e-12, "case \(index) se")
            expectClose(fit.slopeCI, c.slopeCI, relative: 1e-12, "case \(index) ci")
        }
    }

    @Test func methodsSection98() throws {
        let m = reference.methods
        let fit = try #require(
            Regression.linregress(x: [1, 2, 3, 4, 5, 6], y: [68.2, 70.1, 69.5, 72.3, 73.0, 74.1], confidence: 0.95))
        expectClose(fit.slope, m.slope98, relative: 1e-13, "slope")
        expectClose(fit.intercept, m.intercept98, relative: 1e-13, "intercept")
        expectClose(fit.standardError, m.se98, relative: 1e-13, "se")
        expectClose(fit.p, m.p98, relative: 1e-11, "p")
        expectClose(fit.slopeCI, m.ci98, relative: 1e-13, "ci")
    }

    @Test func linregressEdgeCases() throws {
        #expect(Regression.linregress(x: [1, 2], y: [3, 4], confidence: 0.95) == nil)
        #expect(Regression.linregress(x: [1, 2, 3], y: [3, 4], confidence: 0.95) == nil)
        #expect(Regression.linregress(x: [2, 2, 2], y: [3, 4, 5], confidence: 0.95) == nil)
        #expect(Regression.linregress(x: [1, 2, .nan], y: [3, 4, 5], confidence: 0.95) == nil)
        let perfect = try #require(Regression.linregress(x: [1, 2, 3, 4], y: [3, 5, 7, 9], confidence: 0.95))
        #expect(perfect.slope == 2 && perfect.intercept == 1 && perfect.standardError == 0)
        #expect(perfect.p < 1e-9)
        #expect(perfect.slopeCI == [2, 2])
    }

    @Test func relativeWeightsMatchJohnson() throws {
        for (index, c) in reference.relativeWeights.enumerated() {
            let weights = try #require(
                Regression.relativeWeights(correlations: c.correlations, outcomeCorrelations: c.outcomeCorrelations))
            expectClose(weights, c.weights, relative: 1e-11, "case \(index)")
            expectClose(weights.reduce(0, +), c.rSquared, relative: 1e-12, "case \(index) sum = R²")
        }
        let m = reference.methods
        let first = reference.relativeWeights[0]
        let weights = Regression.relativeWeights(
            correlations: first.correlations, outcomeCorrelations: first.outcomeCorrelations)
        expectClose(weights, m.rw913, relative: 1e-7, "methods 9.13 (8 digits)")
        expectClose(weights?.reduce(0, +), m.r2913, relative: 1e-9, "methods 9.13 R²")
    }

    @Test func relativeWeightsEdgeCases() {
        // One driver: its weight is r².
        expectClose(
            Regression.relativeWeights(correlations: [[1]], outcomeCorrelations: [0.6]), [0.36], relative: 1e-15,
            "p = 1")
        // Uncorrelated drivers: weights are r².
        expectClose(
            Regression.relativeWeights(correlations: [[1, 0], [0, 1]], outcomeCorrelations: [0.3, -0.4]), [0.09, 0.16],
            relative: 1e-14, "orthogonal")
        // Perfectly collinear drivers: singular.
        #expect(Regression.relativeWeights(correlations: [[1, 1], [1, 1]], outcomeCorrelations: [0.5, 0.5]) == nil)
        #expect(Regression.relativeWeights(correlations: [[1, 0.2]], outcomeCorrelations: [0.5, 0.5]) == nil)
        #expect(Regression.relativeWeights(correlations: [], outcomeCorrelations: []) == nil)
    }
}
