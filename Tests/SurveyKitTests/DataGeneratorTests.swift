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

    /// The `export` shape: a survey tool's metadata after the respondent column and long
    /// comments with commas, quotes and line breaks. Read in small pieces on two threads (so the
    /// pieces are often cut inside a comment), it gives the analysis of its XML twin, which has
    /// no metadata; `plain` output is unchanged by the option's existence.
    @Test func exportShapeReadsLikeItsXMLTwin() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try InstrumentLoader.load(path: StreamingAnalysisTests.bench)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: 2000, waves: 3, seed: 8, shape: .export))
        #expect(generator.header.count == 41)
        #expect(Array(generator.header.prefix(6)) == ["respondent", "submitdate", "lastpage", "startlanguage", "startdate", "group"])
        var csv = DataGenerator.csvLine(generator.header)
        var xml = generator.xmlPrologue
        var multiline = 0, quoted = 0
        generator.generate { _, fields in
            csv += DataGenerator.csvLine(fields)
            xml += generator.xmlRecord(fields)
            let comment = fields[fields.count - 1]
            if comment.contains("\n") { multiline += 1 }
            if comment.contains("\"") { quoted += 1 }
            // The submission is `duration` seconds after the start, on the wave's year.
            #expect(fields[1].hasPrefix(fields[6] + "-") && fields[4].hasPrefix(fields[6] + "-"))
        }
        xml += DataGenerator.xmlEpilogue
        // About 2 % of rows break a line inside their comment; many quote.
        #expect((10...80).contains(multiline))
        #expect(quoted > 100)
        #expect(csv.utf8.count / 2000 > 380)
        let csvPath = try dir.write("export.csv", csv)
        let xmlPath = try dir.write("export.xml", xml)
        var read = ReadOptions()
        read.threads = 2
        read.chunkBytes = 4096
        let fromCSV = try AnalyzeJob.run(AnalyzeRequest(instrument: StreamingAnalysisTests.bench, inputs: [csvPath], read: read))
        let fromXML = try AnalyzeJob.run(AnalyzeRequest(instrument: StreamingAnalysisTests.bench, inputs: [xmlPath]))
        #expect(fromCSV.rejects.isEmpty)
        #expect(fromCSV.report.inputs.first?.rows.accepted == 2000)
        #expect(fromCSV.report.cells == fromXML.report.cells)
        let plain = DataGenerator(instrument: instrument, options: .init(respondents: 50, waves: 3, seed: 8))
        #expect(plain.header.count == 37 && !plain.header.contains("submitdate"))
    }
}
