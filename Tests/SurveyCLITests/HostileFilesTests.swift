import Foundation
import SurveyTestSupport
import Testing

/// Hostile instrument, run-configuration and improvement-actions files: YAML that is broken,
/// nested without end, an alias bomb, not UTF-8, a device; and files that parse but break a rule.
/// Each is refused with its exact message and exit code before anything is written; a run that
/// worked before is left exactly as it was.
@Suite struct HostileFilesTests {
    static let T = HostileText.self
    static var good: String { T.csv([]) }
    static var miniText: String { (try? String(contentsOfFile: Fixture.instrument, encoding: .utf8)) ?? "" }

    static let instruments: [HostileCase] = [
        HostileCase(
            "instrument: a YAML syntax error", files: ["i.yaml": "instrument: x\ntitle: [a, b\n", "data.csv": good],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 8)")),
        HostileCase(
            "instrument: nested 100,000 deep", files: ["i.yaml": "instrument: x\ntitle: " + T.run("[", 100_000) + T.run("]", 100_000) + "\n", "data.csv": good],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:2:9: error: invalid YAML: Maximum nesting level reached, set with yaml_set_max_nest_level()) (while parsing at line 2, column 9)")),
        HostileCase(
            "instrument: an alias bomb (a billion laughs in YAML)",
            files: ["i.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1..<20).map { "b\($0): &b\($0) [" + Array(repeating: $0 == 1 ? "*a" : "*b\($0 - 1)", count: 10).joined(separator: ", ") + "]" }.joined(separator: "\n") + "\n", "data.csv": good],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:1:1: error: the instrument file expands to more than 200000 YAML nodes (aliases?)")),
        HostileCase(
            "instrument: not UTF-8", files: ["i.yaml": [0xFF, 0xFE, 0x69, 0x00], "data.csv": Array(good.utf8)],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:1:1: error: the instrument file is not valid UTF-8; save it as UTF-8")),
        HostileCase(
            "instrument: empty", files: ["i.yaml": "", "data.csv": good],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:1:1: error: empty instrument file; expected a mapping with keys instrument, title, groups, scales, items")),
        HostileCase(
            "instrument: a device", files: ["data.csv": good],
            ["analyze", "--instrument", "/dev/zero", "--output", "out", "data.csv"],
            .refused(66, "/dev/zero: error: cannot read instrument: it is a device, not a file")),
        HostileCase(
            "instrument: a device, to validate", files: [String: String](), ["validate", "--instrument", "/dev/urandom"],
            .refused(66, "/dev/urandom: error: cannot read instrument: it is a device, not a file")),
        HostileCase(
            "instrument: a duplicate key", files: ["i.yaml": miniText.replacingOccurrences(of: "instrument: mini\n", with: "instrument: mini\ninstrument: again\n"), "data.csv": good],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:2:1: error: duplicate key \"instrument\" at the top level (first at line 1, column 1)")),
        HostileCase(
            "instrument: a scale of a hundred million codes", files: ["i.yaml": miniText.replacingOccurrences(of: "values: 0..10", with: "values: 0..99999999"), "data.csv": good],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:15:13: error: scale codes must lie within -1000...1000, found \"0..99999999\"")),
        HostileCase(
            "instrument: a minimum-n beyond Int", files: ["i.yaml": miniText.replacingOccurrences(of: "minimum-n: 3", with: "minimum-n: 99999999999999999999999"), "data.csv": good],
            ["analyze", "--instrument", "i.yaml", "--output", "out", "data.csv"],
            .refused(65, "i.yaml:30:14: error: expected an integer >= 1 for \"minimum-n\", found \"99999999999999999999999\"")),
    ]

    @Test(arguments: instruments) func instrumentFile(_ hostile: HostileCase) throws { try hostile.check() }

    static func config(_ body: String) -> String {
        "database: var/history.sqlite\noutput: var/reports\ninstruments:\n" + body
    }

