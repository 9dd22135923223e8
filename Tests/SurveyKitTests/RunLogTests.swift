import Logging
import SurveyKit
import Testing

/// The nightly job's text log keeps one event on one line, whatever a wave label, a group value
/// or a path puts in the message (README: line breaks print as `\n`).
@Suite struct RunLogTests {
    @Test func lineBreaksInAMessageStayOnItsLine() {
        let line = RunLogHandler.line(level: .info, message: "waves 2025, 20\n26", metadata: ["step": "read", "path": "a\rb"], format: .text)
        #expect(line == "info [read] waves 2025, 20\\n26 path=a\\rb\n")
        let json = RunLogHandler.line(level: .info, message: "waves 20\n26", metadata: ["step": "read"], format: .json)
        #expect(json.filter { $0 == "\n" }.count == 1 && json.hasSuffix("\n"))
    }
}
