import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyStatistics

@Suite struct DescriptiveTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    @Test func summarizeMatchesNumpy() {
        for (index, c) in reference.descriptive.enumerated() {
            let summary = Descriptive.summarize(counts: c.counts, lower: c.lower)
            #expect(summary.n == c.n, "case \(index)")
            expectClose(summary.mean, c.mean, relative: 1e-15, "case \(index) mean")
            expectClose(summary.sd, c.sd, relative: 1e-13, "case \(index) sd")
            expectClose(summary.median, c.median, relative: 0, "case \(index) median")
        }
    }

    @Test func tIntervalMatchesScipy() {
        for (index, c) in reference.descriptive.enumerated() {
            let summary = Descriptive.summarize(counts: c.counts, lower: c.lower)
            guard let mean = summary.mean, let sd = summary.sd else {
                #expect(c.ci95 == nil, "case \(index) has an interval but no sd")
                continue
            }
            expectClose(
                Descriptive.tInterval(mean: mean, sd: sd, n: summary.n, confidence: 0.95), c.ci95, relative: 1e-12,
                "case \(index) ci95")
            expectClose(
                Descriptive.tInterval(mean: mean, sd: sd, n: summary.n, confidence: 0.9), c.ci90, relative: 1e-12,
                "case \(index) ci90")
        }
    }

    @Test func methodsSection91() {
        let m = reference.methods
        let summary = Descriptive.summarize(counts: [0, 1, 2, 4, 3], lower: 1)
        #expect(summary == HistogramSummary(n: 10, mean: 3.9, sd: summary.sd, median: 4))
        expectClose(summary.mean, m.mean91, relative: 0, "mean")
        expectClose(summary.sd, m.sd91, relative: 1e-15, "sd")
        expectClose(
            Descriptive.tInterval(mean: 3.9, sd: m.sd91, n: 10, confidence: 0.95), m.ci91, relative: 1e-14, "ci")
    }

    @Test func edgeCases() {
        #expect(Descriptive.summarize(counts: [], lower: 1) == HistogramSummary(n: 0, mean: nil, sd: nil, median: nil))
        #expect(
            Descriptive.summarize(counts: [0, 0, 0], lower: 1)
                == HistogramSummary(n: 0, mean: nil, sd: nil, median: nil))
        #expect(
            Descriptive.summarize(counts: [0, 1, 0], lower: 1) == HistogramSummary(n: 1, mean: 2, sd: nil, median: 2))
        #expect(
            Descriptive.summarize(counts: [0, 0, 7], lower: 1) == HistogramSummary(n: 7, mean: 3, sd: 0, median: 3))
        // Even n: the mean of the two middle values, also across an empty category.
        #expect(Descriptive.summarize(counts: [1, 0, 0, 1], lower: 1).median == 2.5)
        #expect(Descriptive.summarize(counts: [2, 0, 2], lower: -1).median == 0)
        #expect(Descriptive.summarize(counts: [1, 1], lower: -3).median == -2.5)
        #expect(Descriptive.tInterval(mean: 3, sd: 1, n: 1, confidence: 0.95) == nil)
        #expect(Descriptive.tInterval(mean: 3, sd: 1, n: 0, confidence: 0.95) == nil)
        #expect(Descriptive.tInterval(mean: 3, sd: 0, n: 5, confidence: 0.95) == [3, 3])
    }

    @Test func hugeCountsStayExact() {
        // 10⁹ answers on a 0…1000 scale: n·Σx² ≈ 10²¹ overflows Int64 but not the 128-bit numerator.
        let summary = Descriptive.summarize(
            counts: [500_000_000] + Array(repeating: 0, count: 999) + [500_000_000], lower: 0)
        #expect(summary.mean == 500)
        expectClose(summary.sd, 500 * (1_000_000_000.0 / 999_999_999.0).squareRoot(), relative: 1e-15, "sd")
        #expect(summary.median == 500)
    }

    @Test func orderOfAnswersDoesNotMatter() {
        var generator = SeededGenerator(seed: 11)
        let answers = (0..<999).map { _ in Int.random(in: 1...7, using: &generator) }
        var counts = Array(repeating: 0, count: 7)
        for a in answers { counts[a - 1] += 1 }
        var moments = MomentAccumulator()
        for a in answers.shuffled(using: &generator) { moments.add(Double(a)) }
        let summary = Descriptive.summarize(counts: counts, lower: 1)
        expectClose(summary.mean, moments.mean, relative: 1e-13, "mean")
        expectClose(summary.sd, moments.sd, relative: 1e-12, "sd")
    }
}
