import SurveyModel
import SurveyStatistics

/// Section 5 — status and effectiveness of improvement actions (9.3.2 a) and c) 4), 10.2).
extension ReviewPackBuilder {
    func actionsSection() -> PackSection {
        let clause = "ISO 21001 9.3.2 a), c) 4), 10.2"
        let title = "Status and effectiveness of improvement actions"
        guard let plan = pack.actions else {
            return PackSection(id: "actions", title: title, clause: clause, blocks: [
                .paragraph("No actions file was given. With --actions FILE the pack shows each action's status and whether its linked measure moved as intended."),
            ])
        }
        guard !plan.actions.isEmpty else {
            return PackSection(id: "actions", title: title, clause: clause, blocks: [.paragraph("The actions file \(plan.path) lists no actions.")])
        }
        let verdicts = ActionReview.Verdict.allCases.compactMap { verdict -> String? in
            let count = pack.reviews.filter { $0.verdict == verdict }.count
            return count == 0 ? nil : "\(count) \(ReviewPackFormat.verdict(verdict))"
        }
        var blocks: [PackBlock] = [
            .paragraph("\(plan.actions.count) action\(plan.actions.count == 1 ? "" : "s") from \(plan.path): " + verdicts.joined(separator: ", ") + "."),
            .table(statusTable(plan)),
            .table(effectivenessTable(plan)),
            .note("Each action's linked measure in its opening wave is compared with the latest wave: Welch's t test for means and indices, the two-proportion z test for shares and response rates, a z test for NPS and, for a dimension's favourable share, a conservative z test. The p values of all actions are adjusted together (Benjamini–Hochberg). Effective: a significant change in the intended direction that reaches the expected change; worse: a significant change the other way; not yet effective: otherwise."),
        ]
        let notes = plan.actions.compactMap { action in action.notes.map { "\(action.id): \($0)" } }
        if !notes.isEmpty {
            blocks.append(.heading(level: 3, text: "Notes", id: "action-notes"))
            blocks.append(.bullets(notes))
        }
        return PackSection(id: "actions", title: title, clause: clause, blocks: blocks)
    }

    private func statusTable(_ plan: ActionPlan) -> PackTable {
        PackTable(
            id: "actions-table", caption: "Actions and their status",
            columns: [PackColumn("Action", key: true), PackColumn("Title"), PackColumn("Owner"), PackColumn("Opened", key: true), PackColumn("Due", key: true), PackColumn("Status")],
            rows: plan.actions.map { action in
                [
                    PackCell(action.id), PackCell(action.title), PackCell(action.owner), PackCell("wave \(action.opened)"),
                    PackCell(action.due ?? "—"), PackCell(action.status.rawValue.replacingOccurrences(of: "-", with: " "), tone: action.status == .cancelled ? .muted : nil),
                ]
            })
    }

    private func effectivenessTable(_ plan: ActionPlan) -> PackTable {
        PackTable(
            id: "effectiveness-table", caption: "Effectiveness: the linked measure at the opening wave against the latest wave",
            columns: [
                PackColumn("Action", key: true), PackColumn("Linked measure, group"), PackColumn("Opening", numeric: true),
                PackColumn("Latest", numeric: true), PackColumn("Change", numeric: true), PackColumn("Expected", numeric: true),
                PackColumn("q", numeric: true), PackColumn("Verdict", key: true), PackColumn("Why"),
            ],
            rows: plan.actions.map { action in
                let measure = action.link.measure
                guard let review = pack.review(of: action) else {
                    return [PackCell(action.id), PackCell(linkName(action.link) + ", " + action.link.group), "—", "—", "—", "—", "—",
                            PackCell("insufficient data", tone: .noData), PackCell("instrument \(action.link.instrument) is not in this pack")]
                }
                let before = review.before.map { "\(review.from): " + ReviewPackFormat.value($0, measure) } ?? "\(review.from): —"
                let after = review.after.map { "\(review.to ?? ""): " + ReviewPackFormat.value($0, measure) } ?? "—"
                return [
                    PackCell(action.id), PackCell(linkName(action.link) + ", " + groupName(action.link)), PackCell(before), PackCell(after),
                    PackCell(review.change.map { ReviewPackFormat.change($0, measure) } ?? "—"),
                    PackCell(action.expectedChange.map { ReviewPackFormat.change($0, measure) } ?? "—"),
                    PackCell(review.q.map(ReviewPackFormat.probability) ?? "—"),
                    PackCell(ReviewPackFormat.verdict(review.verdict), tone: ReviewPackFormat.tone(review.verdict)),
                    PackCell(basisText(review, action: action)),
                ]
            })
    }

    /// Why a verdict is what it is, in words.
    func basisText(_ review: ActionReview, action: ImprovementAction) -> String {
        let detail = review.detail?.split(separator: " ").map(String.init) ?? []
        let wave = detail.first ?? review.from
        switch review.basis {
        case .noLaterWave: return "no later wave yet"
        case .openingWaveNotInData: return "wave \(review.from) is not among the waves analysed"
        case .noCell: return "no responses from this group in wave \(wave)"
        case .suppressed:
            let minimumN = pack.entries.first { $0.instrument.id == review.instrument }?.report.settings.minimumN ?? 0
            let reason = detail.count > 1 ? SuppressionReason(rawValue: detail[1]) : nil
            return "suppressed in wave \(wave)" + (reason.map { " (\(ReviewPackFormat.suppression($0, minimumN: minimumN)))" } ?? "")
        case .noValue: return "the measure has no value in wave \(wave)"
        case .noTest: return "no test applies (no variation)"
        case .notSignificant: return "change not significant"
        case .shortOfExpected: return "improved, short of the expected change"
        case .improved: return action.expectedChange == nil ? "improved significantly" : "reached the expected change"
        case .declined: return "moved the wrong way"
        }
    }
}
