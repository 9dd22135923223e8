import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// `columns.overrides` and `columns.include`: validated like the rest of the instrument, applied
/// per input format or file pattern, so that one run reads learners from Qualtrics and staff
/// from LimeSurvey.
@Suite struct FormatsColumnOverrideTests {
    static func yaml(_ overrides: String, extraColumns: String = "") -> String {
        """
        instrument: school
        title: School
        waves: ["2024/25", "2025/26"]
        groups:
          learner: { title: Learners, role: learner }
          staff: { title: Staff, role: staff }
        scales:
          agree5: { values: 1..5, missing: { "-1": No basis for evaluation } }
        items:
          - { id: T1, text: Teaching, scale: agree5 }
          - { id: W1, text: Workplace, scale: agree5, groups: [staff] }
        columns:
          segments: [campus]
        \(extraColumns)
          overrides:
        \(overrides)
        """
    }

    static let mixed = """
            - format: qualtrics-csv
              respondent: ResponseId
              wave-from: { column: EndDate, calendar: academic-year, starts: 9 }
              items: { T1: Q1_1 }
              segments: { campus: Q9 }
              fixed: { group: learner }
              include: [test]
            - { format: limesurvey-csv, files: "staff-*.csv", respondent: id, items: { T1: "T[SQ001]", W1: "W[SQ001]" } }
            - files: "staff-*.csv"
              wave-from: { column: submitdate, calendar: academic-year }
              segments: { campus: null }
              fixed: { group: staff }
        """

    @Test func overridesLoad() throws {
        let instrument = try InstrumentLoader.parse(yaml: Self.yaml(Self.mixed), path: "school.yaml")
        #expect(instrument.columns.overrides.count == 3)
        #expect(instrument.columns.overrides[0].format == "qualtrics-csv")
        #expect(instrument.columns.overrides[0].include == [.test])
        let noCampus: [String: String?] = ["campus": String?.none]
        #expect(instrument.columns.overrides[2].segments == noCampus)
        let staff = EffectiveColumns(instrument.columns, format: "limesurvey-csv", path: "exports/staff-2025.csv")
        #expect(staff.mapping.respondent == "id" && staff.fixedGroup == "staff" && staff.segmentColumns == [nil])
        #expect(staff.mapping.items == ["T1": "T[SQ001]", "W1": "W[SQ001]"])
        #expect(staff.mapping.waveFrom == WaveFrom(column: "submitdate", calendar: .academicYear))
        let other = EffectiveColumns(instrument.columns, format: "limesurvey-csv", path: "learners.csv")
        #expect(other.mapping.respondent == "respondent" && other.fixedGroup == nil && other.segmentColumns == ["campus"])
    }

