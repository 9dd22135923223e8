/// One questionnaire: its scales, items, dimensions, KPIs and how export columns map to them
/// (SPEC §2). Built by `InstrumentLoader` in SurveyIngest, which enforces every rule; the
/// statistics and report layers take it as given.
public struct Instrument: Hashable, Sendable {
    /// `[a-z0-9-]+`.
    public var id: String
    /// Human title.
    public var title: String
    /// Free-form version label.
    public var version: String?
    /// Declared wave order, when given; otherwise waves sort by label.
    public var waves: [String]?
    /// Stakeholder groups in file order.
    public var groups: [Group]
    /// Scales in file order.
    public var scales: [Scale]
    /// Dimensions in file order.
    public var dimensions: [Dimension]
    /// Items in file order.
    public var items: [Item]
    /// The item key-driver analysis explains.
    public var outcome: String?
    /// Quality objectives.
    public var kpis: [KPI]
    /// How export columns map to concepts.
    public var columns: ColumnMapping
    /// Suppression, confidence and other reporting settings.
    public var reporting: ReportingOptions
    /// Weighting to population margins, when declared.
    public var weighting: Weighting? = nil
    /// Lowercase hex SHA-256 of the instrument file's bytes (provenance).
    public var sha256: String

    /// Creates an instrument; the loader is the usual way to get one.
    public init(
        id: String, title: String, version: String? = nil, waves: [String]? = nil,
        groups: [Group], scales: [Scale], dimensions: [Dimension], items: [Item],
        outcome: String? = nil, kpis: [KPI] = [], columns: ColumnMapping = ColumnMapping(),
        reporting: ReportingOptions = ReportingOptions(), sha256: String = ""
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.waves = waves
        self.groups = groups
        self.scales = scales
        self.dimensions = dimensions
        self.items = items
        self.outcome = outcome
        self.kpis = kpis
        self.columns = columns
        self.reporting = reporting
        self.sha256 = sha256
    }

    /// The scale of an item (the loader guarantees it exists).
    public func scale(of item: Item) -> Scale {
        guard let scale = scales.first(where: { $0.id == item.scale }) else {
            preconditionFailure("item \(item.id) names unknown scale \(item.scale)")
        }
        return scale
    }

    /// Index of the group with this id.
    public func groupIndex(_ id: String) -> Int? { groups.firstIndex { $0.id == id } }
    /// Index of the item with this id.
    public func itemIndex(_ id: String) -> Int? { items.firstIndex { $0.id == id } }
    /// Index of the dimension with this id.
    public func dimensionIndex(_ id: String) -> Int? { dimensions.firstIndex { $0.id == id } }
}

/// Who answered: learners, parents, employers, staff …
public struct Group: Hashable, Sendable {
    /// The ISO 21001 interested-party role a group stands for.
    public enum Role: String, Hashable, Sendable, CaseIterable {
        case learner, beneficiary, staff, other
    }

    /// Id used in data and output.
    public var id: String
    /// Human title.
    public var title: String
    /// Interested-party role.
    public var role: Role
    /// Codes in the data that mean this group, besides the id itself.
    public var values: [String]
    /// Invited population per wave label (for response rates, SPEC §5.9).
    public var population: [String: Int]

    /// Creates a group.
    public init(id: String, title: String, role: Role = .other, values: [String] = [], population: [String: Int] = [:]) {
        self.id = id
        self.title = title
        self.role = role
        self.values = values
        self.population = population
    }
}

/// The codes an item accepts (SPEC §1, §2).
public struct Scale: Hashable, Sendable {
    /// Likert-type or 0–10 recommendation.
    public enum Kind: String, Hashable, Sendable { case likert, nps }

    /// One non-substantive code ("9", "N/A", "Don't know") and the reason it stands for.
    public struct MissingCode: Hashable, Sendable {
        /// The text as it appears in the data.
        public var code: String
        /// The reason reported in `missing` counts.
        public var reason: String
        /// Creates a missing code.
        public init(code: String, reason: String) {
            self.code = code
            self.reason = reason
        }
    }

