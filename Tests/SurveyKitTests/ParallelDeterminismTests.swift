import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// The streamed, multi-threaded reading and analysis give byte for byte the report, rejects and
/// warnings of the whole-file serial path, wherever the input is cut and however many threads
/// run (issue #8).
@Suite struct ParallelDeterminismTests {
    static let demo = ProcessRunner.packageRoot.appendingPathComponent("Surveys/stakeholder-survey.yaml").path

    /// Generated responses with defects (duplicates, bad rows, invalid answers, multi-line
    /// comments), plus blank lines and a quoted field with line breaks in the middle.
    static func csv(respondents: Int, seed: UInt64, crlf: Bool = false) throws -> String {
        let instrument = try InstrumentLoader.load(path: demo)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: respondents, waves: 3, seed: seed, defects: true))
        var lines = [DataGenerator.csvLine(generator.header)]
        generator.generate { _, fields in lines.append(DataGenerator.csvLine(fields)) }
        // Blank lines and a long multi-line quoted comment in the middle.
        lines.insert("\n\n", at: lines.count / 3)
        var fields = generator.header.map { _ in "" }
        fields[0] = "X-multiline"
        fields[1] = "learner"
        fields[fields.count - 1] = String(repeating: "line,\n\"quoted\" text\n", count: 400)
        lines.insert(DataGenerator.csvLine(fields), at: lines.count / 2)
        let text = lines.joined()
        return crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
    }

    struct Run: Equatable {
        var json: String
        var rejects: String
        var diagnostics: [String]
    }

    static func run(_ path: String, threads: Int, chunkBytes: Int) throws -> Run {
        var read = ReadOptions(maxWarnings: 2)
        read.threads = threads
        read.chunkBytes = chunkBytes
        let outcome = try AnalyzeJob.run(AnalyzeRequest(instrument: demo, inputs: [path], read: read))
        return Run(
            json: try AnalyzeJob.render(outcome, as: .json),
            rejects: outcome.rejects.map { "\($0.line) \($0.reason) \($0.detail) \($0.raw)" }.joined(separator: "\n"),
            diagnostics: outcome.diagnostics.map(\.description))
    }

    @Test(arguments: [false, true])
    func streamedParallelEqualsWholeFileSerial(crlf: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("gen.csv", try Self.csv(respondents: 4000, seed: 21, crlf: crlf))
        let reference = try Self.run(path, threads: 1, chunkBytes: 1 << 30)
        #expect(!reference.rejects.isEmpty)
        #expect(reference.diagnostics.count == 3)  // two shown, then "n more"
        for (threads, chunk) in [(1, 4096), (2, 4096), (2, 1000), (3, 7777), (2, 1 << 16)] {
            let run = try Self.run(path, threads: threads, chunkBytes: chunk)
            #expect(run.json == reference.json, "threads \(threads), chunk \(chunk): JSON differs")
            #expect(run.rejects == reference.rejects, "threads \(threads), chunk \(chunk): rejects differ")
            #expect(run.diagnostics == reference.diagnostics, "threads \(threads), chunk \(chunk): warnings differ")
        }
    }

    @Test func notUTF8MidFileFallsBackToWindows1252AsWhole() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var bytes = Array(try Self.csv(respondents: 600, seed: 3).utf8)
        // A Windows-1252 "é" in a comment far into the file.
        let at = bytes.count * 3 / 4
        let lf = bytes[at...].firstIndex(of: 0x0A)!
        bytes.insert(contentsOf: [0x20, 0xE9], at: lf - 1)
        let path = try dir.write("latin.csv", bytes: bytes)
        let reference = try Self.run(path, threads: 1, chunkBytes: 1 << 30)
        let streamed = try Self.run(path, threads: 2, chunkBytes: 2048)
        #expect(streamed == reference)
        #expect(reference.json.contains("windows-1252"))
    }

    /// Found by the CSV fuzzer: a header refused before the streaming reader reached a byte that
    /// is not UTF-8 must be quoted as the whole file reads it (Windows-1252), not as UTF-8.
    @Test func headerErrorQuotesTheWholeFilesEncoding() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var bytes = Array("V1,V10".utf8) + [0xEF, 0xBB, 0xBF] + Array(",Q1\n".utf8)
        for i in 0..<200 { bytes += Array("r\(i),x,3\n".utf8) }
        bytes += [0x72, 0xE9, 0x2C, 0x78, 0x2C, 0x33, 0x0A]
        let path = try dir.write("bad.csv", bytes: bytes)
        let instrument = try InstrumentLoader.load(path: Self.demo)
        func message(threads: Int, chunk: Int) -> String {
            var options = ReadOptions()
            options.threads = threads
            options.chunkBytes = chunk
            do {
                _ = try CSVResponseReader.read(path: path, inputIndex: 0, instrument: instrument, options: options)
                return "read"
            } catch {
                return error.description
            }
        }
        let whole = message(threads: 1, chunk: 1 << 30)
        #expect(whole.contains("V10ï»¿"), "\(whole)")
        for (threads, chunk) in [(1, 64), (2, 256), (1, 1000)] {
            #expect(message(threads: threads, chunk: chunk) == whole, "threads \(threads), chunk \(chunk)")
        }
    }

    @Test func analysisThreadsDoNotChangeTheReport() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("gen.csv", try Self.csv(respondents: 3000, seed: 8))
        let instrument = try InstrumentLoader.load(path: Self.demo)
        let read = try InputReader.read(path: path, inputIndex: 0, instrument: instrument, options: ReadOptions())
        var reports: [String] = []
        for threads in [1, 2, 4] {
            var input = AnalysisInput(instrument: instrument, table: read.table, inputs: [read.summary])
            input.threads = threads
            let outcome = AnalyzeOutcome(report: AnalysisEngine.run(input), instrument: instrument, rejects: [], diagnostics: [])
            reports.append(try AnalyzeJob.render(outcome, as: .json))
        }
        #expect(reports[0] == reports[1])
        #expect(reports[0] == reports[2])
    }

    /// The hashed resolver keeps the same rows as the plain definition (sort by wave, group
    /// and id; in each run keep the most answers, ties to the earliest), with runs of thousands
    /// of copies of one id, ids repeated across waves and groups, and any number of threads.
    @Test func duplicateResolverMatchesTheDefinition() {
        var table = ResponseTable(itemCount: 3, segmentNames: [])
        let waves = [table.waveCode("2024"), table.waveCode("2025")]
        var rng = SeededGenerator(seed: 7)
        for row in 0..<60_000 {
            let kind = rng.next() % 10
            let id: String
            switch kind {
            case 0: id = "SAME"                                   // one id, thousands of times
            case 1, 2: id = "R\(rng.next() % 500)"                  // frequent repeats
            default: id = "U\(row)"                               // unique
            }
            let answers: [Int16] = (0..<3).map { _ in rng.next() % 4 == 0 ? AnswerCode.noAnswer : Int16(1 + rng.next() % 5) }
            table.append(answers: answers, group: UInt16(rng.next() % 2), wave: waves[Int(rng.next() % 2)], segments: [],
                         id: Array(id.utf8), origin: RowOrigin(input: 0, line: row + 2))
        }
        let expected = Self.referenceKeep(table)
        #expect(expected.contains(false))
        for threads in [1, 2, 3] {
            #expect(DuplicateResolver.resolve(table, threads: threads) == expected)
        }
    }

    /// SPEC §4 as first written: a sort, then one pass over the runs.
    static func referenceKeep(_ table: ResponseTable) -> [Bool] {
        var keep = Array(repeating: true, count: table.rowCount)
        func id(_ r: Int) -> ArraySlice<UInt8> { table.idBytes[table.idStarts[r]..<table.idStarts[r + 1]] }
        let order = (0..<table.rowCount).sorted { a, b in
            if table.waves[a] != table.waves[b] { return table.waves[a] < table.waves[b] }
            if table.groups[a] != table.groups[b] { return table.groups[a] < table.groups[b] }
            if !id(a).elementsEqual(id(b)) { return id(a).lexicographicallyPrecedes(id(b)) }
            return a < b
        }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, table.waves[order[end]] == table.waves[order[start]],
                  table.groups[order[end]] == table.groups[order[start]], id(order[end]).elementsEqual(id(order[start])) { end += 1 }
            let run = order[start..<end]
            let best = run.max { a, b in
                let (ca, cb) = (table.answeredCount(a), table.answeredCount(b))
                return ca != cb ? ca < cb : a > b
            }!
            for row in run where row != best { keep[row] = false }
            start = end
        }
        return keep
    }
}

