import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// The path of a fixture under `Fixtures/instruments/`.
private func instrumentFixture(_ name: String) throws -> String {
    let resources = try #require(Bundle.module.resourceURL)
    return resources.appendingPathComponent("Fixtures/instruments/\(name)").path
}

/// The error `parse` throws for some YAML, as `line:column: error: message` after the path.
private func parseError(_ yaml: String, path: String = "x.yaml") -> String? {
    do {
        _ = try InstrumentLoader.parse(yaml: yaml, path: path)
        return nil
    } catch {
        #expect(error.kind == .dataError)
        return error.description
    }
}

/// A hostile fixture and the exact error `load` must report.
private struct HostileInstrument: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var column: Int
    var message: String
    var testDescription: String { file }
}

@Suite struct InstrumentLoaderTests {
    fileprivate static let hostile: [HostileInstrument] = [
        .init(
            file: "unknown-top-level-key.yaml", line: 11, column: 1,
            message: "unknown key \"outcomes\" at the top level; expected one of: instrument, title, version, waves, "
                + "groups, scales, dimensions, items, outcome, kpis, columns, reporting, weighting (did you mean \"outcome\"?)"),
        .init(
            file: "misspelt-nested-key.yaml", line: 4, column: 14,
            message: "unknown key \"titel\" in group \"learner\"; expected one of: title, role, values, population "
                + "(did you mean \"title\"?)"),
        .init(
            file: "missing-scale.yaml", line: 11, column: 55,
            message: "item \"T2\" names unknown scale \"agree\"; declared scales: agree5 (did you mean \"agree5\"?)"),
        .init(
            file: "favourable-outside-scale.yaml", line: 8, column: 24,
            message: "favourable code 6 is outside scale \"agree5\" (1..5)"),
        .init(
            file: "duplicate-item-id.yaml", line: 12, column: 11,
            message: "duplicate item id \"T1\" (first at line 10, column 11)"),
        .init(
            file: "kpi-unknown-item.yaml", line: 12, column: 70,
            message: "KPI \"clarity\" names unknown item \"T7\"; declared items: T1 (did you mean \"T1\"?)"),
        .init(
            file: "dimension-mixing-scales.yaml", line: 14, column: 59,
            message: "item \"T2\" is on scale \"often4\" but dimension \"teaching\" uses scale \"agree5\" "
                + "(from item \"T1\"); all items of a dimension share a scale"),
        .init(
            file: "bad-id-characters.yaml", line: 5, column: 3,
            message: "invalid group id \"year 7\"; ids use only letters, digits, \"_\", \"-\" and \".\""),
        .init(
            file: "yaml-syntax-error.yaml", line: 5, column: 7,
            message: "invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 4, "
                + "column 12)"),
        .init(
            file: "tab-indentation.yaml", line: 5, column: 1,
            message: "invalid YAML: found character that cannot start any token (while scanning for the next "
                + "token at line 5, column 1)"),
        .init(
            file: "wrong-type-target.yaml", line: 16, column: 13,
            message: "expected a number for \"target\", found \"high\""),
        .init(
            file: "nps-not-0-10.yaml", line: 7, column: 13,
            message: "an nps scale must have values 0..10, found 1..10"),
        .init(
            file: "empty.yaml", line: 1, column: 1,
            message: "empty instrument file; expected a mapping with keys instrument, title, groups, scales, items"),
        .init(
            file: "duplicate-mapping-key.yaml", line: 7, column: 5,
            message: "duplicate key \"title\" in group \"learner\" (first at line 5, column 5)"),
        .init(
            file: "missing-required-key.yaml", line: 11, column: 5,
            message: "missing required key \"text\" in item \"T2\""),
        .init(
            file: "column-two-roles.yaml", line: 13, column: 23,
            message: "column \"campus\" is used for both segment and comment"),
        .init(
            file: "threshold-wrong-side.yaml", line: 12, column: 98,
            message: "threshold 0.8 is above target 0.7; with direction higher the threshold must not exceed the "
                + "target"),
        .init(
            file: "not-a-mapping.yaml", line: 1, column: 1,
            message: "expected a mapping at the top level of the instrument file, found a list"),
    ]

    @Test(arguments: hostile)
    fileprivate func hostileFixtureFailsAtItsLocation(_ hostile: HostileInstrument) throws {
        let path = try instrumentFixture(hostile.file)
        let error = #expect(throws: SurveyError.self) { try InstrumentLoader.load(path: path) }
        #expect(error?.kind == .dataError)
        #expect(error?.location == InputLocation(path: path, line: hostile.line, column: hostile.column))
        #expect(error?.description == "\(path):\(hostile.line):\(hostile.column): error: \(hostile.message)")
        #expect(error?.exitCode == 65)
    }

