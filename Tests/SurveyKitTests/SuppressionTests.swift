import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// Complementary suppression defeats the subtraction attack: in no breakdown can a suppressed
/// cell be recovered as "whole minus the published parts".
@Suite struct SuppressionTests {
    static let demo = ProcessRunner.packageRoot.appendingPathComponent("Surveys/stakeholder-survey.yaml").path

    /// The respondents an attacker could isolate by subtraction in one breakdown: the hidden
    /// members plus the unpublished remainder. Safe when nothing is hidden, or when at least two
    /// members are hidden and together they hold at least `minimum-n` respondents.
    func assertSafe(whole: Cell, members: [Cell], minimumN: Int, _ label: String) {
        let hidden = members.filter { $0.suppressed != nil }
        let remainder = whole.respondents - members.reduce(0) { $0 + $1.respondents }
        let hiddenCount = hidden.count + (remainder > 0 && remainder < minimumN ? 1 : 0)
        let hiddenTotal = hidden.reduce(0) { $0 + $1.respondents } + (remainder < minimumN ? remainder : 0)
        #expect(hiddenCount == 0 || (hiddenCount >= 2 && hiddenTotal >= minimumN),
                "\(label): \(hiddenCount) hidden part(s) with \(hiddenTotal) respondents could be recovered by subtraction")
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func noSuppressedCellCanBeRecovered(seed: UInt64) throws {
        let instrument = try InstrumentLoader.load(path: Self.demo)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: 350, waves: 2, seed: seed))
        var text = DataGenerator.csvLine(generator.header)
        generator.generate { _, fields in text += DataGenerator.csvLine(fields) }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("small.csv", text)
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.demo, inputs: [path])).report
        let minimumN = report.settings.minimumN
        #expect(report.cells.contains { $0.suppressed == .lowN }, "the data must have small cells for the test to mean anything")
        #expect(report.cells.contains { $0.suppressed == .complementary })
        for whole in report.cells where whole.segment == nil && whole.suppressed == nil {
            for segment in report.settings.segments {
                let members = report.cells.filter { $0.wave == whole.wave && $0.group == whole.group && $0.segment?.name == segment }
                assertSafe(whole: whole, members: members, minimumN: minimumN, "\(whole.wave)/\(whole.group)/\(segment)")
            }
        }
        for all in report.cells where all.group == "all" && all.suppressed == nil {
            let members = report.cells.filter { $0.wave == all.wave && $0.group != "all" && $0.segment == all.segment }
            assertSafe(whole: all, members: members, minimumN: minimumN, "\(all.wave)/all/\(all.segment?.value ?? "whole")")
        }
        // A hidden cell shows nothing but its size.
        for cell in report.cells where cell.suppressed != nil {
            #expect(cell.items.isEmpty && cell.dimensions.isEmpty && cell.kpis.isEmpty && cell.index == nil)
        }
    }
}
