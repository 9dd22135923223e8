import Testing

@testable import SurveyStatistics

@Suite struct DistributionsTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    @Test func normalCDFMatchesScipy() {
        for row in reference.normalCDF {
            expectClose(Distributions.normalCDF(row[0]), row[1], relative: 1e-12, "Φ(\(row[0]))")
        }
    }

    @Test func normalQuantileMatchesScipy() {
        for row in reference.normalQuantile {
            expectClose(Distributions.normalQuantile(row[0]), row[1], relative: 1e-12, "Φ⁻¹(\(row[0]))")
        }
    }

    @Test func normalQuantileInvertsCDF() {
        for p in [1e-300, 1e-100, 1e-9, 0.01, 0.2, 0.49, 0.5, 0.51, 0.8, 0.99] {
            // Φ(x) magnifies the relative error of x by x²: allow 1e-15·x².
            let x = Distributions.normalQuantile(p)
            expectClose(Distributions.normalCDF(x), p, relative: 1e-15 * max(1, x * x), "Φ(Φ⁻¹(\(p)))")
        }
    }

    @Test func studentTCDFMatchesScipy() {
        for row in reference.studentTCDF {
            expectClose(
                Distributions.studentTCDF(row[0], df: row[1]), row[2], relative: 1e-12, "T(\(row[0]); df \(row[1]))")
        }
    }

    @Test func studentTQuantileMatchesScipy() {
        for row in reference.studentTQuantile {
            expectClose(
                Distributions.studentTQuantile(row[0], df: row[1]), row[2], relative: 1e-12,
                "T⁻¹(\(row[0]); df \(row[1]))")
        }
    }

    @Test(arguments: [0.75, 1.0, 1.5, 2.0, 2.5, 3.5, 7.25, 29.0, 1e3, 1e6])
    func studentTQuantileInvertsCDF(df: Double) {
        for p in [1e-200, 1e-12, 1e-4, 0.02, 0.3, 0.4999999, 0.5000001, 0.77, 0.999] {
            let t = Distributions.studentTQuantile(p, df: df)
            #expect(t.isFinite, "T⁻¹(\(p); \(df)) = \(t)")
            expectClose(Distributions.studentTCDF(t, df: df), p, relative: 1e-11, "T(T⁻¹(\(p)); \(df))")
        }
    }

    @Test func studentTSymmetry() {
        for df in [1.0, 4.5, 60.0] {
            for t in [0.1, 1.7, 12.0] {
                let sum = Distributions.studentTCDF(t, df: df) + Distributions.studentTCDF(-t, df: df)
                #expect(abs(sum - 1) < 1e-15)
                #expect(Distributions.studentTQuantile(0.125, df: df) == -Distributions.studentTQuantile(0.875, df: df))
            }
        }
    }

    @Test func incompleteBetaMatchesScipy() {
        for row in reference.incompleteBeta {
            expectClose(
                Distributions.regularizedIncompleteBeta(row[0], a: row[1], b: row[2]), row[3], relative: 1e-12,
                "I(\(row[0]); \(row[1]), \(row[2]))")
        }
    }

    @Test func criticalValuesMatchMethodsReference() {
        let m = reference.methods
        expectClose(Distributions.criticalValue(confidence: 0.95), m.z975, relative: 1e-15, "z .975")
        expectClose(Distributions.criticalValue(confidence: 0.95, df: 9), m.t975_9, relative: 1e-14, "t .975, 9")
        expectClose(Distributions.criticalValue(confidence: 0.95, df: 4), m.t975_4, relative: 1e-14, "t .975, 4")
    }

    @Test func closedFormsForOneAndTwoDegreesOfFreedom() {
        // Cauchy: t⁻¹(0.75; 1) = tan(π/4) = 1; df 2: t⁻¹(p) = (2p − 1)/√(2p(1 − p)).
        expectClose(Distributions.studentTQuantile(0.75, df: 1), 1, relative: 1e-15, "Cauchy")
        expectClose(Distributions.studentTCDF(1, df: 1), 0.75, relative: 1e-15, "Cauchy CDF")
        let p = 0.9
        expectClose(
            Distributions.studentTQuantile(p, df: 2), (2 * p - 1) / (2 * p * (1 - p)).squareRoot(), relative: 1e-15,
            "df 2")
    }

    @Test func edgeCases() {
        #expect(Distributions.normalQuantile(0) == -.infinity)
        #expect(Distributions.normalQuantile(1) == .infinity)
        #expect(Distributions.normalQuantile(0.5) == 0)
        #expect(Distributions.normalQuantile(-0.1).isNaN)
        #expect(Distributions.normalQuantile(1.1).isNaN)
        #expect(Distributions.normalQuantile(.nan).isNaN)
        #expect(Distributions.normalCDF(-.infinity) == 0)
        #expect(Distributions.normalCDF(.infinity) == 1)
        #expect(Distributions.normalCDF(.nan).isNaN)
        for df in [1.0, 2.0, 3.5, 1e6] {
            #expect(Distributions.studentTQuantile(0, df: df) == -.infinity)
            #expect(Distributions.studentTQuantile(1, df: df) == .infinity)
            #expect(Distributions.studentTQuantile(0.5, df: df) == 0)
            #expect(Distributions.studentTCDF(.infinity, df: df) == 1)
            #expect(Distributions.studentTCDF(-.infinity, df: df) == 0)
            #expect(Distributions.studentTCDF(0, df: df) == 0.5)
        }
        #expect(Distributions.studentTQuantile(0.3, df: 0).isNaN)
        #expect(Distributions.studentTQuantile(0.3, df: -2).isNaN)
        #expect(Distributions.studentTQuantile(.nan, df: 3).isNaN)
        #expect(Distributions.studentTCDF(1, df: .nan).isNaN)
        expectClose(
            Distributions.studentTCDF(1.3, df: .infinity), Distributions.normalCDF(1.3), relative: 1e-15, "df ∞")
        #expect(Distributions.regularizedIncompleteBeta(0, a: 2, b: 3) == 0)
        #expect(Distributions.regularizedIncompleteBeta(1, a: 2, b: 3) == 1)
        #expect(Distributions.regularizedIncompleteBeta(-1, a: 2, b: 3) == 0)
        #expect(Distributions.regularizedIncompleteBeta(0.5, a: 0, b: 3).isNaN)
        #expect(Distributions.criticalValue(confidence: 1.5).isNaN)
        #expect(Distributions.criticalValue(confidence: 0).isNaN)
    }
}