    static let configurations: [HostileCase] = [
        HostileCase(
            "run configuration: not a mapping", files: ["n.yaml": "[a, b]\n"], ["run", "--config", "n.yaml"],
            .refused(65, "error [config] n.yaml:1:1: error: the run configuration must be a mapping with database, output, formats and instruments")),
        HostileCase(
            "run configuration: a YAML syntax error stays on one located line",
            files: ["n.yaml": "database: var/h.sqlite\noutput: var/out\ninstruments: [\n"], ["run", "--config", "n.yaml"],
            .refused(65, "error [config] n.yaml:4:1: error: invalid YAML: did not find expected node content (while parsing a flow node at line 4, column 1)")),
        HostileCase(
            "run configuration: an alias to nowhere", files: ["n.yaml": "database: &a [*a]\n"], ["run", "--config", "n.yaml"],
            .refused(65, "error [config] n.yaml:1:15: error: invalid YAML: found undefined alias")),
        HostileCase(
            "run configuration: two documents", files: ["n.yaml": "database: a\n---\ndatabase: b\n"], ["run", "--config", "n.yaml"],
            .refused(65, "error [config] n.yaml:2:1: error: the run configuration holds more than one YAML document; expected one")),
        HostileCase(
            "run configuration: a list where a text belongs",
            files: ["n.yaml": config("  - instrument: \(Fixture.instrument)\n    inputs: [\"data.csv\"]\n    wave: [1, 2]\n"), "data.csv": good],
            ["run", "--config", "n.yaml"],
            .refused(65, "error [config] n.yaml:6:11: error: wave must be a non-empty text")),
        HostileCase(
            "run configuration: an entry without instrument",
            files: ["n.yaml": config("  - inputs: [\"data.csv\"]\n"), "data.csv": good], ["run", "--config", "n.yaml"],
            .refused(65, "error [config] n.yaml:4:5: error: this instruments entry names no `instrument:`")),
        HostileCase(
            "run configuration: formats not a list",
            files: ["n.yaml": "database: var/h.sqlite\nformats: text\ninstruments: []\n"], ["run", "--config", "n.yaml"],
            .refused(65, "error [config] n.yaml:2:10: error: formats must be a list")),
        HostileCase(
            "run configuration: a device", files: [String: String](), ["run", "--config", "/dev/zero"],
            .refused(66, "error [config] /dev/zero: error: cannot read configuration: it is a device, not a file")),
        HostileCase(
            "run configuration: missing", files: [String: String](), ["run", "--config", "nightly.yaml"],
            .refused(66, "error [config] nightly.yaml: error: cannot open input: No such file or directory")),
        HostileCase(
            "run: --max-field-bytes must be positive", files: ["n.yaml": config("  - { instrument: \(Fixture.instrument), inputs: [data.csv] }\n"), "data.csv": good],
            ["run", "--config", "n.yaml", "--max-field-bytes=-3"],
            .refused(64, "Error: --max-field-bytes must be at least 1, not -3.")),
    ]

    @Test(arguments: configurations) func runConfiguration(_ hostile: HostileCase) throws { try hostile.check() }

    static func action(_ lines: String) -> String {
        "actions:\n  - id: A1\n    title: Feedback within ten days\n    owner: Head of Teaching\n" + lines
    }

    static let actions: [HostileCase] = [
        HostileCase(
            "actions: an unknown key", files: ["a.yaml": action("    opened: \"2025\"\n    due: 2026-06-30\n    status: in-progress\n    kpi: teach\n    expected-change: 5\n    colour: red\n"), "data.csv": good],
            ["analyze", "--instrument", T.mini, "--format", "markdown", "--actions", "a.yaml", "--output", "out", "data.csv"],
            .refused(65, "a.yaml:10:5: error: unknown key \"colour\" in action \"A1\"; expected one of: id, title, owner, opened, due, status, instrument, kpi, item, dimension, group, measure, expected-change, notes")),
        HostileCase(
            "actions: an unknown KPI", files: ["a.yaml": action("    opened: \"2025\"\n    due: 2026-06-30\n    status: in-progress\n    kpi: nope\n    expected-change: 5\n"), "data.csv": good],
            ["analyze", "--instrument", T.mini, "--format", "html", "--actions", "a.yaml", "--output", "out", "data.csv"],
            .refused(65, "a.yaml:8:10: error: action \"A1\" names unknown KPI \"nope\"; declared KPIs: teach, nps (did you mean \"nps\"?)")),
        HostileCase(
            "actions: a wave the instrument does not know", files: ["a.yaml": action("    opened: \"1999\"\n    due: 2026-06-30\n    status: in-progress\n    kpi: teach\n    expected-change: 5\n"), "data.csv": good],
            ["analyze", "--instrument", T.mini, "--format", "markdown", "--actions", "a.yaml", "--output", "out", "data.csv"],
            .refused(65, "a.yaml:5:13: error: action \"A1\" names unknown wave \"1999\"; declared waves: 2025, 2026")),
        HostileCase(
            "actions: a YAML syntax error", files: ["a.yaml": "actions: [\n", "data.csv": good],
            ["analyze", "--instrument", T.mini, "--format", "markdown", "--actions", "a.yaml", "--output", "out", "data.csv"],
            .refused(65, "a.yaml:2:1: error: invalid YAML: did not find expected node content (while parsing a flow node at line 2, column 1)")),
        HostileCase(
            "actions: a device", files: ["data.csv": good],
            ["analyze", "--instrument", T.mini, "--format", "markdown", "--actions", "/dev/zero", "--output", "out", "data.csv"],
            .refused(66, "/dev/zero: error: cannot read actions file: it is a device, not a file")),
        HostileCase(
            "actions: missing", files: ["data.csv": good],
            ["analyze", "--instrument", T.mini, "--format", "markdown", "--actions", "missing.yaml", "--output", "out", "data.csv"],
            .refused(66, "missing.yaml: error: cannot read actions file: no such file")),
    ]

