import SurveyModel

/// What an export's layout tells the record mapper about reading its fields.
struct ExportStructure: Sendable {
    /// Whether an unquoted empty field means "never shown" and a quoted one "shown, left blank"
    /// (LimeSurvey, only while the file is as LimeSurvey wrote it).
    var distinguishNotShown = false
    /// Whether `a/b/yyyy` dates are month-first (the tool writes US dates).
    var monthFirstDates = false
    /// Timestamp texts that stand for "no date" (LimeSurvey's `1980-01-01 00:00:00`).
    var placeholderDates: [String] = []
}

/// Why a record's date gave no wave: reason `no-date` (empty or a placeholder) or `bad-date`.
struct DateProblem: Error, Sendable {
    enum Kind: Sendable {
        case empty
        case placeholder
        case unreadable
        case ambiguous(String, String)
    }

    var kind: Kind
    /// The order `wave-from` fixed, for the message.
    var order: WaveFrom.DateOrder? = nil

    /// The reject reason.
    var reason: String {
        switch kind {
        case .empty, .placeholder: "no-date"
        case .unreadable, .ambiguous: "bad-date"
        }
    }

    /// What was found and what was expected.
    func detail(column: String, text: String) -> String {
        switch kind {
        case .empty:
            "empty \(column); wave-from needs a date"
        case .placeholder:
            "\(column) \(text.quotedForMessage) is the placeholder of a survey without date stamps; no wave can be derived from it"
        case .unreadable:
            if let order {
                "\(column) \(text.quotedForMessage) is no date when read \(order.rawValue), as wave-from's dates says; expected YYYY-MM-DD or \(order == .dayFirst ? "D/M/YYYY (D.M.YYYY)" : "M/D/YYYY"), optionally with a time"
            } else {
                "\(column) \(text.quotedForMessage) is not a date; expected YYYY-MM-DD, YYYY/MM/DD, M/D/YYYY or D/M/YYYY (D.M.YYYY), optionally with a time"
            }
        case .ambiguous(let monthFirst, let dayFirst):
            "\(column) \(text.quotedForMessage) reads as day/month or month/day, which fall in different waves (\(dayFirst), \(monthFirst)); write dates as YYYY-MM-DD, or say which is meant with wave-from's dates: day-first or month-first"
        }
    }
}

/// Turns a date field into a wave label by `columns.wave-from`: the calendar year (`2025`) or
/// the academic year that starts in month `starts` (`2025/26` for 14 September 2025 with
/// `starts: 9`, and for 3 March 2026).
struct WaveLabeler: Sendable {
    /// The rule.
    let rule: WaveFrom
    private let structure: ExportStructure
    private let placeholders: [[UInt8]]

    init(_ rule: WaveFrom, structure: ExportStructure) {
        self.rule = rule
        self.structure = structure
        placeholders = structure.placeholderDates.map { Array($0.utf8) }
    }

    /// The label of a date, as the rule derives it.
    func label(of date: ExportDate) -> String {
        switch rule.calendar {
        case .year:
            return String(date.year)
        case .academicYear:
            let start = date.month >= rule.startsMonth ? date.year : date.year - 1
            let end = (start + 1) % 100
            return "\(start)/\(end < 10 ? "0" : "")\(end)"
        }
    }

    /// The wave label of a field, or why there is none.
    func label(_ field: UnsafeBufferPointer<UInt8>) -> Result<String, DateProblem> {
        let text = FieldBytes.trimmed(field)
        if text.isEmpty { return .failure(DateProblem(kind: .empty)) }
        if placeholders.contains(where: { $0.elementsEqual(text) }) { return .failure(DateProblem(kind: .placeholder)) }
        switch ExportDate.read(text, monthFirst: structure.monthFirstDates, order: rule.dateOrder) {
        case .date(let date):
            return .success(label(of: date))
        case .ambiguous(let monthFirst, let dayFirst):
            let (a, b) = (label(of: monthFirst), label(of: dayFirst))
            return a == b ? .success(a) : .failure(DateProblem(kind: .ambiguous(a, b)))
        case .unreadable:
            // A date that reads in the other order is named as impossible in the declared one.
            let otherOrder = rule.dateOrder != nil && ExportDate.read(text, monthFirst: structure.monthFirstDates) != .unreadable
            return .failure(DateProblem(kind: .unreadable, order: otherOrder ? rule.dateOrder : nil))
        }
    }
}