    @Test func hostileFixturesReportOneProblemEach() throws {
        for hostile in Self.hostile {
            let path = try instrumentFixture(hostile.file)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let result = InstrumentLoader.check(yaml: text, path: hostile.file)
            #expect(result.instrument == nil)
            #expect(
                result.errors.map(\.description) == ["\(hostile.file):\(hostile.line):\(hostile.column): error: \(hostile.message)"])
        }
    }

    @Test func checkListsEveryProblemInFileOrder() throws {
        let path = try instrumentFixture("many-errors.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let result = InstrumentLoader.check(yaml: text, path: "many-errors.yaml")
        #expect(result.instrument == nil)
        #expect(
            result.errors.map(\.description) == [
                "many-errors.yaml:1:13: error: invalid instrument id \"Mini Survey\"; expected lowercase letters, digits and \"-\"",
                "many-errors.yaml:4:37: error: expected one of learner, beneficiary, staff, other for \"role\", found \"pupil\"",
                "many-errors.yaml:7:13: error: the values of scale \"agree5\" are not contiguous: 3 is missing between 1 and 4",
                "many-errors.yaml:9:40: error: expected a positive number for \"weight\", found \"0\"",
                "many-errors.yaml:10:3: error: dimension \"unused\" has no items",
                "many-errors.yaml:12:99: error: expected true or false for \"reverse\", found \"maybe\"",
                "many-errors.yaml:13:63: error: item \"T2\" names unknown dimension \"teachng\"; declared dimensions: teaching, unused (did you mean \"teaching\"?)",
                "many-errors.yaml:13:81: error: item \"T2\" names unknown group \"learners\"; declared groups: learner (did you mean \"learner\"?)",
                "many-errors.yaml:15:14: error: expected an integer >= 1 for \"minimum-n\", found \"0\"",
                "many-errors.yaml:16:15: error: expected a number between 0 and 1 (exclusive) for \"confidence\", found \"95\"",
            ])
        // `parse` throws the first of them.
        #expect(parseError(text, path: "many-errors.yaml") == result.errors.first?.description)
    }

    @Test func missingFileIsNoInput() {
        let error = #expect(throws: SurveyError.self) {
            try InstrumentLoader.load(path: "/nonexistent/instrument.yaml")
        }
        #expect(error?.kind == .noInput)
        #expect(error?.location == nil)
        #expect(error?.description == "/nonexistent/instrument.yaml: error: cannot read instrument: no such file")
    }

    @Test func directoryIsNoInput() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let error = #expect(throws: SurveyError.self) { try InstrumentLoader.load(path: directory) }
        #expect(error?.kind == .noInput)
        #expect(error?.message == "cannot read instrument: it is a directory")
    }

    @Test func invalidUTF8IsADataErrorAtItsPlace() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("instrument-\(UUID()).yaml")
        try Data("instrument: mini\ntitle: Caf\u{E9}\n".utf8.map { $0 } + [0xE9, 0x0A]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: SurveyError.self) { try InstrumentLoader.load(path: url.path) }
        #expect(error?.description == "\(url.path):3:1: error: the instrument file is not valid UTF-8; save it as UTF-8")
    }
}

// MARK: - Valid instruments

