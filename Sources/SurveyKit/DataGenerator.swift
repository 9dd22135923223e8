import Foundation
import SurveyModel

/// Deterministic synthetic responses for demos, tests and benchmarks (`surveykpi generate`).
///
/// The model is a latent-factor one, so the data behave like real survey data: each respondent
/// has an overall satisfaction θ = group shift + 0.3 × wave position + N(0, 1); each dimension
/// score is θ plus a fixed group-by-dimension shift plus N(0, 0.6); each item adds N(0, 0.7)
/// and is cut to its scale. Items of one dimension therefore correlate, groups differ, and
/// later waves are better. About 3 % of answers are blank and 2 % use the scale's first missing
/// code; 1 % of respondents straight-line and 2 % speed. With `defects`, a few duplicates,
/// out-of-scale answers, undeclared groups and short records are mixed in.
public struct DataGenerator {
    /// How much of a real export's bulk the rows carry.
    public enum Shape: String, Sendable, CaseIterable {
        /// The instrument's columns only, with a short comment from one respondent in ten.
        case plain
        /// As a survey tool exports it: after the respondent column the metadata LimeSurvey
        /// writes (`submitdate`, `lastpage`, `startlanguage`, `startdate`), which the instrument
        /// does not read, and open comments from 65 % of respondents, one to ten
        /// sentences with commas, quotes and, in about 2 % of rows, a line break. With 30 items
        /// that is 41 columns and about 420 bytes a row, the shape of the 439 MB file
        /// `research/tech.md` timed the CSV parsers on.
        case export
    }

    /// What to generate.
    public struct Options: Sendable {
        /// Responses in all (defect rows come on top).
        public var respondents: Int
        /// Number of waves (the instrument's last `waves` labels, else `W1`…).
        public var waves: Int
        /// Seed: the same seed gives the same bytes.
        public var seed: UInt64
        /// Mix in bad rows and duplicates.
        public var defects: Bool
        /// Plain rows, or rows with an export's metadata and longer comments.
        public var shape: Shape

        /// Creates options.
        public init(respondents: Int, waves: Int, seed: UInt64, defects: Bool = false, shape: Shape = .plain) {
            self.respondents = respondents
            self.waves = waves
            self.seed = seed
            self.defects = defects
            self.shape = shape
        }
    }

    let instrument: Instrument
    let options: Options

    /// Creates a generator.
    public init(instrument: Instrument, options: Options) {
        self.instrument = instrument
        self.options = options
    }

    /// The wave labels used.
    public var waveLabels: [String] {
        if let declared = instrument.waves, declared.count >= options.waves { return Array(declared.suffix(options.waves)) }
        return (1...max(1, options.waves)).map { "W\($0)" }
    }

    /// The CSV header.
    public var header: [String] {
        let c = instrument.columns
        var columns = [c.respondent] + (options.shape == .export ? Self.exportMetadata : []) + [c.group, c.wave] + c.segments
        if let weight = c.weight { columns.append(weight) }
        if let duration = c.duration { columns.append(duration) }
        columns += instrument.items.map { c.column(for: $0) }
        columns += c.comments
        return columns
    }

