import Dispatch

/// A SHA-256 of an input's bytes computed on another core while the main thread parses them:
/// provenance hashing then costs no wall-clock time on a two-core machine.
public final class BackgroundDigest: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var hex = ""

    /// Starts hashing.
    public init(_ bytes: [UInt8]) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.hex = SHA256.hex(bytes)
            self.done.signal()
        }
    }

    /// The lowercase hex digest, waiting for it if needed.
    public func wait() -> String {
        done.wait()
        done.signal()
        return hex
    }
}
