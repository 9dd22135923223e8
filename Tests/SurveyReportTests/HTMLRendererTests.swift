import Foundation
import SurveyModel
@testable import SurveyReport
import SurveyStatistics
import SurveyTestSupport
import Testing

/// The HTML review pack: a golden on the fixture; self-contained; a text alternative and a
/// table behind every chart; every outside text escaped.
@Suite struct HTMLRendererTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func render(hostile: Bool = false) throws -> String {
        try HTMLRenderer(actions: MarkdownRendererTests.actions).render(PackFixture.report(hostile: hostile), instrument: PackFixture.instrument(hostile: hostile))
    }

    /// Occurrences of a string.
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func matchesTheGolden() throws {
        assertGolden(try render(), file: "review-pack-fixture.html", directory: Self.golden)
    }

    @Test func isSelfContained() throws {
        let html = try render()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"))
        for outside in ["http://", "https://", "src=", "<script", "<link", "<img", "<iframe", "url(", "@import", "xlink:href"] {
            #expect(!html.contains(outside), "\(outside) would fetch or run something")
        }
        #expect(count("<style>", in: html) == 1)
        #expect(html.contains("@media print"))
    }

    @Test func chartsHaveTextAlternativesAndTables() throws {
        let html = try render()
        let figures = html.components(separatedBy: "<figure ").dropFirst()
        #expect(figures.count == 7, "item bars of learners and staff, KPI trends of the four groups, learners' drivers")
        for figure in figures {
            let body = figure.components(separatedBy: "</figure>")[0]
            #expect(body.contains("<svg class=\"chart"), "a chart")
            #expect(body.contains("role=\"img\" aria-label=\""), "an accessible name")
            #expect(body.contains("<p class=\"alt\">"), "a text alternative")
            #expect(body.contains("<table class=\"data\">"), "the table behind it")
        }
        #expect(html.contains("class=\"chart likert-chart\""))
        #expect(html.contains("class=\"chart trend-chart\""))
        #expect(html.contains("class=\"chart ipa-chart\""))
        #expect(html.contains("<table id=\"kpi-table\" class=\"data\">"))
        #expect(count("<li class=\"tile ", in: html) == 6, "one tile per KPI and group in the latest wave")
        #expect(html.contains("<span class=\"badge at-risk\">at risk</span>"), "status is written out, not only coloured")
        #expect(html.contains("<li class=\"tile no-data\">"), "the suppressed parents' KPI shows as no data")
    }

    @Test func isDeterministic() throws {
        #expect(try render() == render())
    }

    /// Hostile instrument titles, item texts, KPI titles, segment values, paths and warnings
    /// appear only escaped, in text and in attributes.
    @Test func hostileTextIsEscaped() throws {
        let html = try render(hostile: true)
        for raw in ["<script", "<img", "<b>", "<i>", "<u>", "onerror=alert(1)>"] {
            #expect(!html.contains(raw), "raw \(raw) in the HTML")
        }
        #expect(html.contains("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; Survey"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Feedback &amp; help"))
        #expect(html.contains("<title>Management review pack — &lt;script&gt;"))
        #expect(html.contains("data/&lt;x&gt;.csv"))
        #expect(html.contains("&lt;u&gt;North&lt;/u&gt;"))
        #expect(html.contains("dimension &lt;teaching&gt; looks odd"))
    }

    @Test(arguments: [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
        ("bell\u{07}del\u{7F}", "bell\u{FFFD}del\u{FFFD}"),
        ("tab\tnewline\n", "tab\tnewline\n"),
    ])
    func escaping(input: String, expected: String) {
        #expect(HTMLEscaping.text(input) == expected)
    }
}
