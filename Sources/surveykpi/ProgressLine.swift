import Foundation
import SurveyModel

/// The progress line of SPEC §9: long work (more than about a second) shows how far it has got
/// on stderr, when stderr is a terminal. It is redrawn in place (`\r` and erase-line) every
/// tenth of a second from ``ReadProgress`` and erased when the work ends, so nothing of it is left
/// above the job's own messages (which it prints after the work); a pipe or file never receives
/// it, nor does a run with the benchmarks' `SURVEYKPI_TIMINGS`. `SURVEYKPI_PROGRESS_AFTER`
/// (milliseconds, default 1000) sets when it first appears.
final class ProgressLine: @unchecked Sendable {
    private let start = DispatchTime.now()
    private let delay: UInt64
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopping = false
    private var shown = false

    private init(delayMilliseconds: UInt64) { delay = delayMilliseconds * 1_000_000 }

    /// Runs `body` with a progress line when stderr is a terminal.
    static func around<T>(_ body: () throws -> T) rethrows -> T {
        // The benchmarks' stage timings (SURVEYKPI_TIMINGS) write to stderr during the work.
        guard isatty(STDERR_FILENO) != 0, ProcessInfo.processInfo.environment["SURVEYKPI_TIMINGS"] == nil else { return try body() }
        let after = ProcessInfo.processInfo.environment["SURVEYKPI_PROGRESS_AFTER"].flatMap(UInt64.init) ?? 1000
        let line = ProgressLine(delayMilliseconds: after)
        let thread = Thread { line.loop() }
        thread.start()
        defer { line.stop() }
        return try body()
    }

    private func loop() {
        defer { finished.signal() }
        while !locked({ stopping }) {
            let elapsed = DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds
            if elapsed >= delay {
                locked {
                    guard !stopping else { return }
                    write("\r\u{1B}[K" + Self.describe(ReadProgress.shared.snapshot, seconds: Double(elapsed) / 1e9))
                    shown = true
                }
            }
            usleep(100_000)
        }
    }

    private func stop() {
        locked { stopping = true }
        finished.wait()
        if shown { write("\r\u{1B}[K") }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `surveykpi: reading · 45% of 112.0 MB · 3.1 s`.
    static func describe(_ p: ReadProgress.Snapshot, seconds: Double) -> String {
        var parts = ["surveykpi: " + (p.stage.isEmpty ? "working" : p.stage)]
        if p.total > 0 {
            let percent = min(100, Int(Double(p.done) * 100 / Double(p.total)))
            parts.append("\(percent)% of " + String(format: "%.1f MB", Double(p.total) / 1e6))
        }
        parts.append(String(format: "%.1f s", seconds))
        return parts.joined(separator: " · ")
    }
}
