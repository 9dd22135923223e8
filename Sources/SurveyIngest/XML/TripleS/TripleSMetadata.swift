import SurveyModel

/// Triple-S metadata (`.sss`, versions 1.1 to 2.0; research/formats.md §6a): the survey's
/// variables, where each sits in the case data file, and its codes.
///
/// The file is read with the hardened XML reader: its DOCTYPE may name the standard's DTD (it is
/// never fetched); entity declarations are refused. Declared encodings (ISO-8859-1, UTF-16 with a
/// byte order mark …) are libxml2's business. Labels may be plain text (1.x) or `<text>`
/// elements per language and mode (2.0); the first `<text>` is taken.
public struct TripleSMetadata: Sendable {
    /// A variable type.
    public enum VariableType: String, Sendable {
        /// One code.
        case single
        /// Several codes: a bitstring, or a spread of subfields.
        case multiple
        /// A number.
        case quantity
        /// Text.
        case character
        /// 1 true, 0 false.
        case logical
        /// `YYYYMMDD`.
        case date
        /// `HHMMSS`.
        case time
    }

    /// One `<value code="…">label</value>`.
    public struct Value: Hashable, Sendable {
        /// The code as written.
        public var code: String
        /// The label (first text).
        public var label: String
    }

    /// One `<variable>`.
    public struct Variable: Hashable, Sendable {
        /// `ident` attribute.
        public var ident: String
        /// The variable's type.
        public var type: VariableType
        /// `use`: `serial` (case id) or `weight`.
        public var use: String?
        /// `format`: `numeric` (default) or `literal` codes.
        public var format: String?
        /// `<name>`.
        public var name: String
        /// `<label>`.
        public var label: String
        /// 1-based first column (fixed) or field number (CSV).
        public var start: Int
        /// 1-based last column (fixed, inclusive); `start` when absent.
        public var finish: Int
        /// `<size>` of character variables.
        public var size: Int?
        /// `<spread subfields width>` of spread multiples.
        public var spread: (subfields: Int, width: Int?)?
        /// `<value>` codes in file order.
        public var values: [Value]
        /// `<range from to>` bounds, as written.
        public var ranges: [(from: String, to: String)]
        /// `<filter>`: the variable deciding whether this one applies.
        public var filter: String?

        /// Variables are equal when ident, name and position are (ranges hold tuples).
        public static func == (lhs: Variable, rhs: Variable) -> Bool {
            lhs.ident == rhs.ident && lhs.name == rhs.name && lhs.start == rhs.start && lhs.finish == rhs.finish
        }

        /// Hashes ident and name.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(ident)
            hasher.combine(name)
        }

        /// The label of a code, when the variable declares one.
        public func label(ofCode code: String) -> String? {
            values.first { $0.code == code }?.label
                ?? Int(code).flatMap { n in values.first { Int($0.code) == n }?.label }
        }

        /// Whether a code is a special (non-substantive) one: a `<value>` outside every `<range>`
        /// of a variable that has ranges, or one labelled like "Not stated", "Don't know",
        /// "Refused", "Not applicable".
        public func isSpecial(_ code: String) -> Bool {
            guard let value = values.first(where: { $0.code == code || (Int($0.code) != nil && Int($0.code) == Int(code)) }) else { return false }
            if !ranges.isEmpty, let number = Double(value.code) {
                let inside = ranges.contains { range in
                    guard let low = Double(range.from.trimmingXMLSpace), let high = Double(range.to.trimmingXMLSpace) else { return false }
                    return number >= low && number <= high
                }
                if !inside { return true }
            }
            return Self.looksNotStated(value.label)
        }

        static func looksNotStated(_ label: String) -> Bool {
            let text = label.lowercased().replacingApostrophes
            return ["not stated", "don't know", "dont know", "do not know", "refused", "no answer", "not answered",
                    "not applicable", "n/a", "prefer not to say", "missing"].contains { text.contains($0) }
        }
    }

    /// The `<record>`: the case data layout.
    public struct Record: Sendable {
        /// `ident`.
        public var ident: String
        /// `fixed` (default) or `csv`.
        public var format: String
        /// Lines (fixed) or records (CSV) to skip before the first case.
        public var skip: Int
        /// `href`: the data file, as written.
        public var href: String?
        /// The variables in file order.
        public var variables: [Variable]
    }

    /// `<sss version>`.
    public var version: String
    /// `<survey><name>`.
    public var surveyName: String?
    /// The first (usually only) record.
    public var record: Record
    /// The metadata file's encoding, lowercased (`utf-8`, `iso-8859-1`, `utf-16` …).
    public var encoding: String = "utf-8"

    static let policy = XMLDocumentPolicy(allowsExternalDTD: true, formatName: "Triple-S metadata")

    /// Reads a `.sss` file.
    ///
    /// - Throws: `.noInput` when unreadable; `.dataError` when not well-formed, not Triple-S, or
    ///   without a record and variables.
    public static func load(path: String) throws(SurveyError) -> TripleSMetadata {
        let reader = try XMLStreamReader(path: path, policy: policy)
        guard try reader.nextElement() != nil else {
            throw SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file; expected Triple-S metadata (root <sss>)")
        }
        guard reader.nameString == "sss" else {
            throw SurveyError(.dataError, at: reader.elementLocation, "root element <\(reader.nameString)> is not <sss>; expected Triple-S metadata")
        }
        var parser = TripleSMetadataParser(reader: reader)
        return try parser.parse(version: reader.attributeString(reader.intern("version")) ?? "")
    }
}

extension String {
    /// Typographic apostrophes as `'`.
    var replacingApostrophes: String {
        String(map { $0 == "\u{2019}" || $0 == "\u{2018}" ? "'" : $0 })
    }
}