    /// Generates the rows of every wave, calling `emit(waveIndex, fields)` per record in order.
    public func generate(_ emit: (Int, [String]) throws -> Void) rethrows {
        var rng = SeededGenerator(seed: options.seed)
        let labels = waveLabels
        let groupWeights = instrument.groups.map { group -> Double in
            switch group.role {
            case .learner: 6
            case .staff: 1.6
            case .beneficiary: 1.2
            case .other: 1
            }
        }
        // Fixed effects drawn first, so they depend on the seed only.
        let groupShift = instrument.groups.indices.map { _ in rng.normal() * 0.35 }
        let dimensionShift = instrument.groups.indices.map { _ in instrument.dimensions.indices.map { _ in rng.normal() * 0.3 } }
        let segmentValues = instrument.columns.segments.map(Self.values(forSegment:))
        let scales = instrument.items.map { instrument.scale(of: $0) }
        let dimensionIndex = instrument.items.map { $0.dimension.flatMap(instrument.dimensionIndex) }
        var previous: [String]? = nil
        var serial = 0
        for r in 0..<options.respondents {
            let w = min(labels.count - 1, r * labels.count / max(1, options.respondents))
            let g = rng.pick(groupWeights)
            let group = instrument.groups[g]
            serial += 1
            let theta = groupShift[g] + 0.3 * Double(w) + rng.normal()
            let dimensionScores = instrument.dimensions.indices.map { d in theta + dimensionShift[g][d] + rng.normal() * 0.6 }
            let straightLiner = rng.uniform() < 0.01
            var fields = ["R\(String(format: "%06d", serial))"]
            fields += [group.id, labels[w]]
            for values in segmentValues { fields.append(values[rng.pick(values.indices.map { 1.0 + Double($0 % 3) })]) }
            if instrument.columns.weight != nil { fields.append(String(format: "%.3f", 0.5 + rng.uniform())) }
            var seconds = 0
            if instrument.columns.duration != nil {
                let speeder = rng.uniform() < 0.02
                seconds = Int(speeder ? 40 + rng.uniform() * 40 : 300 * exp(rng.normal() * 0.35))
                fields.append(String(seconds))
            }
            // After the respondent, as LimeSurvey writes it; drawn here, once the duration is known.
            if options.shape == .export { fields.insert(contentsOf: metadataFields(wave: labels[w], seconds: seconds, rng: &rng), at: 1) }
            for (i, item) in instrument.items.enumerated() {
                let scale = scales[i]
                guard item.isAsked(of: group.id) else { fields.append(""); continue }
                let u = rng.uniform()
                if u < 0.03 { fields.append(""); continue }
                if u < 0.05, let missing = scale.missing.first { fields.append(missing.code); continue }
                let latent = (dimensionIndex[i].map { dimensionScores[$0] } ?? theta) + rng.normal() * 0.7
                let span = Double(scale.upper - scale.lower)
                let centre = Double(scale.lower) + span * 0.68
                var value = Int((centre + latent * span / 4.5).rounded())
                value = min(scale.upper, max(scale.lower, value))
                if straightLiner && scale.kind == .likert { value = scale.lower + (scale.upper - scale.lower) * 3 / 4 }
                if item.reverse && !straightLiner { value = scale.lower + scale.upper - value }
                fields.append(String(value))
            }
            for _ in instrument.columns.comments {
                switch options.shape {
                case .plain: fields.append(rng.uniform() < 0.1 ? Self.comments[rng.pick(Self.comments.map { _ in 1.0 })] : "")
                case .export: fields.append(longComment(rng: &rng))
                }
            }
            try emit(w, fields)
            if options.defects, let defect = defectRow(after: fields, previous: previous, rng: &rng) { try emit(w, defect) }
            previous = fields
        }
    }

    /// The metadata fields after the respondent field (none in the `plain` shape).
    var metadataCount: Int { options.shape == .export ? Self.exportMetadata.count : 0 }

    /// The metadata columns of the `export` shape, named as LimeSurvey names them.
    static let exportMetadata = ["submitdate", "lastpage", "startlanguage", "startdate"]

    /// Submit date, last page, language and start date: a start in the wave's year (2026 when
    /// the label is not a year), the submission `seconds` later.
    private func metadataFields(wave: String, seconds: Int, rng: inout SeededGenerator) -> [String] {
        let year = Int(wave).flatMap { (1900...9999).contains($0) ? $0 : nil } ?? 2026
        let day = Int(rng.uniform() * 28)
        let start = ((day * 24 + 8 + Int(rng.uniform() * 12)) * 60 + Int(rng.uniform() * 60)) * 60 + Int(rng.uniform() * 60)
        func stamp(_ s: Int) -> String {
            String(format: "%04d-03-%02d %02d:%02d:%02d", year, 1 + s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60)
        }
        let language = rng.uniform() < 0.8 ? "en" : "de"
        return [stamp(start + max(0, seconds)), String(3 + Int(rng.uniform() * 4)), language, stamp(start)]
    }

    /// An open comment of the `export` shape: empty for 35 % of respondents, else one to ten
    /// sentences; one comment in thirty (2 % of rows) has a line break.
    private func longComment(rng: inout SeededGenerator) -> String {
        guard rng.uniform() < 0.65 else { return "" }
        let count = 1 + Int(rng.uniform() * 10)
        let lineBreak = count > 1 && rng.uniform() < 0.03 ? 1 + Int(rng.uniform() * Double(count - 1)) : 0
        var text = ""
        for s in 0..<count {
            if s > 0 { text += s == lineBreak ? "\n" : " " }
            text += Self.sentences[Int(rng.uniform() * Double(Self.sentences.count))]
        }
        return text
    }

    static let sentences = [
        "The teaching on the second-year modules was clear, well paced and easy to follow.",
        "Feedback on assignments arrives too late to use it for the next one, which is frustrating.",
        "The library is a good place to work, but the Wi-Fi drops in the afternoons.",
        "My tutor's \"open door\" policy made a real difference this year.",
        "Timetable changes are announced at short notice, often by e-mail the evening before.",
        "Parking, again: there are not enough spaces for students who travel from outside the city.",
        "The careers team helped me find a placement, and the mock interviews were excellent.",
        "Some lecture rooms are too small for the group, so people sit on the floor.",
        "Marking criteria differ between modules; a single rubric would help.",
        "The canteen could offer more vegetarian options at a student price.",
        "Lab equipment is often booked out, even in the evenings.",
        "I would like more evening classes, please.",
        "Support services answered quickly when I had a problem with my funding.",
        "Group work is assessed fairly, although \"free riders\" are rarely dealt with.",
        "The online learning platform is slow and the mobile app crashes when uploading work.",
        "Induction week was well organised, friendly and informative.",
    ]