extension InstrumentLoaderTests {
    @Suite struct ValidInstruments {
        @Test func specExampleParsesEveryField() throws {
            let path = try instrumentFixture("spec-example.yaml")
            let instrument = try InstrumentLoader.load(path: path)
            #expect(instrument.id == "learner-experience")
            #expect(instrument.title == "Learner Experience Survey")
            #expect(instrument.version == "2026.1")
            #expect(instrument.waves == ["2024", "2025", "2026"])
            #expect(
                instrument.groups == [
                    Group(id: "learner", title: "Learners", role: .learner, population: ["2025": 1180, "2026": 1214]),
                    Group(id: "parent", title: "Parents and guardians", role: .beneficiary, values: ["P", "Parent"]),
                    Group(id: "staff", title: "Staff", role: .staff),
                ])
            #expect(
                instrument.scales == [
                    Scale(
                        id: "agree5", lower: 1, upper: 5,
                        labels: [1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree"],
                        favourable: [4, 5], unfavourable: [1, 2],
                        missing: [
                            .init(code: "9", reason: "Not applicable"), .init(code: "N/A", reason: "Not applicable"),
                            .init(code: "Don't know", reason: "Don't know"),
                        ],
                        labelsInData: true),
                    Scale(id: "recommend", lower: 0, upper: 10, kind: .nps),
                ])
            #expect(instrument.scales[0].missingReasons == ["Not applicable", "Don't know"])
            #expect(
                instrument.dimensions == [
                    Dimension(id: "teaching", title: "Teaching and learning", weight: 2),
                    Dimension(id: "support", title: "Support and resources"),
                ])
            #expect(
                instrument.items == [
                    Item(id: "T1", text: "Teachers explain things clearly", scale: "agree5", dimension: "teaching"),
                    Item(id: "T2", text: "I get useful feedback on my work", scale: "agree5", dimension: "teaching"),
                    Item(id: "S3", text: "My workload is too heavy", scale: "agree5", dimension: "support", reverse: true),
                    Item(id: "OVERALL", text: "Overall I am satisfied with the quality of my course", scale: "agree5"),
                    Item(id: "REC", text: "How likely are you to recommend us to a friend?", scale: "recommend"),
                    Item(
                        id: "W1", text: "I have the resources I need to do my job well", scale: "agree5",
                        dimension: "support", groups: ["staff"]),
                ])
            #expect(instrument.outcome == "OVERALL")
            #expect(
                instrument.kpis == [
                    KPI(
                        id: "learner-si", title: "Learner satisfaction index", groups: ["learner"], measure: .index,
                        target: 75, threshold: 70),
                    KPI(
                        id: "feedback", title: "Useful feedback (% agree)", measure: .favourable, item: "T2", target: 0.8,
                        threshold: 0.7),
                    KPI(id: "nps", title: "Net Promoter Score", measure: .nps, item: "REC", target: 20, threshold: 0),
                ])
            #expect(
                instrument.columns
                    == ColumnMapping(segments: ["campus", "programme"], items: ["T1": "Q1_1", "T2": "Q1_2"]))
            #expect(instrument.reporting == ReportingOptions())
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(instrument.sha256 == SHA256.hex(bytes))
        }

        @Test func minimalInstrumentTakesTheDefaults() throws {
            let instrument = try InstrumentLoader.load(path: try instrumentFixture("minimal.yaml"))
            #expect(instrument.version == nil)
            #expect(instrument.waves == nil)
            #expect(instrument.groups == [Group(id: "everyone", title: "Everyone")])
            #expect(instrument.scales == [Scale(id: "five", lower: 1, upper: 5)])
            #expect(instrument.dimensions.isEmpty)
            #expect(instrument.items == [Item(id: "Q1", text: "How satisfied are you?", scale: "five")])
            #expect(instrument.outcome == nil)
            #expect(instrument.kpis.isEmpty)
            #expect(instrument.columns == ColumnMapping())
            #expect(instrument.reporting == ReportingOptions())
        }

        @Test func blockStyleInstrumentWithWaveFromAndLowerKPIs() throws {
            let instrument = try InstrumentLoader.load(path: try instrumentFixture("staff-climate.yaml"))
            #expect(instrument.version == "3")
            #expect(instrument.waves == ["2024/25", "2025/26"])
            #expect(instrument.groups.map(\.values) == [["T", "1"], ["S", "2"]])
            #expect(instrument.groups[1].population == ["2025/26": 61])
            let bipolar = instrument.scales[0]
            #expect((bipolar.lower, bipolar.upper) == (-2, 2))
            #expect(bipolar.labels[-2] == "Much worse")
            #expect(bipolar.unfavourable == [-2, -1])
            #expect(bipolar.missing == [.init(code: "-9", reason: "Refused"), .init(code: "DK", reason: "Don't know")])
            #expect(instrument.dimensions == [Dimension(id: "change", title: "Change over the year", weight: 1.5), Dimension(id: "strain", title: "Strain")])
            #expect(instrument.items.map(\.id) == ["ch.1", "ch.2", "st_1", "st-2"])
            #expect(instrument.items[1].reverse)
            #expect(instrument.items[2].groups == ["teaching"])
            #expect(
                instrument.kpis[0]
                    == KPI(
                        id: "strain-rate", title: "Staff often exhausted (%)", groups: ["teaching"], measure: .unfavourable,
                        item: "st_1", target: 0.25, threshold: 0.35, direction: .lower))
            #expect(instrument.kpis[1].dimension == "change")
            #expect(instrument.kpis[2].measure == .responseRate)
            #expect(
                instrument.columns
                    == ColumnMapping(
                        respondent: "ResponseId", group: "Staff type",
                        waveFrom: WaveFrom(column: "StartDate", calendar: .academicYear, startsMonth: 8), weight: "w",
                        segments: ["Site"], duration: "Duration (in seconds)", comments: ["Q99"],
                        items: ["ch.1": "Q1", "ch.2": "Q2"]))
            #expect(
                instrument.reporting
                    == ReportingOptions(
                        minimumN: 5, minimumResponseRate: 0.3, confidence: 0.9, dimensionMinimumAnswered: 1,
                        alphaMissing: .pairwise, driverMinimumN: 20, significance: 0.1))
        }

        @Test func bundledDemoInstrumentIsValid() throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let path = root.appendingPathComponent("Surveys/stakeholder-survey.yaml").path
            let instrument = try InstrumentLoader.load(path: path)
            #expect(instrument.id == "stakeholder-survey")
            #expect(instrument.groups.count == 4)
            #expect(instrument.kpis.count == 9)
        }

        @Test func parseHashesTheTextAndMatchesLoad() throws {
            let path = try instrumentFixture("spec-example.yaml")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let parsed = try InstrumentLoader.parse(yaml: text, path: path)
            #expect(parsed == (try InstrumentLoader.load(path: path)))
            #expect(parsed.sha256 == SHA256.hex(Array(text.utf8)))
            let checked = InstrumentLoader.check(yaml: text, path: path)
            #expect(checked.errors.isEmpty)
            #expect(checked.instrument == parsed)
        }

        @Test func byteOrderMarkIsIgnored() throws {
            let text = "\u{FEFF}instrument: mini\ntitle: T\ngroups: { g: { title: G } }\nscales: { s: { values: 1..3 } }\n"
                + "items: [{ id: Q, text: Q, scale: s }]\n"
            #expect(try InstrumentLoader.parse(yaml: text, path: "bom.yaml").id == "mini")
            #expect(parseError(text + "titel: x\n")?.hasPrefix("x.yaml:6:1: error: unknown key \"titel\"") == true)
        }
    }
}

