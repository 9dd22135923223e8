import Foundation
import SurveyTestSupport
import Testing

/// SPEC §9: long work shows progress on stderr when it is a terminal, and only then. The binary
/// runs with its stderr on a pseudo-terminal (Python's `pty`), the progress line forced from the
/// start (`SURVEYKPI_PROGRESS_AFTER=0`).
@Suite struct ProgressLineTests {
    static let script = """
        import os, pty, subprocess, sys
        master, slave = pty.openpty()
        env = dict(os.environ, SURVEYKPI_PROGRESS_AFTER="0", NO_COLOR="1")
        p = subprocess.Popen(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.PIPE, stderr=slave, env=env)
        os.close(slave)
        out = p.stdout.read()
        p.wait()
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        sys.stdout.write(str(p.returncode) + "\\n" + err.decode("utf-8", "replace").replace("\\r\\n", "\\n") + "\\n--stdout--\\n" + out.decode())
        """

    @Test func aTerminalSeesTheLineAndThenNothingOfIt() throws {
        let arguments = ["analyze", "--instrument", "Surveys/stakeholder-survey.yaml", "--format", "json",
                         "Datasets/demo/stakeholder-2025.csv", "Datasets/demo/stakeholder-2026.csv"]
        let terminal = try python(Self.script, [ProcessRunner.packageRoot.path, ProcessRunner.executable.path] + arguments)
        #expect(terminal.status == 0, "\(terminal.stderr)")
        let parts = terminal.stdout.components(separatedBy: "\n--stdout--\n")
        try #require(parts.count == 2)
        let lines = parts[0].split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "0")
        let stderr = lines.dropFirst().joined(separator: "\n")
        #expect(stderr.contains("\r\u{1B}[Ksurveykpi: "), "the progress line is drawn: \(stderr.debugDescription)")
        // Erased before the job's own messages: the last thing before them is the erase.
        let erased = try #require(stderr.range(of: "\r\u{1B}[K", options: .backwards))
        #expect(!stderr[erased.upperBound...].contains("surveykpi: "))
        // The report itself is untouched, and a pipe never gets the line.
        let piped = try ProcessRunner.run(arguments)
        #expect(piped.status == 0)
        #expect(parts[1] == piped.stdout)
        #expect(!piped.stderr.contains("\u{1B}[K") && !piped.stderr.contains("surveykpi: reading"))
    }
}
