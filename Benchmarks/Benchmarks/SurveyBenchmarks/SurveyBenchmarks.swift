import Benchmark
import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics

/// Inputs made once per process from the benchmark instrument (`Benchmarks/bench-30.yaml`: 30
/// five-point items, 2 groups, 3 waves, 2 segments) with the seeded generator.
final class Fixtures: @unchecked Sendable {
    static let shared = Fixtures()

    let instrument: Instrument
    /// 100,000 respondents as CSV bytes (about 11 MB), and the same on disk.
    let csv: [UInt8]
    /// 100,000 respondents in the `export` shape (about 42 MB: metadata and long comments).
    let exportCSV: [UInt8]
    let csvPath: String
    /// 10,000 respondents on disk: with `csvPath`, shows that mallocs do not grow with rows.
    let smallCSVPath: String
    /// 20,000 respondents as the generic XML twin (about 24 MB).
    let xmlPath: String
    /// The 100,000 respondents read.
    let table: ResponseTable
    let summary: InputSummary

    private init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let instrument = try! InstrumentLoader.load(path: root.appendingPathComponent("bench-30.yaml").path)
        self.instrument = instrument
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("surveykpi-bench-\(getpid())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func csvText(_ respondents: Int, shape: DataGenerator.Shape = .plain) -> String {
            let generator = DataGenerator(instrument: instrument, options: .init(respondents: respondents, waves: 3, seed: 1, shape: shape))
            var text = DataGenerator.csvLine(generator.header)
            generator.generate { _, fields in text += DataGenerator.csvLine(fields) }
            return text
        }
        let big = csvText(100_000)
        csv = Array(big.utf8)
        exportCSV = Array(csvText(100_000, shape: .export).utf8)
        csvPath = directory.appendingPathComponent("bench-100k.csv").path
        try! big.write(toFile: csvPath, atomically: true, encoding: .utf8)
        smallCSVPath = directory.appendingPathComponent("bench-10k.csv").path
        try! csvText(10_000).write(toFile: smallCSVPath, atomically: true, encoding: .utf8)
        let generator = DataGenerator(instrument: instrument, options: .init(respondents: 20_000, waves: 3, seed: 1))
        var xml = generator.xmlPrologue
        generator.generate { _, fields in xml += generator.xmlRecord(fields) }
        xml += DataGenerator.xmlEpilogue
        xmlPath = directory.appendingPathComponent("bench-20k.xml").path
        try! xml.write(toFile: xmlPath, atomically: true, encoding: .utf8)
        let read = try! CSVResponseReader.read(path: csvPath, inputIndex: 0, instrument: instrument, options: ReadOptions())
        table = read.table
        summary = read.summary
    }

    func options(threads: Int) -> ReadOptions {
        var options = ReadOptions()
        options.threads = threads
        return options
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 25)
    let f = Fixtures.shared

    for (name, bytes) in [("100k records (11 MB)", f.csv), ("100k export-shape records (42 MB)", f.exportCSV)] {
        Benchmark("CSV tokenizer: \(name), fields counted") { benchmark in
            for _ in benchmark.scaledIterations {
                var fields = 0
                var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","), path: "bench.csv")
                bytes.withUnsafeBufferPointer { tokenizer.feed($0) { record in fields &+= record.fieldCount } }
                try? tokenizer.finish { record in fields &+= record.fieldCount }
                blackHole(fields)
            }
        }
    }

    for threads in [1, 2] {
        Benchmark("CSV ingest: 10k rows, \(threads) thread\(threads == 1 ? "" : "s")") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try CSVResponseReader.read(path: f.smallCSVPath, inputIndex: 0, instrument: f.instrument, options: f.options(threads: threads)))
            }
        }
        Benchmark("CSV ingest: 100k rows, \(threads) thread\(threads == 1 ? "" : "s")") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try CSVResponseReader.read(path: f.csvPath, inputIndex: 0, instrument: f.instrument, options: f.options(threads: threads)))
            }
        }
    }

    Benchmark("XML ingest: 20k responses (24 MB), generic reader") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try XMLResponseReader.read(path: f.xmlPath, inputIndex: 0, instrument: f.instrument, options: ReadOptions()))
        }
    }

    Benchmark("Duplicates: 100k rows") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(DuplicateResolver.resolve(f.table, threads: 2))
        }
    }

    for threads in [1, 2] {
        Benchmark("Analysis: 100k rows, \(threads) thread\(threads == 1 ? "" : "s")") { benchmark in
            var input = AnalysisInput(instrument: f.instrument, table: f.table, inputs: [f.summary])
            input.threads = threads
            for _ in benchmark.scaledIterations {
                blackHole(AnalysisEngine.run(input))
            }
        }
    }

    Benchmark("Kernel: CovarianceAccumulator.add, 100k rows × 5 items, listwise") { benchmark in
        var codes = [Int16](repeating: 0, count: 500_000)
        for i in codes.indices { codes[i] = Int16(1 + (i / 5 * 7 + i % 5 * 3) % 5) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var accumulator = CovarianceAccumulator(k: 5)
            codes.withUnsafeBufferPointer { all in
                for r in 0..<100_000 { accumulator.add(UnsafeBufferPointer(rebasing: all[(r * 5)..<(r * 5 + 5)]), pairwise: false) }
            }
            blackHole(accumulator.alpha(pairwise: false))
        }
    }

    Benchmark("Kernel: MomentAccumulator.add, 1M values") { benchmark in
        for _ in benchmark.scaledIterations {
            var moments = MomentAccumulator()
            for i in 0..<1_000_000 { moments.add(Double(i % 97) / 7) }
            blackHole(moments.sd)
        }
    }

    Benchmark("Kernel: SHA-256, 11 MB") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SHA256.hex(f.csv))
        }
    }
}
