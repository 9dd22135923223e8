import Foundation
import Testing

/// The expected values written by `Reference/make_reference.py` (scipy, statsmodels, pingouin,
/// samplics, pandas, mpmath; see the script for versions and method).
struct Reference: Decodable, Sendable {
    struct DescriptiveCase: Decodable, Sendable {
        let counts: [Int], lower: Int, n: Int
        let mean: Double?, sd: Double?, median: Double?, ci95: [Double]?, ci90: [Double]?
    }
    struct WilsonCase: Decodable, Sendable {
        let count: Double, n: Double, confidence: Double, low: Double, high: Double
    }
    struct NPSCase: Decodable, Sendable {
        let promoters: Int, passives: Int, detractors: Int, confidence: Double
        let score: Double, standardError: Double, low: Double, high: Double
    }
    struct MomentsCase: Decodable, Sendable { let data: [Double], mean: Double, sd: Double }
    struct AlphaBlock: Decodable, Sendable {
        let value: Double, n: Int, k: Int, ifItemDeleted: [Double?], correctedItemTotal: [Double?]
    }
    struct AlphaCase: Decodable, Sendable {
        let name: String, rows: [[Int?]], listwise: AlphaBlock, pairwise: AlphaBlock
        /// Rows of [i, j, r (nil when undefined), n].
        let pearson: [[Double?]]
    }
    struct WelchCase: Decodable, Sendable {
        let mean1: Double, sd1: Double, n1: Int, mean2: Double, sd2: Double, n2: Int
        let t: Double, df: Double, p: Double, hedges: Double
    }
    struct TwoProportionCase: Decodable, Sendable {
        let count1: Double, n1: Double, count2: Double, n2: Double, z: Double?, p: Double?
    }
    struct NPSDifferenceCase: Decodable, Sendable {
        let score1: Double, se1: Double, score2: Double, se2: Double, z: Double, p: Double
    }
    struct BHCase: Decodable, Sendable { let p: [Double], q: [Double] }
    struct LinregressCase: Decodable, Sendable {
        let x: [Double], y: [Double], confidence: Double
        let slope: Double, intercept: Double, p: Double?, standardError: Double?, slopeCI: [Double?]
    }
    struct RelativeWeightsCase: Decodable, Sendable {
        let correlations: [[Double]], outcomeCorrelations: [Double], weights: [Double], rSquared: Double
    }
    struct WeightedCase: Decodable, Sendable {
        let x: [Double], weights: [Double], mean: Double, linearizedSE: Double, kishEffectiveN: Double
    }
    struct RakeCase: Decodable, Sendable {
        let categories: [[Int]], targets: [[Double]], tolerance: Double, weights: [Double], iterations: Int
    }
    /// research/methods.md §9, copied verbatim by the script.
    struct Methods: Decodable, Sendable {
        let z975: Double, t975_9: Double, t975_4: Double
        let mean91: Double, sd91: Double, ci91: [Double]
        let wilson37of50: [Double], wilson10of10: [Double], wilson0of12: [Double], wilson9of10: [Double]
        let npsSE93: Double, npsAdjustedCentre93: Double, npsAdjustedCI93: [Double]
        let welchT: Double, welchDF: Double, welchP: Double, hedgesG: Double
        let pooledZ: Double, pooledP: Double
        let alpha96: Double, alpha96IfDeleted: [Double], alpha96RDrop: [Double]
        let slope98: Double, intercept98: Double, se98: Double, p98: Double, ci98: [Double]
        let nEff99: Double, wmean99: Double, se99: Double, wilsonNEff99: [Double]
        let bh912: [Double]
        let rake910: [Double], rakeIterations910: Int
        let rw913: [Double], r2913: Double
    }

    /// Rows of [x, Φ(x)].
    let normalCDF: [[Double]]
    /// Rows of [p, Φ⁻¹(p)].
    let normalQuantile: [[Double]]
    /// Rows of [t, df, P(T ≤ t)].
    let studentTCDF: [[Double]]
    /// Rows of [p, df, t⁻¹(p)].
    let studentTQuantile: [[Double]]
    /// Rows of [x, a, b, Iₓ(a, b)].
    let incompleteBeta: [[Double]]
    let descriptive: [DescriptiveCase]
    let wilson: [WilsonCase]
    let nps: [NPSCase]
    let moments: MomentsCase
    let alpha: [AlphaCase]
    let welch: [WelchCase]
    let twoProportion: [TwoProportionCase]
    let npsDifference: [NPSDifferenceCase]
    let benjaminiHochberg: [BHCase]
    let linregress: [LinregressCase]
    let relativeWeights: [RelativeWeightsCase]
    let weighted: [WeightedCase]
    let rake: [RakeCase]
    let methods: Methods

    /// Loads `Reference/reference.json` from the test bundle.
    static func load() throws -> Reference {
        let url = try #require(
            Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Reference"),
            "Reference/reference.json missing from the test bundle")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }
}

/// Whether `actual` is within `relative` of `expected` (relative to the larger magnitude), or
/// within `absolute`; `nil` matches only `nil`, and equal infinities match.
func isClose(_ actual: Double?, _ expected: Double?, relative: Double, absolute: Double = 0) -> Bool {
    guard let actual, let expected else { return actual == nil && expected == nil }
    if actual == expected { return true }
    let difference = abs(actual - expected)
    return difference <= absolute || difference <= relative * max(abs(actual), abs(expected))
}

/// Records an issue unless `actual` is close to `expected` (see ``isClose(_:_:relative:absolute:)``).
func expectClose(
    _ actual: Double?, _ expected: Double?, relative: Double = 1e-9, absolute: Double = 0, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        isClose(actual, expected, relative: relative, absolute: absolute),
        "\(what): got \(actual.map { "\($0)" } ?? "nil"), expected \(expected.map { "\($0)" } ?? "nil")",
        sourceLocation: sourceLocation)
}

/// Element-wise ``expectClose(_:_:relative:absolute:_:sourceLocation:)`` with a count check.
func expectClose(
    _ actual: [Double?]?, _ expected: [Double?]?, relative: Double = 1e-9, absolute: Double = 0, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual, let expected else {
        #expect(actual == nil && expected == nil, "\(what): one side is nil", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.count == expected.count, "\(what): count", sourceLocation: sourceLocation)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        expectClose(a, e, relative: relative, absolute: absolute, "\(what)[\(index)]", sourceLocation: sourceLocation)
    }
}

