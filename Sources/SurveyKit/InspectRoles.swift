import Foundation
import SurveyIngest
import SurveyModel

/// A column of an input with the role `inspect` infers for it from its name and values.
public struct InspectedColumn: Sendable {
    /// What a column seems to hold.
    public enum Role: String, Sendable, Hashable {
        /// The response id.
        case respondent = "respondent id"
        /// Dates and times.
        case timestamp
        /// Duration in seconds.
        case duration
        /// The tool's own bookkeeping (status, IP address, language …).
        case metadata
        /// A rated question: integer codes in a short range, or labels of a known answer scale.
        case item
        /// Few distinct labels (up to six): a breakdown such as campus or gender.
        case segment
        /// A question with a handful of repeated text answers (seven to thirty).
        case category
        /// A multiple-choice option: one value when ticked, empty otherwise.
        case choice
        /// Open answers.
        case freeText = "free text"
        /// Numbers outside any rating range (age, slider, coordinates …).
        case number
        /// Nothing in any record.
        case empty
    }

    /// The column's profile.
    public var profile: ColumnProfile
    /// Its role.
    public var role: Role
    /// For items: the scale its values suggest.
    public var scale: DraftScale?

    /// Infers the role of every column of a profile.
    public static func infer(_ profile: ExportProfile) -> [InspectedColumn] {
        let respondent = profile.hints.respondent ?? guessRespondent(profile)
        return profile.columns.map { column in
            let names = [column.name] + column.aliases
            let role: Role
            var scale: DraftScale?
            if column.filled == 0 {
                role = .empty
            } else if let respondent, names.contains(respondent) {
                role = .respondent
            } else if let duration = profile.hints.duration, names.contains(duration) {
                role = .duration
            } else if column.dates + column.placeholderDates == column.filled {
                role = .timestamp
            } else if names.contains(where: profile.hints.isMetadata) {
                role = .metadata
            } else if column.isInteger {
                (role, scale) = numeric(column)
            } else {
                (role, scale) = textual(column)
            }
            return InspectedColumn(profile: column, role: role, scale: scale)
        }
    }

    /// A generic CSV's respondent: the first column named like an id whose values are all filled
    /// and distinct.
    static func guessRespondent(_ profile: ExportProfile) -> String? {
        profile.columns.first { column in
            let name = column.name.lowercased()
            let idLike = name == "id" || name.hasSuffix("id") || name.hasPrefix("id") || name.contains("respondent")
            return idLike && column.blank + column.notShown == 0 && !column.overflow && column.values.count == column.filled
        }?.name
    }

    private static func numeric(_ column: ColumnProfile) -> (Role, DraftScale?) {
        let codes = column.values.compactMap { Int($0) }
        if Set(codes) == [1] { return (.choice, nil) }
        // A count ("# Devices", "Number of children", "How many …") is a number, not a rating.
        let heading = (column.label ?? column.name).lowercased().trimmingCharacters(in: .whitespaces)
        if heading.hasPrefix("#") || heading.hasPrefix("number of") || heading.contains("how many") || heading.hasPrefix("no. of") {
            return (.number, nil)
        }
        let substantive = codes.filter { $0 >= 0 }
        guard let low = substantive.min(), let high = substantive.max() else { return (.number, nil) }
        let lower = low >= 1 && high <= 10 ? 1 : low
        let upper = max(high, lower + 1)
        let negatives = Set(codes.filter { $0 < 0 }).sorted(by: >)
        guard upper - lower <= 10, Scale.codeRange.contains(lower), Scale.codeRange.contains(upper),
            negatives.allSatisfy(Scale.codeRange.contains)
        else { return (.number, nil) }
        let text = (column.label ?? column.name).lowercased()
        if lower >= 0 && upper <= 10 && high >= 7 && (text.contains("recommend") || text.contains("nps")) {
            return (.item, .nps(missing: negatives))
        }
        return (.item, .codes(lower, upper, missing: negatives))
    }

    private static func textual(_ column: ColumnProfile) -> (Role, DraftScale?) {
        let distinct = column.values.count
        if distinct == 1, let value = column.values.first, value == "Y" || column.name.hasSuffix("[\(value)]") {
            return (.choice, nil)
        }
        if let scale = LabelFamily.scale(for: column.values) { return (.item, scale) }
        if let scale = DraftScale.endLabelled(column.values) { return (.item, scale) }
        guard !column.overflow, column.longest <= 60, distinct <= 30, distinct * 2 <= column.filled else {
            return (.freeText, nil)
        }
        return (distinct <= 6 ? .segment : .category, nil)
    }
}
