import SurveyModel

/// Exact integer cross-product sums for k items, listwise and pairwise, mergeable.
///
/// One accumulator holds a dimension's k items. Each row (respondent) adds its k codes; a code
/// for which ``AnswerCode/isAnswer(_:)`` is false (a missing sentinel) is missing. Codes must
/// already be reverse-recoded. All sums are `Int`, so accumulation is exact and order-free, and
/// every covariance and correlation is formed from exact 128-bit numerators
/// (`n·Σxy − Σx·Σy`) with a single rounding.
///
/// Two views are kept:
/// - **listwise**: sums over rows where all k items are answered;
/// - **pairwise**: for every pair (j, l), the count, Σxⱼ, Σxⱼ² and Σxⱼxₗ over the rows where
///   both are answered (pandas `DataFrame.cov` / `corr`, psych `use="pairwise"`).
///
/// Unweighted. Memory is 2 + k + 5k² integers; adding a row costs O(k²).
public struct CovarianceAccumulator: Hashable, Sendable {
    /// The number of items.
    public let k: Int
    /// Flat storage, see the offsets below.
    var storage: [Int]

    /// [0] rows with at least one answer, [1] complete rows.
    var listwiseSumOffset: Int { 2 }
    var listwiseCrossOffset: Int { 2 + k }
    var pairCountOffset: Int { 2 + k + k * k }
    var pairSumOffset: Int { 2 + k + 2 * k * k }
    var pairSquareOffset: Int { 2 + k + 3 * k * k }
    var pairCrossOffset: Int { 2 + k + 4 * k * k }

    /// An empty accumulator for `k` items.
    ///
    /// - Parameter k: The number of items, ≥ 0.
    public init(k: Int) {
        precondition(k >= 0, "negative item count")
        self.k = k
        storage = Array(repeating: 0, count: 2 + k + 5 * k * k)
    }

    /// Adds one row of k codes.
    ///
    /// A row with no answer at all changes nothing. A row with every item answered also counts
    /// towards the listwise sums.
    ///
    /// - Parameter values: Exactly `k` codes (checked with a precondition).
    /// - Complexity: O(k²).
    public mutating func add(_ values: UnsafeBufferPointer<Int16>) {
        add(values, pairwise: true)
    }

    /// Adds one respondent, skipping the pairwise sums when only listwise statistics are
    /// wanted (about four times less work per row; ``alpha(pairwise:)`` with `pairwise: true`
    /// and ``pearson(_:_:)`` then see no data).
    public mutating func add(_ values: UnsafeBufferPointer<Int16>, pairwise: Bool) {
        precondition(values.count == k, "row has \(values.count) values for \(k) items")
        var answered = 0
        for code in values where AnswerCode.isAnswer(code) { answered += 1 }
        guard answered > 0 else { return }
        let k = self.k
        let (ls, lc, pc, ps, pq, px) = (
            listwiseSumOffset, listwiseCrossOffset, pairCountOffset, pairSumOffset, pairSquareOffset,
            pairCrossOffset
        )
        storage.withUnsafeMutableBufferPointer { s in
            s[0] += 1
            if answered == k {
                s[1] += 1
                for j in 0..<k {
                    let xj = Int(values[j])
                    s[ls + j] += xj
                    for l in j..<k { s[lc + j * k + l] += xj * Int(values[l]) }
                }
            }
            guard pairwise else { return }
            for j in 0..<k where AnswerCode.isAnswer(values[j]) {
                let xj = Int(values[j])
                for l in j..<k where AnswerCode.isAnswer(values[l]) {
                    let xl = Int(values[l])
                    let jl = j * k + l
                    s[pc + jl] += 1
                    s[px + jl] += xj * xl
                    s[ps + jl] += xj
                    s[pq + jl] += xj * xj
                    if l != j {
                        let lj = l * k + j
                        s[ps + lj] += xl
                        s[pq + lj] += xl * xl
                    }
                }
            }
        }
    }

    /// Adds one row of k codes held in an array; see the buffer-pointer overload.
    ///
    /// - Parameter values: Exactly `k` codes.
    public mutating func add(_ values: [Int16]) {
        values.withUnsafeBufferPointer { add($0) }
    }

    /// Adds the sums of another accumulator over the same k items.
    ///
    /// - Parameter other: An accumulator with the same `k` (checked with a precondition).
    /// - Complexity: O(k²).
    public mutating func merge(_ other: CovarianceAccumulator) {
        precondition(other.k == k, "merging accumulators of \(other.k) and \(k) items")
        for index in storage.indices { storage[index] += other.storage[index] }
    }

    /// Rows with at least one valid answer (the `n` reported for pairwise alpha).
    public var respondents: Int { storage[0] }

    /// Rows with every item answered (the `n` of listwise alpha).
    public var completeRows: Int { storage[1] }

    /// The Pearson correlation of items i and j over rows where both are answered.
    ///
    /// r = (n·Σxy − ΣxΣy) / √((n·Σx² − (Σx)²)(n·Σy² − (Σy)²)), every sum over the same
    /// pairwise-complete rows (pandas `DataFrame.corr`, scipy `pearsonr`). Used for key-driver
    /// importance (SPEC §5.6).
    ///
    /// - Parameters:
    ///   - i: An item index in 0..<k.
    ///   - j: An item index in 0..<k.
    /// - Returns: `(r, n)` with r in [−1, 1], or `nil` when fewer than 3 rows have both items
    ///   or either item is constant over those rows.
    public func pearson(_ i: Int, _ j: Int) -> (r: Double, n: Int)? {
        precondition(i >= 0 && i < k && j >= 0 && j < k, "item index out of range")
        let n = pairCount(i, j)
        guard n >= 3 else { return nil }
        let sumI = storage[pairSumOffset + i * k + j], sumJ = storage[pairSumOffset + j * k + i]
        let sxx = WideInteger.centredCrossProduct(
            n: n, sumXY: storage[pairSquareOffset + i * k + j], sumX: sumI, sumY: sumI)
        let syy = WideInteger.centredCrossProduct(
            n: n, sumXY: storage[pairSquareOffset + j * k + i], sumX: sumJ, sumY: sumJ)
        guard sxx > 0, syy > 0 else { return nil }
        let sxy = WideInteger.centredCrossProduct(n: n, sumXY: pairCross(i, j), sumX: sumI, sumY: sumJ)
        let r = sxy / (sxx.squareRoot() * syy.squareRoot())
        return (min(1, max(-1, r)), n)
    }

    /// Rows where both i and j are answered.
    func pairCount(_ i: Int, _ j: Int) -> Int {
        storage[pairCountOffset + min(i, j) * k + max(i, j)]
    }

    /// Σ xᵢxⱼ over rows where both are answered.
    func pairCross(_ i: Int, _ j: Int) -> Int {
        storage[pairCrossOffset + min(i, j) * k + max(i, j)]
    }
}
