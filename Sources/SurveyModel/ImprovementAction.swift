/// An improvement or corrective action that management decided on, linked to the survey measure
/// that should show whether it worked (ISO 21001 10.2, 10.3; input a) of 9.3.2).
///
/// Read from an actions file by `ActionsLoader` in SurveyIngest, which checks every link against
/// the instruments; evaluated by `ActionEffectiveness` in SurveyStatistics.
public struct ImprovementAction: Hashable, Sendable {
    /// Where an action stands.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// Decided, not started.
        case planned
        /// Under way.
        case inProgress = "in-progress"
        /// Done; its effect should now show in the linked measure.
        case completed
        /// Dropped.
        case cancelled
    }

    /// The survey measure an action should move.
    public struct Link: Hashable, Sendable {
        /// What the link names.
        public enum Target: Hashable, Sendable {
            /// A KPI of the instrument; its own measure, item or dimension apply.
            case kpi(String)
            /// An item, with ``Link/measure``.
            case item(String)
            /// A dimension, with ``Link/measure``.
            case dimension(String)
        }

        /// The instrument id the measure belongs to.
        public var instrument: String
        /// The KPI, item or dimension.
        public var target: Target
        /// The stakeholder group (or `all`) whose whole-group cell is compared.
        public var group: String
        /// What is measured: for a KPI link, the KPI's own measure.
        public var measure: KPI.Measure
        /// Whether lower values are better (a `direction: lower` KPI, an unfavourable share).
        public var lowerIsBetter: Bool

        /// Creates a link.
        public init(instrument: String, target: Target, group: String, measure: KPI.Measure, lowerIsBetter: Bool = false) {
            self.instrument = instrument
            self.target = target
            self.group = group
            self.measure = measure
            self.lowerIsBetter = lowerIsBetter
        }

        /// The id of the KPI, item or dimension.
        public var targetID: String {
            switch target {
            case .kpi(let id), .item(let id), .dimension(let id): id
            }
        }
    }

    /// Stable id (`IA-2025-03`), so the next review can report on it.
    public var id: String
    /// What is being done.
    public var title: String
    /// Who is responsible.
    public var owner: String
    /// The wave whose results led to the action: the baseline for its effectiveness.
    public var opened: String
    /// Due date as written, `YYYY-MM-DD`.
    public var due: String?
    /// Where it stands.
    public var status: Status
    /// The measure that should move.
    public var link: Link
    /// The change the action is expected to bring, in the measure's units (a share as 0–1,
    /// index and NPS points); its sign says which way is better.
    public var expectedChange: Double?
    /// Free-text notes (printed escaped, never interpreted).
    public var notes: String?

    /// Creates an action.
    public init(
        id: String, title: String, owner: String, opened: String, due: String? = nil, status: Status,
        link: Link, expectedChange: Double? = nil, notes: String? = nil
    ) {
        self.id = id
        self.title = title
        self.owner = owner
        self.opened = opened
        self.due = due
        self.status = status
        self.link = link
        self.expectedChange = expectedChange
        self.notes = notes
    }

    /// +1 when higher values mean improvement, −1 when lower values do: the sign of the expected
    /// change when one is given, else the measure's own direction.
    public var improvementSign: Double {
        if let expectedChange, expectedChange != 0 { return expectedChange > 0 ? 1 : -1 }
        return link.lowerIsBetter ? -1 : 1
    }
}

/// The actions of one actions file, with its provenance.
public struct ActionPlan: Hashable, Sendable {
    /// The file as the user named it.
    public var path: String
    /// Lowercase hex SHA-256 of its bytes.
    public var sha256: String
    /// The actions in file order.
    public var actions: [ImprovementAction]

    /// Creates a plan.
    public init(path: String, sha256: String, actions: [ImprovementAction]) {
        self.path = path
        self.sha256 = sha256
        self.actions = actions
    }
}