// MARK: - Rules, one broken at a time

/// An instrument fragment appended to `InstrumentLoaderTests.Rules.base` and the exact error it earns.
private struct RuleCase: CustomTestStringConvertible, Sendable {
    var fragment: String
    var expected: String
    init(_ fragment: String, _ expected: String) {
        self.fragment = fragment
        self.expected = expected
    }
    var testDescription: String { fragment }
}

extension InstrumentLoaderTests {
    @Suite struct Rules {
        /// A valid instrument of 13 lines; fragments start on line 14.
        static let base = """
            instrument: mini
            title: Mini survey
            groups:
              learner: { title: Learners, population: { "2025": 100 } }
              staff: { title: Staff }
            scales:
              agree5: { values: 1..5, favourable: [4, 5] }
              rec: { values: 0..10, kind: nps }
            dimensions:
              d: { title: D }
            items:
              - { id: T1, text: Clear, scale: agree5, dimension: d, groups: [staff] }
              - { id: R, text: Recommend, scale: rec }

            """

        @Test func baseIsValid() throws {
            let instrument = try InstrumentLoader.parse(yaml: Self.base, path: "x.yaml")
            #expect(instrument.items.count == 2)
        }

        fileprivate static let cases: [RuleCase] = [
            .init("kpis:\n  - { id: k, title: K, measure: nps, dimension: d, target: 10 }",
                  "15:49: error: KPI \"k\" with measure nps takes an \"item\", not a \"dimension\""),
            .init("kpis:\n  - { id: k, title: K, measure: nps, item: T1, target: 10 }",
                  "15:44: error: KPI \"k\" with measure nps needs an item on an nps scale; item \"T1\" is on likert scale \"agree5\""),
            .init("kpis:\n  - { id: k, title: K, measure: nps, target: 10 }",
                  "15:33: error: KPI \"k\" with measure nps needs an \"item\" on an nps scale"),
            .init("kpis:\n  - { id: k, title: K, measure: response-rate, dimension: d, target: 0.5 }",
                  "15:59: error: KPI \"k\" with measure response-rate takes neither \"item\" nor \"dimension\""),
            .init("kpis:\n  - { id: k, title: K, group: staff, measure: response-rate, target: 0.5 }",
                  "15:47: error: KPI \"k\" measures response-rate, but no group it covers declares a population"),
            .init("kpis:\n  - { id: k, title: K, measure: unfavourable, item: T1, target: 0.1, direction: lower }",
                  "15:53: error: KPI \"k\" measures unfavourable on scale \"agree5\", which declares no unfavourable codes"),
            .init("kpis:\n  - { id: k, title: K, measure: mean, target: 4 }",
                  "15:33: error: KPI \"k\" with measure mean needs an \"item\" or a \"dimension\""),
            .init("kpis:\n  - { id: k, title: K, measure: mean, item: T1, dimension: d, target: 4 }",
                  "15:49: error: KPI \"k\" has both \"item\" and \"dimension\"; use one"),
            .init("kpis:\n  - { id: k, title: K, group: staff, groups: [staff], measure: index, target: 70 }",
                  "15:38: error: KPI \"k\" has both \"group\" and \"groups\"; use one"),
            .init("kpis:\n  - { id: k, title: K, measure: favourable, item: T1, target: 80 }",
                  "15:63: error: target 80 is out of range for measure favourable; expected a share within 0...1"),
            .init("kpis:\n  - { id: k, title: K, measure: mean, item: T1, target: 6 }",
                  "15:57: error: target 6 is out of range for measure mean; expected a mean within 1...5 (scale \"agree5\")"),
            .init("kpis:\n  - { id: k, title: K, measure: index, target: 60, threshold: 50, direction: lower }",
                  "15:63: error: threshold 50 is below target 60; with direction lower the threshold must not be below the target"),
            .init("kpis:\n  - { id: k, title: K, measure: average, target: 1 }",
                  "15:33: error: expected one of index, mean, favourable, unfavourable, nps, response-rate for \"measure\", found \"average\""),
            .init("kpis:\n  - { id: k, title: K, group: learner, measure: mean, item: T1, target: 3 }",
                  "15:61: error: KPI \"k\" is for group \"learner\", but item \"T1\" is asked only of staff"),
            .init("kpis:\n  - { id: k, title: K, group: learner, measure: index, dimension: d, target: 70 }",
                  "15:67: error: KPI \"k\" is for group \"learner\", but no item of dimension \"d\" is asked of it"),
            .init("kpis:\n  - { id: k, title: K, group: parents, measure: index, target: 70 }",
                  "15:31: error: KPI \"k\" names unknown group \"parents\"; declared groups: learner, staff"),
            .init("kpis:\n  - { id: k, title: K, measure: index, target: 70, direction: up }",
                  "15:63: error: expected higher or lower for \"direction\", found \"up\""),
            .init("kpis:\n  - { id: k, title: K, measure: index, target: 70 }\n  - { id: k, title: K2, measure: index, target: 70 }",
                  "16:11: error: duplicate KPI id \"k\" (first at line 15, column 11)"),
            .init("kpis:\n  - { id: k, title: K, measure: nps, item: R, target: 120 }",
                  "15:55: error: target 120 is out of range for measure nps; expected a score within -100...100"),
            .init("outcome: R",
                  "14:10: error: outcome \"R\" is on nps scale \"rec\"; the outcome must be an item on a likert scale"),
            .init("outcome: d",
                  "14:10: error: \"outcome\" names dimension \"d\"; the outcome must be an item"),
            .init("outcome: T9",
                  "14:10: error: \"outcome\" names unknown item \"T9\"; declared items: T1, R (did you mean \"T1\"?)"),
            .init("columns:\n  wave: W\n  wave-from: { column: Date, calendar: academic-year }",
                  "16:3: error: \"columns\" has both \"wave\" and \"wave-from\"; use one"),
            .init("columns:\n  wave-from: { column: Date, calendar: year, starts: 9 }",
                  "15:46: error: \"starts\" applies only to calendar academic-year"),
            .init("columns:\n  wave-from: { column: Date, calendar: academic-year, starts: 13 }",
                  "15:63: error: expected a month 1...12 for \"starts\", found \"13\""),
            .init("columns:\n  wave-from: { column: Date, calendar: year, dates: dmy }",
                  "15:53: error: expected day-first or month-first for \"dates\", found \"dmy\""),
            .init("columns:\n  wave-from: { column: Date, calendar: fiscal }",
                  "15:40: error: expected year or academic-year for \"calendar\", found \"fiscal\""),
            .init("columns:\n  items: { T9: Q9 }",
                  "15:12: error: \"columns.items\" names unknown item \"T9\"; declared items: T1, R (did you mean \"T1\"?)"),
            .init("columns:\n  weight: T1",
                  "15:11: error: column \"T1\" is used for both weight and item \"T1\""),
            .init("columns:\n  items: { T1: Q1, R: Q1 }",
                  "15:23: error: column \"Q1\" is used for both item \"T1\" and item \"R\""),
            .init("columns:\n  respondent: id\n  group: id",
                  "16:10: error: column \"id\" is used for both respondent and group"),
            .init("columns:\n  segments: campus",
                  "15:13: error: expected a list for \"segments\", found \"campus\""),
            .init("columns:\n  duration: [a, b]",
                  "15:13: error: expected a string for \"duration\", found a list"),
            .init("columns:\n  segment: [campus]",
                  "15:3: error: unknown key \"segment\" in \"columns\"; expected one of: respondent, group, wave, wave-from, weight, duration, segments, comments, items, include, overrides (did you mean \"segments\"?)"),
            .init("reporting:\n  minimum-response-rate: 1.5",
                  "15:26: error: expected a number within 0...1 for \"minimum-response-rate\", found \"1.5\""),
            .init("reporting:\n  dimension-minimum-answered: 0",
                  "15:31: error: expected a number greater than 0 and at most 1 for \"dimension-minimum-answered\", found \"0\""),
            .init("reporting:\n  alpha-missing: casewise",
                  "15:18: error: expected listwise or pairwise for \"alpha-missing\", found \"casewise\""),
            .init("reporting:\n  driver-minimum-n: 2",
                  "15:21: error: expected an integer >= 3 for \"driver-minimum-n\", found \"2\""),
            .init("reporting:\n  significance: 1",
                  "15:17: error: expected a number between 0 and 1 (exclusive) for \"significance\", found \"1\""),
            .init("reporting:\n  minimum_n: 5",
                  "15:3: error: unknown key \"minimum_n\" in \"reporting\"; expected one of: minimum-n, minimum-response-rate, confidence, dimension-minimum-answered, alpha-missing, driver-minimum-n, significance (did you mean \"minimum-n\"?)"),
            .init("reporting: 10",
                  "14:12: error: expected a mapping for \"reporting\", found \"10\""),
            .init("waves: [\"2025\", \"2025\"]",
                  "14:17: error: duplicate \"2025\" in \"waves\" (first at line 14, column 9)"),
            .init("waves: 2025",
                  "14:8: error: expected a list for \"waves\", found \"2025\""),
            .init("  - { id: d, text: Same as dimension, scale: agree5 }",
                  "14:11: error: item id \"d\" is also a dimension id; KPIs refer to both by id, so they must differ"),
            .init("  - { id: T 2, text: Bad id, scale: agree5 }",
                  "14:11: error: invalid item id \"T 2\"; ids use only letters, digits, \"_\", \"-\" and \".\""),
            .init("  - { id: T2, text: No groups, scale: agree5, groups: [] }",
                  "14:55: error: item \"T2\" lists no group in \"groups\"; leave \"groups\" out to ask every group"),
            .init("  - { id: T2, text: Twice, scale: agree5, groups: [staff, staff] }",
                  "14:59: error: duplicate \"staff\" in \"groups\" (first at line 14, column 52)"),
            .init("  - { id: T2, text: Reverse, scale: agree5, reverse: 1 }",
                  "14:54: error: expected true or false for \"reverse\", found \"1\""),
            .init("  - { id: T2, text: Nested, scale: { values: 1..5 } }",
                  "14:36: error: expected a string for \"scale\", found a mapping"),
            .init("  - { id: T2, text: Typo, scale: agree5, dimention: d }",
                  "14:42: error: unknown key \"dimention\" in item \"T2\"; expected one of: id, text, scale, dimension, reverse, groups (did you mean \"dimension\"?)"),
            .init("  - T2",
                  "14:5: error: expected a mapping for item 3, found \"T2\""),
            .init("  - { id: T2, text: Title, scale: agree5, title: extra }",
                  "14:43: error: unknown key \"title\" in item \"T2\"; expected one of: id, text, scale, dimension, reverse, groups"),
        ]

