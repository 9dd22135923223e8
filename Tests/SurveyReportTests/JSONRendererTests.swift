import SurveyModel
import SurveyReport
import SurveyStatistics
import Testing

@Suite struct JSONRendererTests {
    func report(cells: [Cell]) -> Report {
        Report(
            instrument: .init(id: "x", title: "X/Y", version: nil, sha256: String(repeating: "0", count: 64)),
            inputs: [], settings: .init(confidence: 0.95, minimumN: 10, minimumResponseRate: 0, alphaMissing: "listwise", dimensionMinimumAnswered: 0.5, weighted: false, segments: [], excluded: [], significance: 0.05),
            waves: ["2026"], cells: cells)
    }

    @Test func suppressedCellsCarryOnlyTheirSize() throws {
        var cell = Cell(wave: "2026", group: "staff", segment: SegmentRef(name: "campus", value: "North"), respondents: 4)
        cell.suppressed = .lowN
        cell.items = [ItemStats(id: "Q1", n: 4, mean: 3.5)]
        cell.index = IndexValue(value: 62.5, ci: nil, n: 4)
        let json = try JSONRenderer().render(report(cells: [cell]), instrument: Instrument(id: "x", title: "X", groups: [], scales: [], dimensions: [], items: []))
        #expect(json.contains("\"suppressed\" : \"low-n\""))
        #expect(!json.contains("\"items\""))
        #expect(!json.contains("62.5"))
        #expect(json.contains("\"title\" : \"X/Y\""), "slashes are not escaped")
        #expect(json.hasSuffix("}\n"))
    }

    @Test func wholeGroupCellsHaveAnExplicitNullSegment() throws {
        let cell = Cell(wave: "2026", group: "learner", segment: nil, respondents: 40)
        let json = try JSONRenderer().render(report(cells: [cell]), instrument: Instrument(id: "x", title: "X", groups: [], scales: [], dimensions: [], items: []))
        #expect(json.contains("\"segment\" : null"))
        #expect(json.contains("\"suppressed\" : null"))
    }

    @Test func nonFiniteNumbersAreRefusedNotWritten() {
        var cell = Cell(wave: "2026", group: "learner", segment: nil, respondents: 40)
        cell.index = IndexValue(value: .nan, ci: nil, n: 40)
        #expect(throws: ReportRenderError.self) {
            _ = try JSONRenderer().render(report(cells: [cell]), instrument: Instrument(id: "x", title: "X", groups: [], scales: [], dimensions: [], items: []))
        }
    }
}
