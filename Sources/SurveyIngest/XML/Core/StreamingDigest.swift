import Dispatch
import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SHA-256 of one or more files, computed on another thread while the caller parses them.
///
/// The provenance hash (`inputs[].sha256`) needs every byte of the input, and a streaming reader
/// must not hold the file in memory; hashing on a second core costs no wall time.
final class StreamingDigest: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var digest = ""

    /// Starts hashing the concatenated bytes of `paths`; unreadable files add nothing (the
    /// reader reports them).
    init(paths: [String]) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var hasher = SHA256Hasher()
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            for path in paths {
                guard let file = fopen(path, "rb") else { continue }
                while true {
                    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
                    if n == 0 { break }
                    buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                }
                fclose(file)
            }
            digest = hasher.finalizeHex()
            done.signal()
        }
    }

    /// Waits for the hash: lowercase hexadecimal.
    func wait() -> String {
        done.wait()
        done.signal()
        return digest
    }
}
