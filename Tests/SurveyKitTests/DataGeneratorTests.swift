import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

@Suite struct DataGeneratorTests {
    static let demo = ProcessRunner.packageRoot.appendingPathComponent("Surveys/stakeholder-survey.yaml").path

    func csv(seed: UInt64, defects: Bool = false, respondents: Int = 400) throws -> String {
        let instrument = try InstrumentLoader.load(path: Self.demo)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: respondents, waves: 3, seed: seed, defects: defects))
        var text = DataGenerator.csvLine(generator.header)
        generator.generate { _, fields in text += DataGenerator.csvLine(fields) }
        return text
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = try csv(seed: 5), b = try csv(seed: 5), c = try csv(seed: 6)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func generatedDataAnalyseWithRealStructure() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("gen.csv", try csv(seed: 11, respondents: 3000))
        let outcome = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.demo, inputs: [path]))
        let report = outcome.report
        #expect(report.waves == ["2024", "2025", "2026"])
        #expect(outcome.rejects.isEmpty)
        let learners = report.cells.filter { $0.group == "learner" && $0.segment == nil }
        #expect(learners.count == 3)
        // A real trend: the index rises wave on wave.
        let index = learners.compactMap { $0.index?.value }
        #expect(index.count == 3 && index[0] < index[2])
        // Items of one dimension correlate, so α is high.
        let teaching = try #require(learners.last?.dimensions.first { $0.id == "teaching" })
        #expect((teaching.alpha?.value ?? 0) > 0.7)
        // Staff are never asked learner items.
        let staff = try #require(report.cells.first { $0.group == "staff" && $0.segment == nil })
        #expect(!staff.items.contains { $0.id == "T1" })
        #expect(staff.items.contains { $0.id == "P1" })
    }

    @Test func defectsAreRejectedAndAccounted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("gen.csv", try csv(seed: 2026, defects: true, respondents: 3000))
        let outcome = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.demo, inputs: [path]))
        let input = try #require(outcome.report.inputs.first)
        #expect(input.rows.rejected > 0)
        #expect(input.rows.read == input.rows.accepted + input.rows.rejected)
        #expect(outcome.rejects.count == input.rows.rejected)
        let reasons = Set(outcome.rejects.map(\.reason))
        #expect(reasons.isSubset(of: ["duplicate", "unknown-group", "field-count"]))
        #expect(reasons.contains("duplicate"))
    }
}
