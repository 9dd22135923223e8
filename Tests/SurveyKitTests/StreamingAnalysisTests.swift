import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// The two-pass streaming analysis (bounded memory, issue #9) gives byte for byte the report,
/// rejects and warnings of the in-memory analysis: duplicates across slices and inputs,
/// speeders judged against whole-input medians, exclusions, key drivers, pairwise α, weights.
@Suite struct StreamingAnalysisTests {
    static let root = ProcessRunner.packageRoot
    static let demo = root.appendingPathComponent("Surveys/stakeholder-survey.yaml").path
    static let bench = root.appendingPathComponent("Benchmarks/bench-30.yaml").path

    struct Run: Equatable {
        var json: String
        var rejects: String
        var diagnostics: [String]
    }

    /// Generated responses with defects (duplicates, bad rows, invalid answers).
    static func csv(_ instrumentPath: String, respondents: Int, seed: UInt64) throws -> String {
        let instrument = try InstrumentLoader.load(path: instrumentPath)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: respondents, waves: 3, seed: seed, defects: true))
        var lines = [DataGenerator.csvLine(generator.header)]
        generator.generate { _, fields in lines.append(DataGenerator.csvLine(fields)) }
        return lines.joined()
    }

    static func run(
        _ instrument: String, _ inputs: [String], streaming: StreamingMode, threads: Int = 1, sliceRows: Int = 1 << 18,
        exclude: Set<QualityFlags.Flag> = [], segments: [String]? = nil, strict: Bool = false, durationLimit: Int = 1 << 16
    ) throws -> Run {
        var read = ReadOptions(maxWarnings: 3)
        read.threads = threads
        read.chunkBytes = 4096
        var request = AnalyzeRequest(instrument: instrument, inputs: inputs, read: read, segments: segments, strict: strict, exclude: exclude)
        request.streaming = streaming
        request.sliceRows = sliceRows
        request.distinctDurationLimit = durationLimit
        let outcome = try AnalyzeJob.run(request)
        return Run(
            json: try AnalyzeJob.render(outcome, as: .json),
            rejects: RejectsFile.csv(outcome.rejects),
            diagnostics: outcome.diagnostics.map(\.description))
    }

    /// The demo instrument (key drivers: the general row pass), the benchmark one (the flat
    /// pass), and the demo with pairwise α and a weight column.
    static func instruments(in dir: TemporaryDirectory) throws -> [String] {
        var weighted = try String(contentsOfFile: demo, encoding: .utf8)
        weighted = weighted.replacingOccurrences(of: "alpha-missing: listwise", with: "alpha-missing: pairwise")
        weighted = weighted.replacingOccurrences(of: "  duration: duration\n", with: "  duration: duration\n  weight: weight\n")
        #expect(weighted.contains("weight: weight") && weighted.contains("pairwise"))
        return [demo, bench, try dir.write("weighted.yaml", weighted)]
    }

    @Test func streamedEqualsInMemoryAcrossSlicesInputsAndThreads() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (n, instrument) in try Self.instruments(in: dir).enumerated() {
            let first = try dir.write("a\(n).csv", try Self.csv(instrument, respondents: 1500, seed: 7))
            // The same respondents again in a second input: every one a duplicate across inputs.
            let second = try dir.write("b\(n).csv", try Self.csv(instrument, respondents: 900, seed: 7))
            let reference = try Self.run(instrument, [first, second], streaming: .off)
            #expect(reference.rejects.contains(",duplicate,"))
            for (threads, slice) in [(1, 1 << 18), (1, 97), (2, 250), (3, 1000)] {
                let streamed = try Self.run(instrument, [first, second], streaming: .on, threads: threads, sliceRows: slice)
                #expect(streamed == reference, "instrument \(n), threads \(threads), slice \(slice)")
            }
        }
    }

    /// Generated responses whose durations are fractional and crowd the speeder cut-off
    /// (0.3 × the median): which median the rows are judged by changes who is a speeder.
    static func crowdedDurations(_ instrumentPath: String, respondents: Int, seed: UInt64) throws -> String {
        // CRLF is one Character in Swift: split on LF alone.
        let text = try csv(instrumentPath, respondents: respondents, seed: seed).replacingOccurrences(of: "\r\n", with: "\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "duration"))
        var rng = SeededGenerator(seed: seed)
        var rewritten = 0
        for i in 1..<lines.count where !lines[i].isEmpty && !lines[i].contains("\"") {
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else { continue }
            // A third from 50 to 90 s, across the cut-off (0.3 × a median near 220 s), the rest
            // spread around 300 s; a few unknown.
            let u = rng.uniform()
            let value = u < 0.35 ? 50 + 40 * rng.uniform() : 300 * exp(0.4 * rng.normal())
            fields[column] = u > 0.97 ? "" : String(format: "%.3f", value)
            lines[i] = fields.joined(separator: ",")
            rewritten += 1
        }
        #expect(rewritten > respondents / 2)
        return lines.joined(separator: "\n")
    }

    @Test(arguments: [[QualityFlags.Flag.straightliners], [.speeders], [.straightliners, .speeders]])
    func exclusionsJudgeAgainstTheWholeInputsMedians(exclude: [QualityFlags.Flag]) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (n, instrument) in [Self.demo, Self.bench].enumerated() {
            let input = try dir.write("x\(n).csv", try Self.crowdedDurations(instrument, respondents: 2000, seed: 11))
            let reference = try Self.run(instrument, [input], streaming: .off, exclude: Set(exclude))
            let plain = try Self.run(instrument, [input], streaming: .off)
            #expect(reference.json != plain.json, "the exclusion changes the report")
            // Durations counted one by one, and (a limit of 8 distinct values) selected from disk.
            for limit in [1 << 16, 8] {
                let streamed = try Self.run(instrument, [input], streaming: .on, threads: 2, sliceRows: 128, exclude: Set(exclude), durationLimit: limit)
                #expect(streamed == reference, "instrument \(n), exclude \(exclude), limit \(limit)")
            }
        }
    }

    /// Speeders without exclusions, durations selected from disk: the quality counts match.
    @Test func speederMediansSelectedFromDiskMatch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try dir.write("f.csv", try Self.crowdedDurations(Self.bench, respondents: 1500, seed: 5))
        let second = try dir.write("s.csv", try Self.crowdedDurations(Self.bench, respondents: 700, seed: 5))
        let reference = try Self.run(Self.bench, [first, second], streaming: .off)
        #expect(reference.json.contains("\"speeders\" : "))
        let streamed = try Self.run(Self.bench, [first, second], streaming: .on, threads: 2, sliceRows: 100, durationLimit: 4)
        #expect(streamed == reference)
    }

    @Test func segmentSubsetAndStrictModeMatch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("s.csv", try Self.csv(Self.demo, respondents: 800, seed: 3))
        let reference = try Self.run(Self.demo, [input], streaming: .off, segments: ["campus"])
        #expect(try Self.run(Self.demo, [input], streaming: .on, sliceRows: 50, segments: ["campus"]) == reference)
        func strictMessage(_ mode: StreamingMode) -> String {
            do {
                _ = try Self.run(Self.demo, [input], streaming: mode, sliceRows: 50, strict: true)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(strictMessage(.off).contains("--strict"))
        #expect(strictMessage(.on) == strictMessage(.off))
    }

    /// The generic XML reader hands its rows over in slices too; duplicates span a CSV and an
    /// XML input.
    @Test func xmlSlicesEqualInMemory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try InstrumentLoader.load(path: Self.bench)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: 1200, waves: 3, seed: 19, defects: true))
        var xml = generator.xmlPrologue
        generator.generate { _, fields in xml += generator.xmlRecord(fields) }
        xml += DataGenerator.xmlEpilogue
        let xmlPath = try dir.write("r.xml", xml)
        let csvPath = try dir.write("r.csv", try Self.csv(Self.bench, respondents: 300, seed: 19))
        let reference = try Self.run(Self.bench, [xmlPath, csvPath], streaming: .off)
        #expect(reference.rejects.contains(",duplicate,"))
        for slice in [1 << 18, 113] {
            #expect(try Self.run(Self.bench, [xmlPath, csvPath], streaming: .on, threads: 2, sliceRows: slice) == reference, "slice \(slice)")
        }
    }

    /// A file that is not UTF-8 is read whole (Windows-1252) and handed over as one slice.
    @Test func windows1252InputIsHandedOverWhole() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var bytes = Array(try Self.csv(Self.demo, respondents: 600, seed: 5).utf8)
        // "é" as Windows-1252 in a campus value near the end.
        let at = bytes.lastIndex(of: UInt8(ascii: "\n"))!
        let line = bytes[..<at].lastIndex(of: UInt8(ascii: "\n"))! + 1
        let fields = bytes[line..<at].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        var edited = Array(fields[0]) + [UInt8(ascii: ",")] + Array(fields[1]) + [UInt8(ascii: ",")] + Array(fields[2]) + [UInt8(ascii: ",")]
        edited += Array("Caf".utf8) + [0xE9]
        for field in fields.dropFirst(4) { edited += [UInt8(ascii: ",")] + Array(field) }
        bytes.replaceSubrange(line..<at, with: edited)
        let path = try dir.write("cp1252.csv", bytes: bytes)
        let reference = try Self.run(Self.demo, [path], streaming: .off)
        #expect(reference.json.contains("Café"))
        #expect(try Self.run(Self.demo, [path], streaming: .on, sliceRows: 64) == reference)
    }
}

