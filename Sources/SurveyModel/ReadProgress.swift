#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far a long job has got, for the progress line SPEC §9 asks for on a terminal: the
/// readers add the input bytes they read, the jobs name the stage and its size. Reading it never
/// changes what a job computes, and nothing is printed unless a front end asks.
public final class ReadProgress: @unchecked Sendable {
    /// The one instance the readers report to.
    public static let shared = ReadProgress()

    /// What the front end shows.
    public struct Snapshot: Sendable, Equatable {
        /// The stage (`reading`, `second pass`, `analysing` …).
        public var stage: String
        /// Input bytes read in this stage.
        public var done: Int64
        /// Input bytes the stage reads (0 when it reads none).
        public var total: Int64
    }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state = Snapshot(stage: "", done: 0, total: 0)

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Starts a stage that reads `total` bytes (0 for one that reads none).
    public func begin(_ stage: String, total: Int64 = 0) {
        locked { state = Snapshot(stage: stage, done: 0, total: total) }
    }

    /// Counts bytes read from an input.
    public func add(_ bytes: Int) {
        // Negative: bytes read again from the start (a reader that gave up for another).
        guard bytes != 0 else { return }
        locked { state.done += Int64(bytes) }
    }

    /// The stage and its bytes so far.
    public var snapshot: Snapshot { locked { state } }
}
