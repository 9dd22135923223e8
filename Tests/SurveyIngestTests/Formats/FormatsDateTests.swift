import SurveyModel
import Testing

@testable import SurveyIngest

/// The timestamp texts `columns.wave-from` accepts, and the waves they give.
@Suite struct FormatsDateTests {
    static func read(_ text: String, monthFirst: Bool = false) -> ExportDate.Reading {
        Array(text.utf8).withUnsafeBufferPointer { ExportDate.read($0, monthFirst: monthFirst) }
    }

    static func date(_ y: Int, _ m: Int, _ d: Int) -> ExportDate.Reading { .date(ExportDate(year: y, month: m, day: d)) }

    @Test(arguments: [
        ("2025-09-14", date(2025, 9, 14)),
        ("2025-09-14 10:22:01", date(2025, 9, 14)),
        ("2025-09-14T10:22:01.250+02:00", date(2025, 9, 14)),
        ("2025-09-14T10:22:01Z", date(2025, 9, 14)),
        ("2025/09/14 10:22:01 AM GMT+2", date(2025, 9, 14)),
        ("9/14/2025 10:22:01 AM", date(2025, 9, 14)),
        ("09/14/2025 10:22", date(2025, 9, 14)),
        ("9/14/25 10:22", date(2025, 9, 14)),
        ("14/09/2025 10:22", date(2025, 9, 14)),
        ("14.09.2025 10:22", date(2025, 9, 14)),
        ("14-09-2025", date(2025, 9, 14)),
        ("3/10/2025 9:00 PM", date(2025, 3, 10)),
        ("2024-02-29 00:00:00", date(2024, 2, 29)),
        ("03/10/2025", .ambiguous(monthFirst: ExportDate(year: 2025, month: 3, day: 10), dayFirst: ExportDate(year: 2025, month: 10, day: 3))),
        ("05/05/2025", date(2025, 5, 5)),
    ])
    func accepted(text: String, reading: ExportDate.Reading) {
        #expect(Self.read(text) == reading)
    }

    @Test func usToolsReadSlashDatesMonthFirst() {
        #expect(Self.read("03/10/2025", monthFirst: true) == Self.date(2025, 3, 10))
        #expect(Self.read("03.10.2025", monthFirst: true) == Self.date(2025, 10, 3), "dots are always day-first")
    }

    @Test(arguments: [
        "", "2025", "20250914", "2025-13-01", "2025-02-30", "2023-02-29", "31/31/2025", "2025-09-14 25:00",
        "2025-09-14 10:61", "9/14/2025 13:00 PM", "2025-09-14 10:22 tomorrow", "45549.43", "14 Sep 2025", "2025.09.14",
    ])
    func rejected(text: String) {
        #expect(Self.read(text) == .unreadable)
    }

    static func wave(_ text: String, _ rule: WaveFrom, structure: ExportStructure = ExportStructure()) -> String {
        let labeler = WaveLabeler(rule, structure: structure)
        switch Array(text.utf8).withUnsafeBufferPointer({ labeler.label($0) }) {
        case .success(let label): return label
        case .failure(let problem): return "\(problem.reason): \(problem.detail(column: rule.column, text: text))"
        }
    }

    @Test func calendarAndAcademicYears() {
        let year = WaveFrom(column: "StartDate", calendar: .year)
        let academic = WaveFrom(column: "StartDate", calendar: .academicYear, startsMonth: 9)
        let august = WaveFrom(column: "StartDate", calendar: .academicYear, startsMonth: 8)
        #expect(Self.wave("2025-09-14 10:22:01", year) == "2025")
        #expect(Self.wave("2025-09-14 10:22:01", academic) == "2025/26")
        #expect(Self.wave("2026-03-03", academic) == "2025/26")
        #expect(Self.wave("2025-08-31", academic) == "2024/25")
        #expect(Self.wave("2025-08-31", august) == "2025/26")
        #expect(Self.wave("1999-12-31", academic) == "1999/00")
        #expect(Self.wave("05/02/2025", academic) == "2024/25", "both readings fall in one academic year")
    }

    @Test func datesThatGiveNoWave() {
        let rule = WaveFrom(column: "submitdate", calendar: .academicYear, startsMonth: 9)
        let lime = ExportStructure(placeholderDates: ["1980-01-01 00:00:00"])
        #expect(Self.wave(" ", rule) == "no-date: empty submitdate; wave-from needs a date")
        #expect(Self.wave("1980-01-01 00:00:00", rule, structure: lime) == "no-date: submitdate \"1980-01-01 00:00:00\" is the placeholder of a survey without date stamps; no wave can be derived from it")
        #expect(Self.wave("1980-01-01 00:00:00", rule) == "1979/80", "the placeholder is LimeSurvey's only")
        #expect(Self.wave("soon", rule) == "bad-date: submitdate \"soon\" is not a date; expected YYYY-MM-DD, YYYY/MM/DD, M/D/YYYY or D/M/YYYY (D.M.YYYY), optionally with a time")
        #expect(Self.wave("03/10/2025", rule) == "bad-date: submitdate \"03/10/2025\" reads as day/month or month/day, which fall in different waves (2025/26, 2024/25); write dates as YYYY-MM-DD, or say which is meant with wave-from's dates: day-first or month-first")
    }

    /// `wave-from`'s `dates:` decides every day/month date, over the format's habit and AM/PM.
    @Test func declaredDateOrderDecides() {
        let dayFirst = WaveFrom(column: "Timestamp", calendar: .academicYear, startsMonth: 9, dateOrder: .dayFirst)
        let monthFirst = WaveFrom(column: "Timestamp", calendar: .academicYear, startsMonth: 9, dateOrder: .monthFirst)
        let us = ExportStructure(monthFirstDates: true)
        #expect(Self.wave("09/07/2020 6:57", dayFirst) == "2019/20")
        #expect(Self.wave("09/07/2020 6:57", dayFirst, structure: us) == "2019/20")
        #expect(Self.wave("09/07/2020 6:57 PM", dayFirst) == "2019/20")
        #expect(Self.wave("09.07.2020", dayFirst) == "2019/20")
        #expect(Self.wave("09/07/2020 6:57", monthFirst) == "2020/21")
        #expect(Self.wave("13/07/2020", dayFirst) == "2019/20")
        #expect(Self.wave("2020-09-07", dayFirst) == "2020/21", "ISO dates are year-month-day whatever the order")
        #expect(Self.wave("13/07/2020", monthFirst) == "bad-date: Timestamp \"13/07/2020\" is no date when read month-first, as wave-from's dates says; expected YYYY-MM-DD or M/D/YYYY, optionally with a time")
        #expect(Self.wave("07/13/2020", dayFirst) == "bad-date: Timestamp \"07/13/2020\" is no date when read day-first, as wave-from's dates says; expected YYYY-MM-DD or D/M/YYYY (D.M.YYYY), optionally with a time")
        #expect(Self.wave("soon", dayFirst) == "bad-date: Timestamp \"soon\" is not a date; expected YYYY-MM-DD, YYYY/MM/DD, M/D/YYYY or D/M/YYYY (D.M.YYYY), optionally with a time", "the order is named only when it is why")
        // Dots and dashes are day-first whatever the order says; two-digit years are 20YY.
        #expect(Self.wave("14.09.2025", monthFirst) == "2025/26")
        #expect(Self.wave("03.10.2025", monthFirst) == "2025/26")
        #expect(Self.wave("03-10-2025", monthFirst) == "2025/26")
        #expect(Self.wave("9/7/20", dayFirst) == "2019/20")
        #expect(Self.wave("9/7/20", monthFirst) == "2020/21")
    }
}
