/// Neumaier's compensated summation: the running error of each addition is kept and added back.
///
/// The result is as accurate as summing in twice the precision and rounding once, whatever the
/// order and magnitude of the terms; used for weight totals, where raking compares them with
/// targets to 1e−10.
struct NeumaierSum {
    private var sum = 0.0
    private var compensation = 0.0

    /// An empty sum.
    init() {}

    /// Adds one term.
    @inline(__always)
    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// The compensated total.
    var value: Double { sum + compensation }
}