    @Test func oneRunReadsQualtricsLearnersAndLimeSurveyStaff() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let instrument = try InstrumentLoader.parse(yaml: Self.yaml(Self.mixed), path: "school.yaml")
        let learners = try fixture.file("learners.csv", """
            StartDate,EndDate,Status,Finished,ResponseId,Q1_1,Q9
            Start,End,Type,Done,Id,Teaching,Campus
            "{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""finished""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1_1""}","{""ImportId"":""QID9""}"
            2025-09-02 10:00:00,2025-09-02 10:05:00,0,1,R_1,4,North
            2025-09-02 10:00:00,2025-09-02 10:05:00,2,1,R_2,-1,South

            """)
        let staff = try fixture.file("staff-2025.csv", """
            "id","submitdate","lastpage","startlanguage","T[SQ001]","W[SQ001]"
            "1","2024-10-02 10:14:09","3","en","5","2"

            """)
        let a = try fixture.read(learners, instrument)
        let b = try fixture.read(staff, instrument)
        #expect(a.summary.format == "qualtrics-csv" && b.summary.format == "limesurvey-csv")
        #expect(a.ids == ["R_1", "R_2"] && a.waves == ["2025/26", "2025/26"])
        #expect(a.table.groups == [0, 0] && a.codes(item: 0) == [4, Code.missing(0)])
        #expect(a.codes(item: 1) == [AnswerCode.absent, AnswerCode.absent], "W1 is asked of staff only")
        #expect(a.table.segmentValues == [["North", "South"]])
        #expect(b.ids == ["1"] && b.waves == ["2024/25"] && b.table.groups == [1])
        #expect(b.codes(item: 0) == [5] && b.codes(item: 1) == [2])
        #expect(b.table.segmentCodes == [[ResponseTable.missingSegment]])
    }

    @Test(arguments: [
        ("    - { respondent: id }", "school.yaml:16:7: error: \"columns.overrides\" entry 1 has neither \"format\" nor \"files\"; expected at least one to say which inputs it applies to"),
        ("    - { files: \"*.csv\", respondant: id }", "school.yaml:16:25: error: unknown key \"respondant\" in \"columns.overrides\" entry 1; expected one of: format, files, respondent, group, wave, wave-from, weight, duration, segments, comments, items, include, fixed (did you mean \"respondent\"?)"),
        ("    - { files: \"*.csv\", items: { T9: Q9 } }", "school.yaml:16:34: error: \"items\" of \"columns.overrides\" entry 1 names unknown item \"T9\"; declared items: T1, W1 (did you mean \"T1\"?)"),
        ("    - { files: \"*.csv\", segments: { site: X } }", "school.yaml:16:37: error: \"segments\" of \"columns.overrides\" entry 1 names unknown segment \"site\"; declared segments: campus"),
        ("    - { files: \"*.csv\", include: [tests] }", "school.yaml:16:35: error: unknown response kind \"tests\" in \"include\" of \"columns.overrides\" entry 1; expected one of: unfinished, preview, test, spam (did you mean \"test\"?)"),
        ("    - { files: \"*.csv\", fixed: { group: staf } }", "school.yaml:16:41: error: \"fixed\" of \"columns.overrides\" entry 1 names unknown group \"staf\"; declared groups: learner, staff (did you mean \"staff\"?)"),
        ("    - { files: \"*.csv\", fixed: { wave: \"2030\" } }", "school.yaml:16:40: error: wave \"2030\" in \"fixed\" of \"columns.overrides\" entry 1 is not among the instrument's waves (2024/25, 2025/26)"),
        ("    - { files: \"*.csv\", weight: w }", "school.yaml:16:33: error: \"columns.overrides\" entry 1 names a weight column, but \"columns\" declares none; declare \"weight\" there first"),
        ("    - { files: \"*.csv\", wave: w, wave-from: { column: d, calendar: year } }", "school.yaml:16:34: error: \"columns.overrides\" entry 1 has both \"wave\" and \"wave-from\"; use one"),
    ])
    func badOverridesAreErrorsWithTheirPlace(entry: String, message: String) {
        let errors = InstrumentLoader.check(yaml: Self.yaml(entry), path: "school.yaml").errors
        #expect(errors.map(\.description) == [message])
    }

    @Test func unknownFormatsNameTheKnownOnes() {
        let errors = InstrumentLoader.check(yaml: Self.yaml("    - { format: qualtrix-csv }"), path: "school.yaml").errors
        #expect(errors.map(\.description) == [
            "school.yaml:16:17: error: unknown input format \"qualtrix-csv\" in \"columns.overrides\" entry 1; expected one of \(InputFormats.ids.joined(separator: ", ")) (did you mean \"qualtrics-csv\"?)",
        ])
    }

    @Test func includeAtTheTopOfColumns() throws {
        let instrument = try InstrumentLoader.parse(yaml: Self.yaml("    - { files: x }", extraColumns: "  include: [unfinished, spam]"), path: "school.yaml")
        #expect(instrument.columns.include == [.unfinished, .spam])
    }

    @Test(arguments: [("staff-*.csv", "in/staff-2025.csv", true), ("staff-*.csv", "staff-.csv", true), ("staff-*.csv", "x/learners.csv", false),
                      ("in/*.csv", "in/a.csv", true), ("in/*.csv", "out/a.csv", false), ("wave?.csv", "wave1.csv", true), ("*", "", true)])
    func filePatterns(pattern: String, path: String, matches: Bool) {
        #expect(ColumnOverride(files: pattern).matches(format: "csv", path: path) == matches)
    }
}
