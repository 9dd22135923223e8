import SurveyModel
import SurveyStatistics

/// What a management review pack (SPEC §6.3) is made from: one or more analysed instruments and,
/// optionally, the improvement actions with their effectiveness.
///
/// The nightly job builds one pack from every instrument it ran, so that one document covers
/// every stakeholder group of every instrument:
///
/// ```swift
/// let pack = ReviewPack([(learnerReport, learnerInstrument), (staffReport, staffInstrument)], actions: plan)
/// let html = try HTMLRenderer().render(pack)
/// let markdown = try MarkdownRenderer().render(pack)
/// ```
public struct ReviewPack: Sendable {
    /// One analysed instrument.
    public struct Entry: Sendable {
        /// The analysis.
        public var report: Report
        /// The instrument it was computed for.
        public var instrument: Instrument

        /// Creates an entry.
        public init(report: Report, instrument: Instrument) {
            self.report = report
            self.instrument = instrument
        }
    }

    /// The instruments, in the order the pack presents them.
    public var entries: [Entry]
    /// The actions file, when one was given.
    public var actions: ActionPlan?
    /// The effectiveness of each action whose instrument is in the pack, in action order.
    public var reviews: [ActionReview]

    /// Creates a pack and reviews the actions against the entries' reports (their p values are
    /// adjusted together, see ``ActionEffectiveness``).
    ///
    /// - Parameters:
    ///   - entries: The analysed instruments.
    ///   - actions: The actions file, if any.
    public init(entries: [Entry], actions: ActionPlan? = nil) {
        self.entries = entries
        self.actions = actions
        let byID = Dictionary(entries.map { ($0.instrument.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.reviews = ActionEffectiveness.review(actions?.actions ?? []) { id in
            byID[id].map { ($0.report, $0.instrument) }
        }
    }

    /// Creates a pack from (report, instrument) pairs.
    public init(_ analyses: [(Report, Instrument)], actions: ActionPlan? = nil) {
        self.init(entries: analyses.map { Entry(report: $0.0, instrument: $0.1) }, actions: actions)
    }

    /// The review of an action, when its instrument is in the pack.
    public func review(of action: ImprovementAction) -> ActionReview? {
        reviews.first { $0.action == action.id }
    }
}

/// Something that renders a whole ``ReviewPack`` (several instruments at once).
public protocol ReviewPackRenderer {
    /// The format id (`markdown`, `html`).
    var format: String { get }
    /// Renders the pack. The same pack always gives the same bytes.
    func render(_ pack: ReviewPack) throws -> String
}

/// Any review-pack renderer is also a single-report renderer: the report is a pack of one.
extension ReviewPackRenderer where Self: ReportRenderer {
    /// Renders a pack of one report, with the renderer's actions.
    func renderSingle(_ report: Report, instrument: Instrument, actions: ActionPlan?) throws -> String {
        try render(ReviewPack([(report, instrument)], actions: actions))
    }
}