/// `--stream auto` streams from 256 MiB of input, and never an instrument that rakes weights.
@Suite struct StreamingThresholdTests {
    @Test func autoStreamsLargeInputsOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try InstrumentLoader.load(path: StreamingAnalysisTests.bench)
        let small = try dir.write("small.csv", "respondent\n")
        let large = dir.path("large.csv")
        // A sparse file: its size is all that is looked at.
        #expect(FileManager.default.createFile(atPath: large, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: large))
        try handle.truncate(atOffset: UInt64(AnalyzeJob.streamingThreshold))
        try handle.close()
        var request = AnalyzeRequest(instrument: StreamingAnalysisTests.bench, inputs: [small])
        #expect(!AnalyzeJob.streams(request, instrument: instrument))
        request.inputs = [large]
        #expect(AnalyzeJob.streams(request, instrument: instrument))
        request.streaming = .off
        #expect(!AnalyzeJob.streams(request, instrument: instrument))
        request.inputs = [small]
        request.streaming = .on
        #expect(AnalyzeJob.streams(request, instrument: instrument))
        var raking = instrument
        raking.weighting = Weighting(method: .rake, margins: [])
        #expect(!AnalyzeJob.streams(request, instrument: raking))
    }
}

/// `--stream auto` follows rows, not bytes: 300 MiB of an export with long comments holds a
/// quarter of the rows of 300 MiB without, and stays in memory.
@Suite struct StreamingEstimateTests {
    /// A sparse file of `size` bytes that starts with more than a MiB of generated rows.
    static func sparse(_ dir: TemporaryDirectory, _ name: String, shape: DataGenerator.Shape, size: Int) throws -> String {
        let instrument = try InstrumentLoader.load(path: StreamingAnalysisTests.bench)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: 12000, waves: 3, seed: 3, shape: shape))
        var text = DataGenerator.csvLine(generator.header)
        generator.generate { _, fields in text += DataGenerator.csvLine(fields) }
        let path = try dir.write(name, text)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return path
    }

    @Test func autoFollowsRowsNotBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let instrument = try InstrumentLoader.load(path: StreamingAnalysisTests.bench)
        let size = 300 << 20
        let plain = try Self.sparse(dir, "plain.csv", shape: .plain, size: size)
        let export = try Self.sparse(dir, "export.csv", shape: .export, size: size)
        // About 2.8 M rows of 112 bytes, 140 bytes each in memory; about 0.75 M rows of 420.
        let plainBytes = AnalyzeJob.estimatedTableBytes(plain, instrument: instrument)
        let exportBytes = AnalyzeJob.estimatedTableBytes(export, instrument: instrument)
        #expect((340 << 20...420 << 20).contains(plainBytes), "\(plainBytes)")
        #expect((80 << 20...120 << 20).contains(exportBytes), "\(exportBytes)")
        var request = AnalyzeRequest(instrument: StreamingAnalysisTests.bench, inputs: [plain])
        #expect(AnalyzeJob.streams(request, instrument: instrument))
        request.inputs = [export]
        #expect(!AnalyzeJob.streams(request, instrument: instrument))
        // Three of them together are streamed.
        request.inputs = [export, export, export]
        #expect(AnalyzeJob.streams(request, instrument: instrument))
        // XML without records counts its bytes; generic XML counts its <response> elements.
        let text = "<?xml version=\"1.0\"?>\n<responses>\n</responses>\n"
        let xml = try dir.write("r.xml", text)
        #expect(AnalyzeJob.estimatedTableBytes(xml, instrument: instrument) == text.utf8.count)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: 2000, waves: 3, seed: 3))
        var twin = generator.xmlPrologue
        generator.generate { _, fields in twin += generator.xmlRecord(fields) }
        let twinPath = try dir.write("twin.xml", twin)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: twinPath))
        try handle.truncate(atOffset: UInt64(1200 << 20))
        try handle.close()
        // 1.2 GB of generic XML is about a million responses: 140 MB in memory, not streamed.
        let twinBytes = AnalyzeJob.estimatedTableBytes(twinPath, instrument: instrument)
        #expect((120 << 20...160 << 20).contains(twinBytes), "\(twinBytes)")
        request.inputs = [twinPath]
        #expect(!AnalyzeJob.streams(request, instrument: instrument))
    }
}

/// Formats that are read whole still go through the streaming analysis (one slice each): real
/// LimeSurvey, Qualtrics and Triple-S exports give the same report and rejects either way.
@Suite struct StreamingRealExportTests {
    static let real = ProcessRunner.packageRoot.appendingPathComponent("Tests/SurveyIngestTests/Fixtures/real")

    @Test(arguments: [
        "limesurvey_accent-recognition_results.csv",
        "qualtrics_QualtricsTools_Sample_Survey_Insights.csv",
        "qualtrics_qualtRics_sample.csv",
        "triples_sss-pkg_sample-2.csv",
    ])
    func wholeFileFormatsStreamAlike(file: String) throws {
        let input = Self.real.appendingPathComponent(file).path
        let draft = Self.real.appendingPathComponent("drafts/" + file.replacingOccurrences(of: ".csv", with: ".yaml")).path
        let reference = try StreamingAnalysisTests.run(draft, [input], streaming: .off)
        let streamed = try StreamingAnalysisTests.run(draft, [input], streaming: .on, threads: 2, sliceRows: 7)
        #expect(streamed == reference)
        #expect(reference.json.contains("\"cells\""))
    }
}
