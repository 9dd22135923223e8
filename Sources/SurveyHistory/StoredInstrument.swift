import Foundation
import SurveyModel

/// What the history keeps about an instrument besides its results: titles for display, the
/// settings its tests use, and the state that lets a run skip unchanged inputs.
public struct StoredInstrument: Hashable, Sendable, Codable {
    /// A group's id, title and ISO 21001 role.
    public struct GroupInfo: Hashable, Sendable, Codable {
        /// Id.
        public var id: String
        /// Title.
        public var title: String
        /// `learner`, `beneficiary`, `staff` or `other`.
        public var role: String
    }

    /// A KPI's definition, as needed to show and test it.
    public struct KPIInfo: Hashable, Sendable, Codable {
        /// Id.
        public var id: String
        /// Title.
        public var title: String
        /// `index`, `mean`, `favourable`, `unfavourable`, `nps` or `response-rate`.
        public var measure: String
        /// `higher` or `lower` (which way is better).
        public var direction: String
    }

    /// Id.
    public var id: String
    /// Title.
    public var title: String
    /// Version label.
    public var version: String?
    /// SHA-256 of the instrument file.
    public var sha256: String
    /// Confidence level of its intervals.
    public var confidence: Double
    /// Significance level on BH q-values.
    public var significance: Double
    /// Groups in instrument order.
    public var groups: [GroupInfo]
    /// KPIs in instrument order.
    public var kpis: [KPIInfo]
    /// The declared wave order, when the instrument gives one.
    public var declaredWaves: [String]?

    /// The stored form of an instrument.
    public init(_ instrument: Instrument) {
        id = instrument.id
        title = instrument.title
        version = instrument.version
        sha256 = instrument.sha256
        confidence = instrument.reporting.confidence
        significance = instrument.reporting.significance
        groups = instrument.groups.map { GroupInfo(id: $0.id, title: $0.title, role: $0.role.rawValue) }
        kpis = instrument.kpis.map { KPIInfo(id: $0.id, title: $0.title, measure: $0.measure.rawValue, direction: $0.direction.rawValue) }
        declaredWaves = instrument.waves
    }

    /// The JSON stored in the `definition` column: groups, KPIs and declared waves.
    var definitionJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definition = Definition(groups: groups, kpis: kpis, waves: declaredWaves)
        return (try? encoder.encode(definition)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The part of an instrument kept as JSON.
    struct Definition: Codable {
        var groups: [GroupInfo]
        var kpis: [KPIInfo]
        var waves: [String]?
    }

    /// Rebuilds the stored form from table columns.
    init(id: String, title: String, version: String?, sha256: String, confidence: Double, significance: Double, definition: String) {
        self.id = id
        self.title = title
        self.version = version
        self.sha256 = sha256
        self.confidence = confidence
        self.significance = significance
        let decoded = try? JSONDecoder().decode(Definition.self, from: Data(definition.utf8))
        groups = decoded?.groups ?? []
        kpis = decoded?.kpis ?? []
        declaredWaves = decoded?.waves
    }
}

/// One input file as the last successful run of its instrument saw it.
public struct StoredInput: Hashable, Sendable, Codable {
    /// Path relative to the run configuration's folder.
    public var path: String
    /// SHA-256 of its bytes.
    public var sha256: String
    /// Format id.
    public var format: String
    /// Records read.
    public var read: Int
    /// Records accepted.
    public var accepted: Int
    /// Records rejected.
    public var rejected: Int

    /// Creates an input record.
    public init(path: String, sha256: String, format: String, read: Int, accepted: Int, rejected: Int) {
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.read = read
        self.accepted = accepted
        self.rejected = rejected
    }
}

/// What a run compares to decide whether an instrument must be read again.
public struct InstrumentState: Hashable, Sendable {
    /// The instrument as stored.
    public var instrument: StoredInstrument
    /// Its inputs, by path.
    public var inputs: [StoredInput]
    /// Where and in which formats its outputs were last written.
    public var outputSignature: String
    /// Whether those outputs were all written after the results were committed.
    public var outputsCurrent: Bool
}