    /// Id used by items.
    public var id: String
    /// Lowest valid code L.
    public var lower: Int
    /// Highest valid code U.
    public var upper: Int
    /// Label per code, for every code L...U that has one.
    public var labels: [Int: String]
    /// Favourable codes (a subset of L...U).
    public var favourable: [Int]
    /// Unfavourable codes (a subset of L...U).
    public var unfavourable: [Int]
    /// Non-substantive codes, in file order.
    public var missing: [MissingCode]
    /// The export holds labels ("Agree") rather than codes.
    public var labelsInData: Bool
    /// Likert or NPS.
    public var kind: Kind

    /// Creates a scale.
    public init(
        id: String, lower: Int, upper: Int, labels: [Int: String] = [:], favourable: [Int] = [],
        unfavourable: [Int] = [], missing: [MissingCode] = [], labelsInData: Bool = false, kind: Kind = .likert
    ) {
        self.id = id
        self.lower = lower
        self.upper = upper
        self.labels = labels
        self.favourable = favourable
        self.unfavourable = unfavourable
        self.missing = missing
        self.labelsInData = labelsInData
        self.kind = kind
    }

    /// The distinct missing reasons in first-seen order; a reason's index here is its code.
    public var missingReasons: [String] {
        var seen: [String] = []
        for code in missing where !seen.contains(code.reason) { seen.append(code.reason) }
        return seen
    }

    /// Number of valid codes, U − L + 1.
    public var valueCount: Int { upper - lower + 1 }

    /// Valid codes are limited so that every answer fits an `Int16` with room for sentinels.
    public static let codeRange: ClosedRange<Int> = -1000...1000
}

/// A theme measured by several items on one scale.
public struct Dimension: Hashable, Sendable {
    /// Id.
    public var id: String
    /// Human title.
    public var title: String
    /// Weight in the satisfaction index (SPEC §5.3), default 1.
    public var weight: Double

    /// Creates a dimension.
    public init(id: String, title: String, weight: Double = 1) {
        self.id = id
        self.title = title
        self.weight = weight
    }
}

/// One rated question.
public struct Item: Hashable, Sendable {
    /// Id used in output and (by default) as the export column name.
    public var id: String
    /// The question text.
    public var text: String
    /// Scale id.
    public var scale: String
    /// Dimension id, when the item belongs to one.
    public var dimension: String?
    /// Recoded `L + U − x` before any statistic.
    public var reverse: Bool
    /// The groups the item is asked of; `nil` means every group.
    public var groups: [String]?

    /// Creates an item.
    public init(id: String, text: String, scale: String, dimension: String? = nil, reverse: Bool = false, groups: [String]? = nil) {
        self.id = id
        self.text = text
        self.scale = scale
        self.dimension = dimension
        self.reverse = reverse
        self.groups = groups
    }

    /// Whether the item is asked of a group.
    public func isAsked(of group: String) -> Bool { groups?.contains(group) ?? true }
}

/// A named measure with a target: a quality objective (ISO 21001 6.2).
public struct KPI: Hashable, Sendable {
    /// What is measured (SPEC §5.7).
    public enum Measure: String, Hashable, Sendable, CaseIterable {
        case index, mean, favourable, unfavourable, nps
        case responseRate = "response-rate"
    }

    /// Whether higher values are better.
    public enum Direction: String, Hashable, Sendable { case higher, lower }

    /// Id.
    public var id: String
    /// Human title.
    public var title: String
    /// The groups it applies to; `nil` means every group (and `all`).
    public var groups: [String]?

    /// Whether the KPI is reported for a group's cells (`all` included when no groups are named).
    public func applies(to group: String) -> Bool { groups?.contains(group) ?? true }
    /// What is measured.
    public var measure: Measure
    /// Item id, when measured over an item.
    public var item: String?
    /// Dimension id, when measured over a dimension.
    public var dimension: String?
    /// The value that meets the objective.
    public var target: Double
    /// The value below target that is still only at risk.
    public var threshold: Double?
    /// `lower` flips every comparison.
    public var direction: Direction

    /// Creates a KPI.
    public init(
        id: String, title: String, groups: [String]? = nil, measure: Measure, item: String? = nil,
        dimension: String? = nil, target: Double, threshold: Double? = nil, direction: Direction = .higher
    ) {
        self.id = id
        self.title = title
        self.groups = groups
        self.measure = measure
        self.item = item
        self.dimension = dimension
        self.target = target
        self.threshold = threshold
        self.direction = direction
    }
}

