import Testing

@testable import SurveyStatistics

@Suite struct MomentAccumulatorTests {
    @Test func matchesNumpy() throws {
        let reference = try Reference.load()
        var accumulator = MomentAccumulator()
        for x in reference.moments.data { accumulator.add(x) }
        #expect(accumulator.n == reference.moments.data.count)
        expectClose(accumulator.mean, reference.moments.mean, relative: 1e-14, "mean")
        expectClose(accumulator.sd, reference.moments.sd, relative: 1e-13, "sd")
    }

    @Test(arguments: [0, 1, 17, 166, 332, 333])
    func mergeEqualsSinglePass(split: Int) throws {
        let data = try Reference.load().moments.data
        var whole = MomentAccumulator(), left = MomentAccumulator(), right = MomentAccumulator()
        for x in data { whole.add(x) }
        for x in data[..<split] { left.add(x) }
        for x in data[split...] { right.add(x) }
        left.merge(right)
        #expect(left.n == whole.n)
        expectClose(left.mean, whole.mean, relative: 1e-14, "mean")
        expectClose(left.sd, whole.sd, relative: 1e-13, "sd")
    }

    @Test func edgeCases() {
        var accumulator = MomentAccumulator()
        #expect(accumulator.n == 0 && accumulator.mean == nil && accumulator.sd == nil)
        accumulator.add(.nan)
        #expect(accumulator.n == 0)
        accumulator.add(4.25)
        #expect(accumulator.n == 1 && accumulator.mean == 4.25 && accumulator.sd == nil)
        accumulator.add(4.25)
        #expect(accumulator.sd == 0)
        var empty = MomentAccumulator()
        empty.merge(accumulator)
        #expect(empty == accumulator)
        accumulator.merge(MomentAccumulator())
        #expect(accumulator.n == 2)
    }

    @Test func largeOffsetDoesNotCancel() {
        // Values 1e9 + {1, 2, 3}: the naive Σx² − (Σx)²/n formula loses every digit here.
        var accumulator = MomentAccumulator()
        for x in [1e9 + 1, 1e9 + 2, 1e9 + 3] { accumulator.add(x) }
        expectClose(accumulator.sd, 1, relative: 1e-12, "sd")
        expectClose(accumulator.mean, 1e9 + 2, relative: 1e-15, "mean")
    }
}
