import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyStatistics

@Suite struct CovarianceAccumulatorTests {
    let reference: Reference

    init() throws { reference = try Reference.load() }

    /// Rows of the reference matrices, `nil` (missing) stored as the no-answer sentinel.
    static func codes(_ rows: [[Int?]]) -> [[Int16]] {
        rows.map { row in row.map { $0.map { Int16($0) } ?? AnswerCode.noAnswer } }
    }

    static func accumulate(_ rows: [[Int16]], k: Int) -> CovarianceAccumulator {
        var accumulator = CovarianceAccumulator(k: k)
        for row in rows { accumulator.add(row) }
        return accumulator
    }

    static func expectAlpha(
        _ result: AlphaResult?, _ expected: Reference.AlphaBlock, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let result else {
            Issue.record("\(label): alpha is nil", sourceLocation: sourceLocation)
            return
        }
        expectClose(result.value, expected.value, relative: 1e-12, "\(label) alpha", sourceLocation: sourceLocation)
        #expect(result.n == expected.n, "\(label) n", sourceLocation: sourceLocation)
        #expect(result.k == expected.k, "\(label) k", sourceLocation: sourceLocation)
        expectClose(
            result.ifItemDeleted, expected.ifItemDeleted, relative: 1e-12, absolute: 1e-15, "\(label) if deleted",
            sourceLocation: sourceLocation)
        expectClose(
            result.correctedItemTotal, expected.correctedItemTotal, relative: 1e-12, "\(label) r.drop",
            sourceLocation: sourceLocation)
    }

    @Test func alphaMatchesPingouinListwiseAndPairwise() {
        for c in reference.alpha {
            let accumulator = Self.accumulate(Self.codes(c.rows), k: c.listwise.k)
            Self.expectAlpha(accumulator.alpha(pairwise: false), c.listwise, "\(c.name) listwise")
            Self.expectAlpha(accumulator.alpha(pairwise: true), c.pairwise, "\(c.name) pairwise")
        }
    }

    @Test func pearsonMatchesPandas() {
        for c in reference.alpha {
            let accumulator = Self.accumulate(Self.codes(c.rows), k: c.listwise.k)
            for row in c.pearson {
                let i = Int(row[0]!), j = Int(row[1]!), n = Int(row[3]!)
                let result = accumulator.pearson(i, j)
                expectClose(result?.r, row[2], relative: 1e-13, "\(c.name) r(\(i),\(j))")
                if row[2] != nil { #expect(result?.n == n, "\(c.name) n(\(i),\(j))") }
                #expect(accumulator.pearson(j, i)?.r == result?.r)
            }
        }
    }

    @Test func methodsSection96() throws {
        let m = reference.methods
        let rows: [[Int16]] = [
            [4, 5, 4, 5], [3, 4, 3, 4], [5, 5, 4, 5], [2, 3, 2, 3], [4, 4, 5, 4], [3, 3, 3, 2],
        ]
        let accumulator = Self.accumulate(rows, k: 4)
        for pairwise in [false, true] {
            let result = try #require(accumulator.alpha(pairwise: pairwise))
            expectClose(result.value, m.alpha96, relative: 1e-14, "alpha")
            #expect(result.n == 6 && result.k == 4)
            expectClose(result.ifItemDeleted, m.alpha96IfDeleted, relative: 1e-9, "if deleted")
            expectClose(result.correctedItemTotal, m.alpha96RDrop, relative: 1e-9, "r.drop")
        }
    }

    @Test func mergeEqualsSinglePass() {
        let c = reference.alpha[1]
        let rows = Self.codes(c.rows)
        let whole = Self.accumulate(rows, k: 5)
        var merged = Self.accumulate(Array(rows[..<73]), k: 5)
        merged.merge(Self.accumulate(Array(rows[73...]), k: 5))
        #expect(merged == whole)  // integer sums: exactly equal
        var generator = SeededGenerator(seed: 3)
        #expect(Self.accumulate(rows.shuffled(using: &generator), k: 5) == whole)
    }

    @Test func bufferAndArrayOverloadsAgree() {
        let rows = Self.codes(reference.alpha[1].rows)
        var viaBuffer = CovarianceAccumulator(k: 5)
        for row in rows { row.withUnsafeBufferPointer { viaBuffer.add($0) } }
        #expect(viaBuffer == Self.accumulate(rows, k: 5))
    }

    @Test func countsRowsAndMissingSentinels() {
        let missing: [Int16] = [
            AnswerCode.absent, AnswerCode.noAnswer, AnswerCode.notShown, AnswerCode.invalid,
            AnswerCode.declaredMissing(2),
        ]
        var accumulator = CovarianceAccumulator(k: 3)
        accumulator.add([1, 2, 3])
        accumulator.add([missing[0], missing[1], missing[2]])  // no answer at all: ignored
        accumulator.add([2, missing[3], 1])
        accumulator.add([3, 3, missing[4]])
        #expect(accumulator.respondents == 3)
        #expect(accumulator.completeRows == 1)
        // Negative recoded codes are answers, not missing.
        var negative = CovarianceAccumulator(k: 2)
        negative.add([-2, 2])
        #expect(negative.completeRows == 1)
    }

    @Test func alphaNilCases() {
        #expect(CovarianceAccumulator(k: 1).alpha(pairwise: false) == nil)
        #expect(CovarianceAccumulator(k: 0).alpha(pairwise: true) == nil)
        // Two complete rows only.
        let two = Self.accumulate([[1, 2], [2, 3]], k: 2)
        #expect(two.alpha(pairwise: false) == nil)
        #expect(two.alpha(pairwise: true) == nil)
        // Pairwise: item pair (0, 1) shares only two rows although every item has 3+ answers.
        let sparse = Self.accumulate(
            [
                [1, 2], [2, 3], [3, AnswerCode.noAnswer], [AnswerCode.noAnswer, 1], [4, AnswerCode.noAnswer],
                [AnswerCode.noAnswer, 5],
            ], k: 2)
        #expect(sparse.alpha(pairwise: true) == nil)
        // Every item constant: zero total variance.
        let constant = Self.accumulate([[3, 4], [3, 4], [3, 4]], k: 2)
        #expect(constant.alpha(pairwise: false) == nil)
        #expect(constant.pearson(0, 1) == nil)
    }

    @Test func twoItemsHaveNoAlphaIfDeleted() throws {
        let accumulator = Self.accumulate([[1, 2], [2, 2], [3, 4], [5, 4]], k: 2)
        let result = try #require(accumulator.alpha(pairwise: false))
        #expect(result.ifItemDeleted == [nil, nil])
        #expect(result.correctedItemTotal.allSatisfy { $0 != nil })
    }

    @Test func reversedItemGivesNegativeCorrelation() throws {
        // The third item runs against the others (a reverse item that was not recoded).
        let rows: [[Int16]] = [[1, 1, 5], [2, 2, 4], [3, 3, 3], [4, 5, 2], [5, 4, 1], [2, 1, 4]]
        let result = try #require(Self.accumulate(rows, k: 3).alpha(pairwise: false))
        #expect(result.value < 0)
        #expect((result.correctedItemTotal[2] ?? 0) < 0)
    }

    @Test func pearsonNeedsThreeRows() {
        let accumulator = Self.accumulate([[1, 2], [2, 3], [3, AnswerCode.noAnswer]], k: 2)
        #expect(accumulator.pearson(0, 1) == nil)
        #expect(accumulator.pearson(0, 0)?.r == 1)
    }
}