    @Test(arguments: actions) func actionsFile(_ hostile: HostileCase) throws { try hostile.check() }

    /// What breaks between a good run and the next.
    enum Breakage: String, CaseIterable, Sendable {
        case brokenInstrument, unterminatedQuote, hugeHeaderField, inputGone, unknownFormat
    }

    /// A run that worked, then a hostile change: the next run fails with its exact message and
    /// exit code, and leaves the history and every output exactly as they were.
    @Test(arguments: Breakage.allCases)
    func aBrokenRunLeavesThePreviousOneIntact(_ breakage: Breakage) throws {
        let sandbox = try RunSandbox(instrument: "mini.yaml", inputs: ["data/*.csv"])
        defer { sandbox.dir.remove() }
        try sandbox.dir.write("mini.yaml", Self.miniText)
        try FileManager.default.createDirectory(atPath: sandbox.dir.path("data"), withIntermediateDirectories: true)
        try sandbox.dir.write("data/wave.csv", Self.good)
        let first = try sandbox.run()
        try #require(first.status == 0, "\(first.stderr)")
        let outputs = try sandbox.outputs()
        let history = try sandbox.sql("SELECT * FROM result ORDER BY 1, 2, 3, 4, 5, 6, 7")
        let database = try Data(contentsOf: URL(fileURLWithPath: sandbox.database))

        let expected: (Int32, String)
        let c = sandbox.config
        switch breakage {
        case .brokenInstrument:
            try sandbox.dir.write("mini.yaml", Self.miniText.replacingOccurrences(of: "minimum-n: 3", with: "minimum-n: none"))
            expected = (65, "error [inputs] mini.yaml:30:14: error: expected an integer >= 1 for \"minimum-n\", found \"none\"")
        case .unterminatedQuote:
            try sandbox.dir.write("data/wave.csv", Self.good + "R9,staff,2025,\"North")
            expected = (65, "error [read] data/wave.csv:5:15: error: unterminated quoted field (opened here); expected a closing \"")
        case .hugeHeaderField:
            try sandbox.dir.write("data/wave.csv", "respondent,group,wave,\"" + HostileText.run("c", 2 << 20) + "\",Q1,Q2,Q3,REC\n" + HostileText.good[0] + "\n")
            expected = (65, "error [read] data/wave.csv:1:23: error: header field 4 is 2097154 bytes, more than the limit of 1048576 (--max-field-bytes); expected column names")
        case .inputGone:
            try FileManager.default.removeItem(atPath: sandbox.dir.path("data/wave.csv"))
            expected = (66, "error [inputs] \(c):5:5: error: no input file matches \"data/*.csv\"")
        case .unknownFormat:
            try sandbox.writeConfig("database: var/history.sqlite\noutput: var/reports\nformats: [text, json, csv, prometheus]\ninstruments:\n  - { instrument: mini.yaml, inputs: [\"data/*.csv\"], input-format: spss }")
            expected = (64, "error [read] error: unknown input format \"spss\"; expected one of limesurvey-csv, qualtrics-csv, surveymonkey-csv, googleforms-csv, msforms-csv, limesurvey-xml, triple-s, xml, csv")
        }
        // A changed input-format alone is not a changed input: --force reads again.
        let broken = try sandbox.run(breakage == .unknownFormat ? ["--force"] : [])
        #expect(broken.status == expected.0, "\(broken.stderr)")
        #expect(logLines(broken.stderr).last == expected.1, "\(broken.stderr)")
        #expect(try sandbox.outputs() == outputs, "the outputs changed")
        #expect(try sandbox.sql("SELECT * FROM result ORDER BY 1, 2, 3, 4, 5, 6, 7") == history, "the history changed")
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.database)) == database, "the database file changed")
        #expect(try sandbox.sql("PRAGMA integrity_check") == ["ok"])
    }
}
