import Foundation
import SurveyModel
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that readers see either the old content or the new, never half of it:
/// write to a temporary file in the same directory, flush it to disk, then rename into place.
public enum AtomicFile {
    /// Writes `text` to `path` atomically.
    ///
    /// - Throws: ``SurveyError`` `.cannotCreate` (exit 73) naming the path and the system's reason.
    public static func write(_ text: String, to path: String) throws(SurveyError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure(path) }
        // Test hook for the fault tests where no small tmpfs can be mounted: every write fails
        // as on a full disk, after the temporary file exists (so its clean-up is exercised too).
        var ok = ProcessInfo.processInfo.environment["SURVEYKPI_TEST_DISK_FULL"] == nil
        if !ok { errno = ENOSPC }
        var bytes = ok ? Array(text.utf8) : []
        var offset = 0
        bytes.withUnsafeMutableBytes { buffer in
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { ok = false; break }
                offset += n
            }
        }
        if ok && fsync(fd) != 0 { ok = false }
        let error = errno
        close(fd)
        guard ok else {
            unlink(temporary)
            errno = error
            throw failure(path)
        }
        guard rename(temporary, path) == 0 else {
            let error = failure(path)
            unlink(temporary)
            throw error
        }
        bytes.removeAll()
    }

    /// Creates a directory and its parents.
    public static func makeDirectory(_ path: String) throws(SurveyError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SurveyError(.cannotCreate, path: path, "cannot create output directory: \(error.localizedDescription)")
        }
    }

    private static func failure(_ path: String) -> SurveyError {
        SurveyError(.cannotCreate, path: path, "cannot write output: \(String(cString: strerror(errno)))")
    }
}
