/// The eigen decomposition A = V·diag(λ)·Vᵀ of a small real symmetric matrix, by cyclic Jacobi.
///
/// Jacobi rotations are slow for large matrices (O(n³) per sweep) but unconditionally stable
/// and accurate to a few ulp in every eigenvalue, which suits the p ≤ 30 driver matrices of
/// ``Regression/relativeWeights(correlations:outcomeCorrelations:)``.
struct SymmetricEigen {
    /// Eigenvalues, unsorted.
    var values: [Double]
    /// Row-major n×n; column k is the unit eigenvector of `values[k]`.
    var vectors: [Double]

    /// Decomposes a row-major symmetric `size`×`size` matrix (only symmetric input is meaningful).
    ///
    /// - Complexity: O(size³) per sweep; typically 6–10 sweeps.
    init(_ matrix: [Double], size n: Int) {
        var a = matrix
        var v = Array(repeating: 0.0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var offDiagonal = 0.0, diagonal = 0.0
            for i in 0..<n {
                diagonal += a[i * n + i] * a[i * n + i]
                for j in (i + 1)..<n { offDiagonal += a[i * n + j] * a[i * n + j] }
            }
            if offDiagonal <= 1e-34 * diagonal || offDiagonal == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    Self.rotate(&a, &v, n: n, p: p, q: q)
                }
            }
        }
        values = (0..<n).map { a[$0 * n + $0] }
        vectors = v
    }

    /// One Jacobi rotation zeroing a[p][q] (Golub & Van Loan, Algorithm 8.5.2).
    private static func rotate(_ a: inout [Double], _ v: inout [Double], n: Int, p: Int, q: Int) {
        let apq = a[p * n + q]
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        for k in 0..<n {
            let akp = a[k * n + p], akq = a[k * n + q]
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
        }
        for k in 0..<n {
            let apk = a[p * n + k], aqk = a[q * n + k]
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
        }
        for k in 0..<n {
            let vkp = v[k * n + p], vkq = v[k * n + q]
            v[k * n + p] = c * vkp - s * vkq
            v[k * n + q] = s * vkp + c * vkq
        }
    }
}
