import SurveyModel

/// Leaves out the responses a survey tool marks as not for analysis: Qualtrics previews, tests,
/// spam and unfinished responses (`Status`, `Finished`), LimeSurvey responses never submitted
/// (empty `submitdate`). Each is rejected with its kind as the reason, so it is counted, unless
/// `columns.include` names the kind.
struct ResponseFilter: Sendable {
    /// Position of Qualtrics' `Status` (response type).
    var status: Int?
    /// Position of Qualtrics' `Finished`.
    var finished: Int?
    /// Position of LimeSurvey's `submitdate`.
    var submitted: Int?
    /// Kinds kept anyway.
    var include: Set<ExcludedResponse> = []

    /// Whether the filter looks at anything.
    var isActive: Bool { status != nil || finished != nil || submitted != nil }

    /// Qualtrics response types: code, name in text exports, and the kind it marks.
    static let statusTypes: [(code: Int, name: String, kind: ExcludedResponse?)] = [
        (0, "IP Address", nil), (1, "Survey Preview", .preview), (2, "Survey Test", .test),
        (4, "Imported", nil), (8, "Spam", .spam), (16, "Offline", nil), (32, "EX", nil),
    ]

    /// The reason and detail when the record is to be left out; nil to keep it.
    func exclusion(_ record: borrowing CSVRecord) -> (reason: String, detail: String)? {
        if let submitted, FieldBytes.trimmed(record.field(submitted)).isEmpty, !include.contains(.unfinished) {
            return ("unfinished", "empty submitdate: the response was never submitted; add unfinished to columns.include to analyse it")
        }
        if let status {
            let text = record.string(status).trimmingSpaces
            guard let code = Self.statusCode(text) else {
                let known = Self.statusTypes.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
                return ("unknown-status", "Status \(text.quotedForMessage) is not a Qualtrics response type; expected \(known) or a sum of them")
            }
            for type in Self.statusTypes where code & type.code != 0 {
                guard let kind = type.kind, !include.contains(kind) else { continue }
                return (kind.rawValue, "Status \(text.quotedForMessage) (\(type.name)) marks a \(kind.rawValue) response; add \(kind.rawValue) to columns.include to analyse it")
            }
        }
        if let finished {
            let text = record.string(finished).trimmingSpaces
            switch text.lowercased() {
            case "1", "true", "": break
            case "0", "false":
                if !include.contains(.unfinished) {
                    return ("unfinished", "Finished \(text.quotedForMessage): the response was not finished; add unfinished to columns.include to analyse it")
                }
            default:
                return ("unknown-status", "Finished \(text.quotedForMessage) is not a Qualtrics completion flag; expected 1, 0, True or False")
            }
        }
        return nil
    }

    /// The numeric response type of a Status field: a number (flags may be summed), a type name
    /// as text exports write it, or 0 when empty.
    static func statusCode(_ text: String) -> Int? {
        if text.isEmpty { return 0 }
        if let code = Int(text), code >= 0 { return code }
        return statusTypes.first { $0.name.lowercased() == text.lowercased() }?.code
    }

    /// The kind a record would be left out as, by default rules, for `inspect` counts.
    func kind(_ record: borrowing CSVRecord) -> String? {
        exclusion(record)?.reason
    }
}
