import Foundation
import SurveyKit
import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyIngest

/// The generic XML reader on two threads gives the one-thread result exactly (rows, lines,
/// labels, hash, counts, rejects, messages), wherever the parts are cut; and gives up, for the
/// one reader, on whatever it cannot take whole.
@Suite struct XMLParallelReaderTests {
    static let bench = ProcessRunner.packageRoot.appendingPathComponent("Benchmarks/bench-30.yaml").path

    /// Writes `text` to a file in a fresh temporary directory (left for the system to clean).
    static func temporary(_ text: String) throws -> String {
        try TemporaryDirectory().write("input.xml", text)
    }

    /// Everything a read gives, as text.
    static func snapshot(_ result: ReadResult) -> String {
        let t = result.table
        var out = "\(result.summary)\n\(result.rejects)\n\(result.diagnostics.map(\.description))\nwaves \(t.waveLabels) segments \(t.segmentValues)\n"
        for row in 0..<t.rowCount {
            let segments = t.segmentCodes.map { $0[row] }
            out += "\(t.respondentID(row)) \(t.groups[row]) \(t.waves[row]) \(segments) \(Array(t.answers(row))) \(t.origins[row])"
            out += " \(t.hasDurations ? t.durations[row] : -1) \(t.hasWeights ? t.weights[row] : -1)\n"
        }
        return out
    }

    static func generated(respondents: Int, seed: UInt64, defects: Bool = false, shape: DataGenerator.Shape = .export) throws -> String {
        let instrument = try InstrumentLoader.load(path: bench)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: respondents, waves: 3, seed: seed, defects: defects, shape: shape))
        var xml = generator.xmlPrologue
        generator.generate { _, fields in xml += generator.xmlRecord(fields) }
        return xml + DataGenerator.xmlEpilogue
    }

    static func read(_ path: String, threads: Int, chunkBytes: Int = 512) throws -> ReadResult {
        var options = ReadOptions()
        options.threads = threads
        options.chunkBytes = chunkBytes
        return try XMLResponseReader.read(path: path, inputIndex: 0, instrument: InstrumentLoader.load(path: bench), options: options)
    }

    static func parallel(_ path: String, chunkBytes: Int = 512) throws -> ReadResult? {
        var options = ReadOptions()
        options.threads = 2
        options.chunkBytes = chunkBytes
        return XMLParallelReader.read(path: path, inputIndex: 0, instrument: try InstrumentLoader.load(path: bench), options: options)
    }

    @Test(arguments: [512, 700, 4096])
    func cleanFilesAreReadInPartsExactly(chunkBytes: Int) throws {
        let xml = try Self.generated(respondents: 600, seed: 4)
        for text in [xml, xml.replacingOccurrences(of: "\n", with: "\r\n")] {
            let path = try Self.temporary(text)
            let serial = try Self.read(path, threads: 1)
            #expect(serial.rejects.isEmpty && serial.diagnostics.isEmpty)
            let parts = try #require(try Self.parallel(path, chunkBytes: chunkBytes), "the parallel reader took the file")
            #expect(Self.snapshot(parts) == Self.snapshot(serial))
            #expect(Self.snapshot(try Self.read(path, threads: 2, chunkBytes: chunkBytes)) == Self.snapshot(serial))
        }
    }

    /// Rejects, invalid answers and warnings send the file back to the one reader: same result.
    @Test func filesWithDefectsGoBackToTheOneReader() throws {
        let path = try Self.temporary(try Self.generated(respondents: 3000, seed: 9, defects: true))
        let serial = try Self.read(path, threads: 1)
        #expect(!serial.rejects.isEmpty && !serial.diagnostics.isEmpty)
        #expect(try Self.parallel(path) == nil)
        #expect(Self.snapshot(try Self.read(path, threads: 2)) == Self.snapshot(serial))
    }

    /// A root start tag over several lines, attributes that are defaults, and a `<response`
    /// inside a comment or CDATA where a cut may fall: lines and rows as on one thread.
    @Test func awkwardMarkupGivesTheSameRows() throws {
        let body = try Self.generated(respondents: 300, seed: 5, shape: .plain)
        var lines = body.components(separatedBy: "\n")
        lines[1] = "<responses\n   instrument=\"bench-30\"\n   duration=\"300\">"
        for at in stride(from: lines.count - 60, to: 10, by: -57) {
            lines.insert("  <!-- a <response id=\"X\"> in a comment -->", at: at)
            lines.insert("  <response id=\"C\(at)\" group=\"learner\" wave=\"2026\"><comment item=\"comment\"><![CDATA[<response id=\"Y\">]]></comment></response>", at: at + 1)
        }
        let path = try Self.temporary(lines.joined(separator: "\n"))
        let serial = try Self.read(path, threads: 1)
        for chunk in [300, 512, 1000] {
            #expect(Self.snapshot(try Self.read(path, threads: 2, chunkBytes: chunk)) == Self.snapshot(serial), "chunk \(chunk)")
        }
    }

    /// What the parts cannot be sure of is left to the one reader.
    @Test func prologsItCannotSplitAreLeftAlone() throws {
        let body = try Self.generated(respondents: 300, seed: 6, shape: .plain)
        let declared = body.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        let commented = body.replacingOccurrences(of: "?>\n<responses", with: "?>\n<!-- export -->\n<responses")
        let otherRoot = body.replacingOccurrences(of: "<responses ", with: "<answers ").replacingOccurrences(of: "</responses>", with: "</answers>")
        for text in [declared, commented, otherRoot] {
            let path = try Self.temporary(text)
            #expect(try Self.parallel(path) == nil)
        }
        let path = try Self.temporary(body)
        #expect(try Self.parallel(path) != nil)
    }

    @Test func cutsAndLineBreaks() {
        let text = Array("<responses a=\"x>y\">\n  <response id=\"1\"/>\r\n  <responsex/>\r  <response>".utf8)
        text.withUnsafeBufferPointer { bytes in
            #expect(XMLParallelReader.rootStartTag(bytes) == 0..<19)
            #expect(XMLParallelReader.lastRecordStart(bytes, after: 19) == 59)
            #expect(XMLParallelReader.lastRecordStart(bytes, after: 60) == nil)
            // `<responsex/>` is not a record.
            #expect(XMLParallelReader.lastRecordStart(UnsafeBufferPointer(rebasing: bytes[..<57]), after: 19) == 22)
            #expect(XMLParallelReader.lineBreaks(bytes) == 3)
        }
        let lf = Array("a\nb\n\nc".utf8)
        lf.withUnsafeBufferPointer { #expect(XMLParallelReader.lineBreaks($0) == 3) }
    }
}
