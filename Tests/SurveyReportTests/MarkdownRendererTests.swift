import Foundation
import SurveyModel
import SurveyReport
import SurveyStatistics
import SurveyTestSupport
import Testing

/// The Markdown review pack: a golden on the fixture, the 9.3.2 structure, determinism, and
/// escaping of every text that comes from outside.
@Suite struct MarkdownRendererTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let actions = ActionPlan(path: "actions.yaml", sha256: String(repeating: "ef", count: 32), actions: [
        ImprovementAction(
            id: "IA-1", title: "Feedback within ten days", owner: "Head of Teaching", opened: "2025", due: "2026-06-30", status: .completed,
            link: .init(instrument: "fixture", target: .kpi("feedback"), group: "learner", measure: .favourable), expectedChange: 0.05,
            notes: "Agreed at the last review."),
        ImprovementAction(
            id: "IA-2", title: "New help desk", owner: "IT", opened: "2026", status: .planned,
            link: .init(instrument: "fixture", target: .item("T1"), group: "learner", measure: .favourable)),
    ])

    func render(hostile: Bool = false, actions: ActionPlan? = MarkdownRendererTests.actions) throws -> String {
        try MarkdownRenderer(actions: actions).render(PackFixture.report(hostile: hostile), instrument: PackFixture.instrument(hostile: hostile))
    }

    @Test func matchesTheGolden() throws {
        assertGolden(try render(), file: "review-pack-fixture.md", directory: Self.golden)
    }

    @Test func sectionsFollowTheManagementReviewInputs() throws {
        let text = try render()
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == [
            "## 1. At a glance",
            "## 2. Satisfaction and feedback of learners, other beneficiaries and staff",
            "## 3. Extent to which quality objectives are met",
            "## 4. Trends",
            "## 5. Monitoring and measurement results",
            "## 6. Status and effectiveness of improvement actions",
            "## 7. Opportunities for improvement",
            "## 8. Provenance and method",
        ])
        for clause in ["9.3.2 c) 1)", "9.3.2 c) 2)", "9.3.2 c) 5)", "9.3.2 a), c) 4), 10.2", "9.3.2 f), 10.3"] {
            #expect(text.contains(clause))
        }
        #expect(text.contains("| IA-1 | Useful feedback (% agree) (KPI), Learners |"))
        #expect(text.contains("| effective |"))
        #expect(text.contains("no later wave yet"))
        #expect(text.contains("Suppressed (fewer than 10 respondents or answers)"), "the suppressed parents' cell says why")
    }

    @Test func isDeterministic() throws {
        #expect(try render() == render())
    }

    @Test func withoutActionsSaysHowToAddThem() throws {
        let text = try render(actions: nil)
        #expect(text.contains("No actions file was given. With --actions FILE"))
    }

    /// Hostile instrument titles, item texts, group titles and paths appear only escaped.
    @Test func hostileTextIsEscaped() throws {
        let text = try render(hostile: true)
        for raw in ["<script>", "<img", "<b>", "<i>", "<u>", "[x](y)", "| *marks*"] {
            #expect(!text.contains(raw), "raw \(raw) in the Markdown")
        }
        #expect(text.contains("&lt;script&gt;alert(\"t\")&lt;/script&gt; Survey"))
        #expect(text.contains("\"&gt;&lt;img src=x onerror=alert(1)&gt; Feedback & help"))
        #expect(text.contains("Teaching \\| \\*marks\\* \\[x\\](y)"))
    }

    @Test(arguments: [
        ("plain text", "plain text"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("q < 0.001 & r", "q < 0.001 & r"),
        ("&amp; &#60;", "&amp;amp; &amp;\\#60;"),
        ("a|b*c_d`e[f]g#h~i!j\\k", "a\\|b\\*c\\_d\\`e\\[f\\]g\\#h\\~i\\!j\\\\k"),
        ("line\nbreak\rand\ttab", "line break and tab"),
        ("- not a list", "\\- not a list"),
        ("12. not a list", "12\\. not a list"),
        ("-6.3", "-6.3"),
        ("69.9", "69.9"),
    ])
    func escaping(input: String, expected: String) {
        #expect(MarkdownEscaping.text(input) == expected)
    }
}