/// How a wave label is derived from a date column (`columns.wave-from`).
public struct WaveFrom: Hashable, Sendable {
    /// Calendar year (`2025`) or academic year (`2025/26`).
    public enum Calendar: String, Hashable, Sendable {
        case year
        case academicYear = "academic-year"
    }

    /// The date column.
    public var column: String
    /// How dates become labels.
    public var calendar: Calendar
    /// First month (1–12) of an academic year.
    public var startsMonth: Int
    /// How `a/b/yyyy` dates are read when the instrument says (`dates: day-first` or
    /// `month-first`); nil leaves it to the export format, and a date whose two readings fall in
    /// different waves is then rejected.
    public var dateOrder: DateOrder?

    /// The order of day and month in a date such as `03/10/2025`.
    public enum DateOrder: String, Hashable, Sendable {
        /// 3 October 2025 (most of the world; European spreadsheets and Google Forms in their
        /// locales).
        case dayFirst = "day-first"
        /// 10 March 2025 (US spreadsheets, SurveyMonkey, Microsoft Forms).
        case monthFirst = "month-first"
    }

    /// Creates a rule.
    public init(column: String, calendar: Calendar, startsMonth: Int = 9, dateOrder: DateOrder? = nil) {
        self.column = column
        self.calendar = calendar
        self.startsMonth = startsMonth
        self.dateOrder = dateOrder
    }
}

/// Export column → concept (SPEC §2 `columns:`).
public struct ColumnMapping: Hashable, Sendable {
    /// Respondent id column (unique per wave and group).
    public var respondent: String
    /// Group column.
    public var group: String
    /// Wave column.
    public var wave: String
    /// Derive the wave from a date instead.
    public var waveFrom: WaveFrom?
    /// Design weight column.
    public var weight: String?
    /// Segment columns, in the order breakdowns are reported.
    public var segments: [String]
    /// Duration column, seconds.
    public var duration: String?
    /// Free-text columns: read, never aggregated.
    public var comments: [String]
    /// Item id → export column, where they differ.
    public var items: [String: String]
    /// Kinds of marked response (tests, previews, unfinished …) to keep rather than exclude.
    public var include: Set<ExcludedResponse> = []
    /// Per-format or per-file mappings over these defaults, in file order.
    public var overrides: [ColumnOverride] = []

    /// Creates a mapping with SPEC §2's defaults.
    public init(
        respondent: String = "respondent", group: String = "group", wave: String = "wave",
        waveFrom: WaveFrom? = nil, weight: String? = nil, segments: [String] = [],
        duration: String? = nil, comments: [String] = [], items: [String: String] = [:]
    ) {
        self.respondent = respondent
        self.group = group
        self.wave = wave
        self.waveFrom = waveFrom
        self.weight = weight
        self.segments = segments
        self.duration = duration
        self.comments = comments
        self.items = items
    }

    /// The export column that holds an item.
    public func column(for item: Item) -> String { items[item.id] ?? item.id }
}

/// `reporting:` settings.
public struct ReportingOptions: Hashable, Sendable {
    /// How Cronbach's α treats incomplete respondents.
    public enum AlphaMissing: String, Hashable, Sendable { case listwise, pairwise }

    /// Primary suppression threshold (SPEC §5.8).
    public var minimumN: Int
    /// Publication rule on response rate, 0 to disable.
    public var minimumResponseRate: Double
    /// Confidence level for every interval.
    public var confidence: Double
    /// Share of a dimension's items a respondent must answer to get a score.
    public var dimensionMinimumAnswered: Double
    /// α's missing-data rule.
    public var alphaMissing: AlphaMissing
    /// Key drivers are suppressed below this n.
    public var driverMinimumN: Int
    /// Threshold on Benjamini–Hochberg q values.
    public var significance: Double

    /// Creates options with SPEC §2's defaults.
    public init(
        minimumN: Int = 10, minimumResponseRate: Double = 0, confidence: Double = 0.95,
        dimensionMinimumAnswered: Double = 0.5, alphaMissing: AlphaMissing = .listwise,
        driverMinimumN: Int = 30, significance: Double = 0.05
    ) {
        self.minimumN = minimumN
        self.minimumResponseRate = minimumResponseRate
        self.confidence = confidence
        self.dimensionMinimumAnswered = dimensionMinimumAnswered
        self.alphaMissing = alphaMissing
        self.driverMinimumN = driverMinimumN
        self.significance = significance
    }
}
