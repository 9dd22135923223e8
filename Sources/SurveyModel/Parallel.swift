import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two pieces of concurrency the readers and the statistics share: how many cores there
/// are, and running a body over contiguous parts of a range.
public enum Parallel {
    /// The number of online cores (at least 1).
    public static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `requested` threads, with 0 resolved to ``onlineCores``.
    public static func threads(_ requested: Int) -> Int { requested > 0 ? requested : onlineCores }

    /// Runs `body(part, range)` over `workers` contiguous parts of `0..<count` (fewer when
    /// `count` is smaller), concurrently when there is more than one part. The parts depend only
    /// on `workers` and `count`, so a caller that merges them in order stays deterministic.
    public static func forEachPart(_ workers: Int, of count: Int, _ body: @Sendable (_ part: Int, _ range: Range<Int>) -> Void) {
        let parts = min(workers, count)
        if parts <= 1 {
            body(0, 0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body(part, (count * part / parts)..<(count * (part + 1) / parts))
        }
    }
}
