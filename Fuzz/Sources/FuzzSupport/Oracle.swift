@_exported import SurveyIngest
@_exported import SurveyModel
#if canImport(Glibc)
import Glibc
#endif

/// What every reader must do with any input, checked after each fuzz execution. A violation
/// stops the process with the reason on stderr, which libFuzzer reports as a crash and saves
/// the input for.
public enum Oracle {
    /// Stops the fuzzer: `message` names the broken rule.
    public static func fail(_ message: String) -> Never {
        let line = Array("ORACLE: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        abort()
    }

    /// A thrown error must be one the user can act on: not an internal error, located at a real
    /// line and column when located, on one line (a file must not be able to forge log lines).
    public static func check(_ error: SurveyError, allowed: Set<SurveyError.Kind> = [.dataError]) {
        if !allowed.contains(error.kind) { fail("unexpected \(error.kind) error: \(error)") }
        if let location = error.location, location.line < 1 || location.column < 1 {
            fail("error location below 1: \(error)")
        }
        checkOneLine(error.description, what: "error")
    }

    /// Accounting and invariants of a read: `read = accepted + rejected`, rejects and diagnostics
    /// located, table rows and accepted in step.
    public static func check(_ result: ReadResult, instrument: Instrument) {
        let s = result.summary
        if s.read != s.accepted + s.rejected { fail("read \(s.read) != accepted \(s.accepted) + rejected \(s.rejected)") }
        if s.rejected != result.rejects.count { fail("rejected \(s.rejected) but \(result.rejects.count) rejects") }
        if s.accepted != result.table.rowCount { fail("accepted \(s.accepted) but \(result.table.rowCount) rows") }
        if s.invalidAnswers < 0 { fail("negative invalid answers") }
        for reject in result.rejects {
            if reject.line < 1 { fail("reject at line \(reject.line): \(reject)") }
            if reject.reason.isEmpty || reject.reason.contains(where: { $0 == " " || $0 == "\n" }) {
                fail("bad reject reason \(reject.reason.debugDescription)")
            }
            checkOneLine(reject.detail, what: "reject detail")
        }
        for diagnostic in result.diagnostics {
            if let location = diagnostic.location, location.line < 1 || location.column < 1 {
                fail("diagnostic location below 1: \(diagnostic)")
            }
            checkOneLine(diagnostic.description, what: "diagnostic")
        }
        let table = result.table
        if table.groups.count != table.rowCount || table.waves.count != table.rowCount {
            fail("table columns of unequal length")
        }
        if table.codes.count != table.rowCount * table.itemCount { fail("answer codes of the wrong length") }
        for g in table.groups where Int(g) >= instrument.groups.count { fail("group code \(g) out of range") }
        for w in table.waves where Int(w) >= table.waveLabels.count { fail("wave code \(w) out of range") }
    }

    /// A message printed to a terminal or a log must stay on its line.
    public static func checkOneLine(_ text: String, what: String) {
        if text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            fail("\(what) spans lines: \(text.debugDescription)")
        }
    }
}
