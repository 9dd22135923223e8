import SurveyModel
import SurveyStatistics

/// One stakeholder group of one instrument in the pack (or the instrument's `all`).
struct PackGroup {
    /// Index of the entry in the pack.
    var entry: Int
    /// Group id, or `all`.
    var id: String
    /// Human title.
    var title: String
    /// Interested-party role; `nil` for `all`.
    var role: Group.Role?
    /// The entry's report.
    var report: Report
    /// The entry's instrument.
    var instrument: Instrument
}

/// Builds the ``PackDocument`` of a ``ReviewPack``: the sections follow the inputs to management
/// review that ISO 21001 9.3.2 lists and that survey results can supply.
struct ReviewPackBuilder {
    let pack: ReviewPack

    init(_ pack: ReviewPack) { self.pack = pack }

    /// Whether the pack covers more than one instrument (group names then say which).
    var isCombined: Bool { pack.entries.count > 1 }

    /// The whole document.
    func build() -> PackDocument {
        let titles = pack.entries.map { entry in entry.instrument.title + (entry.instrument.version.map { " (version \($0))" } ?? "") }
        var subtitle = titles
        let waves = pack.entries.map { $0.report.waves.joined(separator: ", ") }
        let uniqueWaves = waves.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !uniqueWaves.isEmpty { subtitle.append("Waves " + uniqueWaves.joined(separator: "; ") + " · latest wave " + latestWaves) }
        let lead = [
            "Inputs to management review (ISO 21001 clause 9.3.2) from the stakeholder surveys, organised by the review inputs they supply. "
                + "Figures are for the latest wave unless a column says otherwise; changes compare it with the wave before.",
            "A change is called significant when its Benjamini–Hochberg adjusted q value is below the significance level "
                + "(\(significanceLevels)). Groups and items with fewer than the minimum number of answers are suppressed and say so.",
        ]
        return PackDocument(
            title: "Management review pack", subtitle: subtitle, lead: lead,
            sections: [
                summarySection(), satisfactionSection(), objectivesSection(), trendsSection(), monitoringSection(),
                actionsSection(), opportunitiesSection(), provenanceSection(),
            ])
    }

    /// Every group of every instrument, in instrument order, each instrument's `all` last.
    var groups: [PackGroup] {
        var out: [PackGroup] = []
        for (index, entry) in pack.entries.enumerated() {
            for group in entry.instrument.groups {
                out.append(PackGroup(entry: index, id: group.id, title: group.title, role: group.role, report: entry.report, instrument: entry.instrument))
            }
            if entry.instrument.groups.count > 1 {
                out.append(PackGroup(entry: index, id: "all", title: "All respondents", role: nil, report: entry.report, instrument: entry.instrument))
            }
        }
        return out
    }

    /// A group's name in headings and tables; names the instrument when the pack has several.
    func name(_ group: PackGroup) -> String {
        isCombined ? "\(group.title) (\(group.instrument.title))" : group.title
    }

    /// An anchor id unique to a group.
    func anchor(_ prefix: String, _ group: PackGroup) -> String {
        ReviewPackFormat.anchor(prefix, isCombined ? "\(group.entry + 1)" : "", group.id)
    }

    /// The whole-group cell of a group in a wave.
    func cell(_ group: PackGroup, wave: String?) -> Cell? {
        guard let wave else { return nil }
        return group.report.cells.first { $0.wave == wave && $0.group == group.id && $0.segment == nil }
    }

    /// The latest wave of a group's report.
    func latest(_ group: PackGroup) -> String? { group.report.waves.last }

    /// The wave before the latest.
    func previous(_ group: PackGroup) -> String? {
        let waves = group.report.waves
        return waves.count >= 2 ? waves[waves.count - 2] : nil
    }

    /// The wave-to-wave change of a whole-group measure into the latest wave.
    func trend(_ group: PackGroup, kind: String, id: String, measure: String? = nil) -> Trend? {
        let to = latest(group)
        return group.report.trends.first {
            $0.group == group.id && $0.segment == nil && $0.kind == kind && $0.id == id && $0.to == to
                && (measure == nil || $0.measure == measure)
        }
    }

    /// An item's label: `A4 I get useful feedback that helps me improve`.
    func itemLabel(_ id: String, in instrument: Instrument) -> String {
        guard let item = instrument.items.first(where: { $0.id == id }) else { return id }
        return "\(item.id) \(item.text)"
    }

    /// A dimension's title.
    func dimensionTitle(_ id: String, in instrument: Instrument) -> String {
        instrument.dimensions.first { $0.id == id }?.title ?? id
    }

    /// The latest waves of the entries, without repeats.
    private var latestWaves: String {
        let waves = pack.entries.compactMap { $0.report.waves.last }
        return waves.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
    }

    private var significanceLevels: String {
        let levels = pack.entries.map { TextFormatting.fixed($0.report.settings.significance, 2) }
        return levels.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
    }
}