        @Test(arguments: cases)
        fileprivate func brokenRuleIsReported(_ rule: RuleCase) {
            let yaml = Self.base + rule.fragment + "\n"
            #expect(parseError(yaml) == "x.yaml:" + rule.expected)
            #expect(InstrumentLoader.check(yaml: yaml, path: "x.yaml").errors.map(\.description) == ["x.yaml:" + rule.expected])
        }
    }
}

// MARK: - Whole documents: scales, groups, top level, YAML

extension InstrumentLoaderTests {
    @Suite struct Documents {
        fileprivate static let cases: [RuleCase] = [
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: Agree, 2: Disagree, 3: Agree }, labels-in-data: true }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:44: error: label \"Agree\" is used for both code 1 and code 3 of scale \"s\"; labels-in-data needs unique labels"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: Agree, 2: Disagree }, labels-in-data: true, missing: { Disagree: x } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:76: error: missing code \"Disagree\" is also a label of scale \"s\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, missing: { \"2\": Skipped } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:33: error: missing code \"2\" collides with valid code 2 of scale \"s\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, missing: { \"\": Skipped } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:33: error: expected a code in the missing codes of scale \"s\", found \"\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, missing: [9] }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:31: error: expected a mapping for the missing codes of scale \"s\", found a list"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, labels-in-data: true }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:38: error: labels-in-data needs labels; give the values of scale \"s\" as a mapping of codes to labels"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 0..10, kind: nps, labels-in-data: maybe }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:50: error: expected true or false for \"labels-in-data\", found \"maybe\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, favourable: [1, 1] }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:38: error: duplicate code 1 in \"favourable\" (first at line 6, column 35)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, favourable: [3], unfavourable: [3] }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:54: error: code 3 is both favourable and unfavourable in scale \"s\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, favourable: [Agree] }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:35: error: expected an integer code for \"favourable\", found \"Agree\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, favourable: 3 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:34: error: expected a list for \"favourable\", found \"3\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: \"3..1\" }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:16: error: invalid range \"3..1\" for \"values\"; expected L < U"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: \"1..x\" }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:16: error: expected a range \"L..U\" or a mapping of codes to labels for \"values\", found \"1..x\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..2000 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:16: error: scale codes must lie within -1000...1000, found \"1..2000\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: [1, 2] }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:16: error: expected a range \"L..U\" or a mapping of codes to labels for \"values\", found a list"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: a } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:16: error: the values of scale \"s\" must span at least two codes"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: a, x: b } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:24: error: expected an integer code in the values of scale \"s\", found \"x\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: a, 2: b, 01: c } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:30: error: duplicate code 1 in the values of scale \"s\" (first at line 6, column 18)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: a, 2: b, 1: c } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:30: error: duplicate key \"1\" in the values of scale \"s\" (first at line 6, column 18)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: a, 2: [b] } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:27: error: expected a string for \"2\", found a list"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: { 1: a, 2: b, 4: d } }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:16: error: the values of scale \"s\" are not contiguous: 3 is missing between 1 and 4"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, kind: Likert }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:28: error: expected likert or nps for \"kind\", found \"Likert\" (did you mean \"likert\"?)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..3, favorable: [3] }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:22: error: unknown key \"favorable\" in scale \"s\"; expected one of: values, favourable, unfavourable, missing, labels-in-data, kind (did you mean \"favourable\"?)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { favourable: [3] }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:6: error: missing required key \"values\" in scale \"s\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: 1..5\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:6: error: expected a mapping for scale \"s\", found \"1..5\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  bad/id: { values: 1..5 }\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "6:3: error: invalid scale id \"bad/id\"; ids use only letters, digits, \"_\", \"-\" and \".\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: L, values: [P] }\n  parent: { title: P, values: [P] }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "5:32: error: group code \"P\" is claimed by both group \"learner\" and group \"parent\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: L, values: [P] }\n  P: { title: P }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "5:3: error: group code \"P\" is claimed by both group \"learner\" and group \"P\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: L, role: pupil }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:30: error: expected one of learner, beneficiary, staff, other for \"role\", found \"pupil\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: L, population: { \"2025\": -1 } }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:46: error: expected a non-negative integer for \"2025\", found \"-1\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: L, population: [100] }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:36: error: expected a mapping for the population of group \"learner\", found a list"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: Learners\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:12: error: expected a mapping for group \"learner\", found \"Learners\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { role: learner }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:12: error: missing required key \"title\" in group \"learner\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: L }\n  learner: { title: L2 }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "5:3: error: duplicate key \"learner\" in \"groups\" (first at line 4, column 3)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: \"\" }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:21: error: expected a non-empty string for \"title\", found \"\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: L, values: P }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:32: error: expected a list for \"values\", found \"P\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\ntitle: Again\n",
                  "9:1: error: duplicate key \"title\" at the top level (first at line 2, column 1)"),
            .init("instrument: mini\n\"title\": Mini survey\ntitle: Again\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "3:1: error: duplicate key \"title\" at the top level (first at line 2, column 1)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners, title: Pupils }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:31: error: duplicate key \"title\" in group \"learner\" (first at line 4, column 14)"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n---\ninstrument: other\n",
                  "9:1: error: the instrument file holds more than one YAML document; expected one"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\nversion: [1]\n",
                  "9:10: error: expected a string for \"version\", found a list"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners, population: { \"2024\": 5 } }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\nwaves: [\"2025\"]\n",
                  "4:45: error: population wave \"2024\" of group \"learner\" is not among the declared waves: 2025"),
            .init("instrument: Mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "1:13: error: invalid instrument id \"Mini\"; expected lowercase letters, digits and \"-\""),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\n",
                  "1:1: error: missing required key \"items\" at the top level"),
            .init("instrument: mini\ntitle: Mini survey\ngroups: {}\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "3:9: error: \"groups\" declares no group; expected at least one"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems: []\n",
                  "7:8: error: \"items\" lists no item; expected at least one"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales: [s]\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "5:9: error: expected a mapping for \"scales\", found a list"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\ndimensions:\n  d: { title: D }\n",
                  "10:3: error: dimension \"d\" has no items"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\ndimensions: [d]\n",
                  "9:13: error: expected a mapping for \"dimensions\", found a list"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Learners }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\noutcome: *x\n",
                  "9:10: error: invalid YAML: found undefined alias"),
            .init("instrument: mini\ntitle: Mini survey\ngroups:\n  learner: { title: Élèves — année, rôle: learner }\nscales:\n  s: { values: 1..5 }\nitems:\n  - { id: T1, text: Clear, scale: s }\n",
                  "4:37: error: unknown key \"rôle\" in group \"learner\"; expected one of: title, role, values, population (did you mean \"role\"?)"),
        ]

        @Test(arguments: cases)
        fileprivate func brokenDocumentIsReported(_ document: RuleCase) {
            #expect(parseError(document.fragment) == "x.yaml:" + document.expected)
        }

        @Test func everyRepeatOfAKeyIsReportedAtTheRepeat() {
            let yaml = """
                instrument: mini
                title: Mini survey
                groups:
                  learner: { title: A, title: B, "title": C }
                scales:
                  s: { values: 1..5 }
                items:
                  - { id: T1, text: Clear, scale: s, text: Again }
                title: Again

                """
            #expect(
                InstrumentLoader.check(yaml: yaml, path: "x.yaml").errors.map(\.description) == [
                    "x.yaml:4:24: error: duplicate key \"title\" in group \"learner\" (first at line 4, column 14)",
                    "x.yaml:4:34: error: duplicate key \"title\" in group \"learner\" (first at line 4, column 14)",
                    "x.yaml:8:38: error: duplicate key \"text\" in item \"T1\" (first at line 8, column 15)",
                    "x.yaml:9:1: error: duplicate key \"title\" at the top level (first at line 2, column 1)",
                ])
        }

        @Test func repeatedKeysAreFoundAcrossCRLFAndNonASCIIText() {
            let yaml = "instrument: mini\r\ntitle: Mini\r\ngroups:\r\n  learner: { title: \u{C9}l\u{E8}ves, title: M }\r\n"
            #expect(
                InstrumentLoader.check(yaml: yaml, path: "x.yaml").errors.map(\.description).contains(
                    "x.yaml:4:29: error: duplicate key \"title\" in group \"learner\" (first at line 4, column 14)"))
        }

        @Test(arguments: ["", "# only a comment\n\n", "---\n...\n", "~\n"])
        func emptyDocumentIsReported(_ yaml: String) {
            #expect(
                parseError(yaml)
                    == "x.yaml:1:1: error: empty instrument file; expected a mapping with keys instrument, title, groups, scales, items")
        }

        @Test func scalarDocumentIsNotAnInstrument() {
            #expect(parseError("hello\n") == "x.yaml:1:1: error: expected a mapping at the top level of the instrument file, found \"hello\"")
        }

        @Test func controlCharacterIsAYAMLError() {
            #expect(parseError("instrument: mini\ntitle: \"bad \u{1} char\"\n") == "x.yaml:2:13: error: invalid YAML: control characters are not allowed")
        }

        @Test func aliasBombIsRefused() {
            var yaml = "a: &a [x, x, x, x, x, x, x, x, x]\n"
            for (name, previous) in zip(["b", "c", "d", "e", "f", "g"], ["a", "b", "c", "d", "e", "f"]) {
                yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            }
            #expect(parseError(yaml) == "x.yaml:1:1: error: the instrument file expands to more than 200000 YAML nodes (aliases?)")
        }
    }
}

