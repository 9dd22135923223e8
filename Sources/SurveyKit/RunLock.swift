import Foundation
import SurveyModel
#if canImport(Glibc)
import Glibc
#endif

/// The nightly job's lock: a file next to the database holding the owner's process id, locked
/// with `flock(2)`.
///
/// The kernel drops a `flock` when its process dies, however it dies (kill -9 included), so a
/// lock left behind by a crashed run never blocks the next one: the next run gets the lock, sees
/// a pid that is no longer running in the file, and reports that it took a stale lock over. Where
/// `flock` is not supported (some network file systems), the pid alone decides: a live pid holds
/// the lock, a dead one is stale. The file itself is never deleted — deleting a lock file races
/// with a process that has just opened it — only emptied on release.
public final class RunLock {
    /// The lock file.
    public let path: String
    /// The pid found in the file when the lock was taken from a process that had died.
    public let staleOwner: Int32?
    private var descriptor: Int32

    private init(path: String, descriptor: Int32, staleOwner: Int32?) {
        self.path = path
        self.descriptor = descriptor
        self.staleOwner = staleOwner
    }

    /// Takes the lock or fails at once.
    ///
    /// - Throws: ``SurveyError`` `.locked` (exit 75) naming the running owner's pid, or
    ///   `.cannotCreate` (73) when the lock file cannot be opened or written.
    public static func acquire(path: String) throws(SurveyError) -> RunLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SurveyError(.cannotCreate, path: path, "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        let recorded = owner(fd)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            if reason == EWOULDBLOCK || reason == EINTR || isAlive(recorded) && recorded != getpid() {
                // The holder writes its pid just after locking: give it a moment to appear.
                var holder = owner(fd)
                for _ in 0..<20 where holder == nil || holder == recorded && !isAlive(holder) {
                    usleep(5_000)
                    holder = owner(fd)
                }
                close(fd)
                let who = holder.map { "another run (pid \($0))" } ?? "another run"
                throw SurveyError(.locked, path: path, "\(who) holds the lock; not starting a second run")
            }
        }
        let stale = recorded.flatMap { $0 != getpid() && !isAlive($0) ? $0 : nil }
        let text = Array("\(getpid())\n".utf8)
        let written = ftruncate(fd, 0) == 0 && text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } == text.count
        guard written else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw SurveyError(.cannotCreate, path: path, "cannot write the lock file: \(message)")
        }
        return RunLock(path: path, descriptor: fd, staleOwner: stale)
    }

    /// Empties the file and releases the lock. Safe to call twice.
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// The pid written in the lock file, if any.
    static func owner(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Whether a process with this pid exists (`kill(pid, 0)`; EPERM means it exists).
    static func isAlive(_ pid: Int32?) -> Bool {
        guard let pid, pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