    private func defectRow(after fields: [String], previous: [String]?, rng: inout SeededGenerator) -> [String]? {
        let u = rng.uniform()
        let itemStart = header.count - instrument.items.count - instrument.columns.comments.count
        if u < 0.004 {
            // The same respondent again with fewer answers: the duplicate rule drops this one.
            var copy = fields
            for i in itemStart..<(itemStart + instrument.items.count) where rng.uniform() < 0.5 { copy[i] = "" }
            return copy
        }
        if u < 0.006 {
            var copy = fields
            copy[0] += "x"
            copy[itemStart] = rng.uniform() < 0.5 ? "7" : "agree"
            return copy
        }
        if u < 0.007 {
            var copy = fields
            copy[0] += "g"
            copy[metadataCount + 1] = "visitor"
            return copy
        }
        if u < 0.008 {
            var copy = fields
            copy[0] += "r"
            copy.removeLast(2)
            return copy
        }
        return nil
    }

    /// Plausible values for well-known segment names, else `A`, `B`, `C`.
    static func values(forSegment name: String) -> [String] {
        switch name.lowercased() {
        case "campus": ["City Centre", "North", "Riverside"]
        case "programme", "program": ["Business", "Engineering", "Health and Care", "Creative Arts", "Foundation"]
        case "department": ["Academic", "Support services", "Estates", "Administration"]
        case "year", "year-of-study": ["1", "2", "3"]
        default: ["A", "B", "C"]
        }
    }

    static let comments = [
        "More evening classes, please",
        "The new library space is great; the Wi-Fi is not",
        "Feedback arrives too late to use it for the next assignment",
        "\"Open door\" policy works well",
        "Parking, again",
        "Thanks to the careers team, line one\nand line two",
    ]

    /// Renders one CSV record (RFC 4180 quoting, CRLF).
    public static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}

// MARK: - The generic XML twin (SPEC §3 `xml`)

extension DataGenerator {
    /// The start of the generic XML twin: the XML declaration and `<responses>`.
    public var xmlPrologue: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<responses instrument=\"\(Self.xmlEscaped(instrument.id))\">\n"
    }

    /// The end of the generic XML twin.
    public static let xmlEpilogue = "</responses>\n"

    /// One record as a `<response>` element: the generic XML twin of ``csvLine(_:)``, read into
    /// the same table (same answers, rejects and warnings).
    ///
    /// Values go where SPEC §3 puts them: id, group, wave, weight and duration as attributes,
    /// segments and comments as elements, one `<answer>` per non-empty item field and an empty
    /// `<answer/>` for a blank item the group is asked. A record whose field count does not match
    /// the header (a `--defects` short record, which the CSV reader rejects) is written without
    /// its `id`, so the XML reader rejects it too. The `export` shape's metadata columns are not
    /// the instrument's, so they have no place in the twin and are left out.
    public func xmlRecord(_ fields: [String]) -> String {
        let c = instrument.columns
        let complete = fields.count == header.count
        func field(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
        var out = "  <response"
        if complete { out += " id=\"\(Self.xmlEscaped(field(0)))\"" }
        let m = metadataCount
        out += " group=\"\(Self.xmlEscaped(field(m + 1)))\" wave=\"\(Self.xmlEscaped(field(m + 2)))\""
        var index = m + 3
        var children = ""
        for name in c.segments {
            if !field(index).isEmpty {
                children += "    <segment name=\"\(Self.xmlEscaped(name))\">\(Self.xmlEscaped(field(index)))</segment>\n"
            }
            index += 1
        }
        if c.weight != nil {
            out += " weight=\"\(Self.xmlEscaped(field(index)))\""
            index += 1
        }
        if c.duration != nil {
            if !field(index).isEmpty { out += " duration=\"\(Self.xmlEscaped(field(index)))\"" }
            index += 1
        }
        let group = field(m + 1)
        for item in instrument.items {
            if index < fields.count {
                let column = Self.xmlEscaped(c.column(for: item))
                let value = fields[index]
                if !value.isEmpty {
                    children += "    <answer item=\"\(column)\">\(Self.xmlEscaped(value))</answer>\n"
                } else if item.isAsked(of: group) {
                    children += "    <answer item=\"\(column)\"/>\n"
                }
            }
            index += 1
        }
        for name in c.comments {
            if !field(index).isEmpty {
                children += "    <comment item=\"\(Self.xmlEscaped(name))\">\(Self.xmlEscaped(field(index)))</comment>\n"
            }
            index += 1
        }
        return out + ">\n" + children + "  </response>\n"
    }

    /// Text escaped for XML content and attribute values.
    static func xmlEscaped(_ text: String) -> String {
        guard text.contains(where: { "&<>\"'\r\n\t".contains($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
