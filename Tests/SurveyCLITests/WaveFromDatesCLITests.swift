import Foundation
import SurveyTestSupport
import Testing

/// `columns.wave-from` with `dates: day-first`: a spreadsheet written in a day-first locale
/// (`09/07/2020` is 9 July) gives every response its wave, where without the setting the dates
/// whose two readings fall in different waves are rejected with reason `bad-date`.
@Suite struct WaveFromDatesCLITests {
    static let csv = """
        Timestamp,id,Q1,Q2,Q3,REC
        09/07/2020 6:57,a,4,4,2,9
        13/07/2020 8:00,b,5,4,1,10
        18/07/2020 9:15,c,3,3,3,7
        07/09/2020 10:00,d,4,5,2,8
        03/10/2020 11:00,e,2,2,4,3
        14/10/2020 12:00,f,4,4,2,9

        """

    static func instrument(dates: String?) -> String {
        let order = dates.map { ", dates: \($0)" } ?? ""
        return """
            instrument: mini
            title: Mini survey
            groups:
              learner: { title: Learners, role: learner }
            scales:
              agree5:
                values: { 1: Strongly disagree, 2: Disagree, 3: Neutral, 4: Agree, 5: Strongly agree }
                favourable: [4, 5]
              recommend:
                values: 0..10
                kind: nps
            items:
              - { id: Q1, text: Clear, scale: agree5 }
              - { id: Q2, text: Organised, scale: agree5 }
              - { id: Q3, text: Rushed, scale: agree5, reverse: true }
              - { id: REC, text: Recommend, scale: recommend }
            columns:
              respondent: id
              wave-from: { column: Timestamp, calendar: academic-year, starts: 9\(order) }
            reporting:
              minimum-n: 1

            """
    }

    static func waves(_ stdout: String) throws -> [String: Int] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        var counts: [String: Int] = [:]
        for cell in report["cells"] as? [[String: Any]] ?? [] where cell["segment"] is NSNull && cell["group"] as? String == "learner" {
            counts[cell["wave"] as! String] = cell["respondents"] as? Int
        }
        return counts
    }

    @Test func dayFirstGivesEveryResponseItsWave() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("sheet.csv", Self.csv)
        let instrument = try dir.write("i.yaml", Self.instrument(dates: "day-first"))
        let result = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.waves(result.stdout) == ["2019/20": 3, "2020/21": 3])
    }

    /// `inspect --draft-instrument` sees that only the day-first reading gives every date a
    /// wave (13/07/2020 is in the column) and writes `dates: day-first`.
    @Test func draftDeclaresDayFirstDates() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("sheet.csv", Self.csv)
        let drafted = try ProcessRunner.run(["inspect", "--draft-instrument", input])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stdout.contains("wave-from: { column: \"Timestamp\", calendar: academic-year, starts: 9, dates: day-first }"), "\(drafted.stdout)")
        let instrument = try dir.write("draft.yaml", drafted.stdout.replacingOccurrences(of: "minimum-n: 10", with: "minimum-n: 1"))
        let result = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", input])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((report["waves"] as? [String]) == ["2019/20", "2020/21"])
    }

    /// A US sheet whose every date has a day of 12 or less reads both ways: the draft cannot tell
    /// and says so instead of guessing; with one `13` day the order is settled.
    @Test func draftLeavesUndecidableDatesToTheUser() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var rows = ["Submitted,id,Q1", "10/3/2025 14:22,a,4", "9/2/2025 9:00,b,5", "3/10/2026 8:00,c,3"]
        let undecided = try ProcessRunner.run(["inspect", "--draft-instrument", try dir.write("us.csv", rows.joined(separator: "\n") + "\n")])
        #expect(undecided.status == 0, "\(undecided.stderr)")
        #expect(!undecided.stdout.contains("  wave-from:"), "\(undecided.stdout)")
        #expect(undecided.stdout.contains("# The dates in \"Submitted\" read as day/month and as month/day, in different waves"), "\(undecided.stdout)")
        rows.append("9/13/2025 10:00,d,4")
        let settled = try ProcessRunner.run(["inspect", "--draft-instrument", try dir.write("us2.csv", rows.joined(separator: "\n") + "\n")])
        #expect(settled.stdout.contains("starts: 9, dates: month-first }"), "\(settled.stdout)")
    }

    @Test func monthFirstReadsTheSameTextOtherwise() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("sheet.csv", Self.csv)
        let instrument = try dir.write("i.yaml", Self.instrument(dates: "month-first"))
        let result = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", "--rejects", "rejects.csv", input], in: dir.url)
        #expect(result.status == 0, "\(result.stderr)")
        // 09/07 is 7 September (2020/21), 07/09 is 9 July and 03/10 is 10 March (2019/20);
        // 13/07, 18/07 and 14/10 are no month-first dates.
        #expect(try Self.waves(result.stdout) == ["2019/20": 2, "2020/21": 1])
        let rejects = try String(contentsOf: dir.url.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.components(separatedBy: "bad-date").count - 1 == 3, "\(rejects)")
    }

    @Test func withoutTheSettingAmbiguousDatesAreRejectedWithAHint() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("sheet.csv", Self.csv)
        let instrument = try dir.write("i.yaml", Self.instrument(dates: nil))
        let result = try ProcessRunner.run(["analyze", "--instrument", instrument, "--format", "json", "--rejects", "rejects.csv", input], in: dir.url)
        #expect(result.status == 0, "\(result.stderr)")
        let rejects = try String(contentsOf: dir.url.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains(#"sheet.csv,2,bad-date,"Timestamp ""09/07/2020 6:57"" reads as day/month or month/day, which fall in different waves (2019/20, 2020/21); write dates as YYYY-MM-DD, or say which is meant with wave-from's dates: day-first or month-first""#), "\(rejects)")
        #expect(rejects.components(separatedBy: "bad-date").count - 1 == 3, "\(rejects)")
        #expect(try Self.waves(result.stdout) == ["2019/20": 2, "2020/21": 1])
    }
}
