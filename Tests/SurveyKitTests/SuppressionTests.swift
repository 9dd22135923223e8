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
        try assertNoMeasureRecoverable(report, instrument: instrument)
        try assertNoHiddenWholeIsTheSumOfShownParts(report)
    }

    /// A hidden whole must not be the sum of its shown parts: `all × A`, hidden to protect the
    /// low-n `all × X`, would otherwise be L×A + S×A, and `all × X` would follow by subtraction.
    @Test func aHiddenWholeIsNeverTheSumOfShownParts() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Suppression")
        let instrumentPath = folder.appendingPathComponent("hidden-whole.yaml").path
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: instrumentPath, inputs: [folder.appendingPathComponent("hidden-whole.csv").path])).report
        let allX = try #require(report.cells.first { $0.group == "all" && $0.segment?.value == "X" })
        #expect(allX.suppressed == .lowN)
        let allA = try #require(report.cells.first { $0.group == "all" && $0.segment?.value == "A" })
        #expect(allA.suppressed != nil)
        #expect(report.cells.contains { $0.group != "all" && $0.segment?.value == "A" && $0.suppressed == .complementary },
                "one of the group cells of campus A is hidden with it")
        try assertNoHiddenWholeIsTheSumOfShownParts(report)
        try assertNoMeasureRecoverable(report, instrument: try InstrumentLoader.load(path: instrumentPath))
    }

    /// For every breakdown: a hidden whole (cell, or an item or dimension in it) with no
    /// remainder has at least one hidden part.
    func assertNoHiddenWholeIsTheSumOfShownParts(_ report: Report, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var breakdowns: [(whole: Cell, members: [Cell], label: String)] = []
        for whole in report.cells where whole.segment == nil {
            for segment in report.settings.segments {
                breakdowns.append((whole, report.cells.filter { $0.wave == whole.wave && $0.group == whole.group && $0.segment?.name == segment }, "\(whole.wave)/\(whole.group)/\(segment)"))
            }
        }
        for all in report.cells where all.group == "all" {
            breakdowns.append((all, report.cells.filter { $0.wave == all.wave && $0.group != "all" && $0.segment == all.segment }, "\(all.wave)/all/\(all.segment?.value ?? "whole")"))
        }
        for (whole, members, label) in breakdowns where !members.isEmpty {
            let remainder = whole.respondents - members.reduce(0) { $0 + $1.respondents }
            if whole.suppressed != nil, remainder == 0 {
                #expect(members.contains { $0.suppressed != nil }, "\(label): the hidden whole is the sum of its shown parts", sourceLocation: sourceLocation)
            }
        }
    }

    /// The demo itself: its small staff and employer cells hide single items by segment.
    @Test func noSuppressedItemOfTheDemoCanBeRecovered() throws {
        let report = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.demo, inputs: ["2024", "2025", "2026"].map { ProcessRunner.packageRoot.appendingPathComponent("Datasets/demo/stakeholder-\($0).csv").path })).report
        #expect(report.cells.contains { cell in cell.items.contains { $0.suppressed == .complementary } })
        try assertNoMeasureRecoverable(report, instrument: try InstrumentLoader.load(path: Self.demo))
    }

    /// Items and dimensions (SPEC §5.8: "an item or dimension with n below minimum-n likewise"):
    /// in every breakdown where the whole shows a value, "whole minus the shown parts" must not
    /// single out one hidden part, nor fewer than `minimum-n` answers. Judged from the published
    /// report only, as an attacker would.
    func assertNoMeasureRecoverable(_ report: Report, instrument: Instrument, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let minimumN = report.settings.minimumN
        func check(whole: Cell, members: [Cell], _ label: String) {
            let remainderRespondents = whole.respondents - members.reduce(0) { $0 + $1.respondents }
            typealias Shown = (n: Int?, hidden: Bool)
            func measures(_ cell: Cell) -> [String: Shown] {
                var out: [String: Shown] = [:]
                for item in cell.items { out["item " + item.id] = (item.suppressed == .noData ? 0 : item.n, item.suppressed != nil && item.suppressed != .noData) }
                for dimension in cell.dimensions { out["dimension " + dimension.id] = (dimension.suppressed == .noData ? 0 : dimension.n, dimension.suppressed != nil && dimension.suppressed != .noData) }
                return out
            }
            for (id, shown) in measures(whole) where !shown.hidden {
                guard let total = shown.n else { continue }
                var hiddenParts = 0
                var residual = total
                for member in members {
                    let asked: Bool
                    if id.hasPrefix("item "), let item = instrument.items.first(where: { "item " + $0.id == id }) {
                        asked = item.isAsked(of: member.group)
                    } else {
                        asked = member.suppressed != nil || measures(member)[id] != nil
                    }
                    guard asked else { continue }
                    if member.suppressed != nil { hiddenParts += 1; continue }
                    guard let part = measures(member)[id] else { continue }
                    if part.hidden { hiddenParts += 1 } else { residual -= part.n ?? 0 }
                }
                let safe: Bool
                switch hiddenParts {
                case 0: safe = residual == 0 || residual >= minimumN
                case 1: safe = residual == 0 || (residual >= minimumN && remainderRespondents > 0)
                default: safe = residual == 0 || residual >= minimumN
                }
                #expect(safe, "\(label) \(id): \(hiddenParts) hidden part(s), \(residual) answers recoverable by subtraction", sourceLocation: sourceLocation)
            }
        }
        for whole in report.cells where whole.segment == nil && whole.suppressed == nil {
            for segment in report.settings.segments {
                check(whole: whole, members: report.cells.filter { $0.wave == whole.wave && $0.group == whole.group && $0.segment?.name == segment },
                      "\(whole.wave)/\(whole.group)/\(segment)")
            }
        }
        for all in report.cells where all.group == "all" && all.suppressed == nil {
            check(whole: all, members: report.cells.filter { $0.wave == all.wave && $0.group != "all" && $0.segment == all.segment },
                  "\(all.wave)/all/\(all.segment?.value ?? "whole")")
        }
        // Nothing shown is derived from a hidden item: a dimension's favourable share is the
        // mean of its shown items' shares.
        for cell in report.cells where cell.suppressed == nil {
            for dimension in cell.dimensions where dimension.suppressed == nil {
                guard let d = instrument.dimensions.first(where: { $0.id == dimension.id }) else { continue }
                let members = Set(instrument.items.filter { $0.dimension == d.id }.map(\.id))
                let shares = cell.items.filter { $0.suppressed == nil && members.contains($0.id) }.compactMap { $0.favourable?.p }
                if let p = dimension.favourable?.p {
                    #expect(abs(p - shares.reduce(0, +) / Double(shares.count)) <= 1e-12, sourceLocation: sourceLocation)
                }
            }
        }
    }
}