// MARK: - SHA-256 and suggestions

extension InstrumentLoaderTests {
    @Suite struct SHA256Digests {
        @Test(arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
        func knownVectors(_ message: String, _ digest: String) {
            #expect(SHA256.hex(Array(message.utf8)) == digest)
        }

        @Test func oneMillionAs() {
            let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
            #expect(SHA256.hex(message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
            #expect(SHA256.hex(message.lazy.map { $0 }) == SHA256.hex(message))
        }

        @Test(arguments: [1, 3, 55, 63, 64, 65, 4096])
        func piecesOfAnySizeGiveTheSameDigest(_ size: Int) {
            let message = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
            var hasher = SHA256Hasher()
            var offset = 0
            while offset < message.count {
                let end = min(offset + size, message.count)
                message[offset..<end].withUnsafeBytes { hasher.update($0) }
                offset = end
            }
            #expect(hasher.finalizeHex() == SHA256.hex(message))
        }

        @Test func paddingBoundaries() {
            // Lengths around the 55/56/64-byte padding edges, against digests from sha256sum.
            let digests = [
                55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
                56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
                64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            ]
            for (length, digest) in digests {
                #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest, "length \(length)")
            }
        }

        @Test func matchesSha256sumOfAFixture() throws {
            let path = try instrumentFixture("spec-example.yaml")
            let tool = URL(fileURLWithPath: "/usr/bin/sha256sum")
            guard FileManager.default.isExecutableFile(atPath: tool.path) else { return }
            let process = Process()
            process.executableURL = tool
            process.arguments = [path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let expected = String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init)
            #expect(try InstrumentLoader.load(path: path).sha256 == expected)
        }
    }
}

extension InstrumentLoaderTests {
    @Suite struct Suggestions {
        @Test func editDistanceCountsTranspositionsOnce() {
            #expect(Suggestion.editDistance("titel", "title") == 1)
            #expect(Suggestion.editDistance("", "abc") == 3)
            #expect(Suggestion.editDistance("favorable", "favourable") == 1)
            #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        }

        @Test func suggestsOnlyCloseCandidates() {
            #expect(Suggestion.closest(to: "Title", among: ["title", "role"]) == "title")
            #expect(Suggestion.closest(to: "xyz", among: ["id", "text"]) == nil)
            #expect(Suggestion.closest(to: "minimum_n", among: ["minimum-n", "driver-minimum-n"]) == "minimum-n")
            #expect(Suggestion.closest(to: "agre", among: ["agree5", "agree"]) == "agree")
        }
    }
}
