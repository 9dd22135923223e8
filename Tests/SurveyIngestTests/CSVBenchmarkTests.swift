import Foundation
import SurveyIngest
import SurveyModel
import SurveyTestSupport
import Testing

/// Throughput of the CSV layer, run by hand: `CSV_BENCH=1 swift test -c release --filter CSVBenchmark`.
///
/// It generates a survey-like file in memory (1,000,000 rows × 30 small integers with 5 % blanks,
/// plus a quoted comment with `,`, `""` and 2 % embedded line breaks: about 100 MB; a tenth of
/// that in debug builds) and prints MB/s for decoding and tokenizing. Measured on the 2-core build
/// machine, release: decode (UTF-8 check) ≈ 14 GB/s, tokenize the whole buffer 700–770 MB/s,
/// tokenize in 64 KiB chunks 600–730 MB/s.
@Suite struct CSVBenchmarkTests {
    static var enabled: Bool { ProcessInfo.processInfo.environment["CSV_BENCH"] == "1" }

    static func generate(rows: Int) -> [UInt8] {
        var rng = SeededGenerator(seed: 42)
        var data: [UInt8] = []
        data.reserveCapacity(rows * 110)
        data += Array(((1...30).map { "q\($0)" }.joined(separator: ",") + ",comment\r\n").utf8)
        let words = ["good", "bad", "ok, fine", "said \"\"hi\"\"", "lorem ipsum", "dolor sit amet"].map { Array($0.utf8) }
        for row in 0..<rows {
            for _ in 0..<30 {
                let value = Int.random(in: 0..<100, using: &rng)
                if value >= 5 { data.append(UInt8(ascii: "1") + UInt8(value % 5)) }
                data.append(UInt8(ascii: ","))
            }
            data.append(UInt8(ascii: "\""))
            for w in 0..<4 {
                if w > 0 { data.append(UInt8(ascii: " ")) }
                data += words[(row + w * 7) % words.count]
            }
            if row % 50 == 0 { data += Array("\r\nsecond line".utf8) }
            data += [UInt8(ascii: "\""), 13, 10]
        }
        return data
    }

    @Test(.enabled(if: enabled)) func throughput() throws {
        #if DEBUG
            let rows = 100_000
        #else
            let rows = 1_000_000
        #endif
        let data = Self.generate(rows: rows)
        let megabytes = Double(data.count) / 1e6
        func seconds(_ work: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try work()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }

        var decoded = DecodedText(bytes: [], encoding: .utf8)
        let decodeTime = try seconds { decoded = try TextDecoding.decode(data, path: "bench.csv") }
        let dialect = CSVDialect.sniff(decoded.bytes)

        var records = 0
        var fields = 0
        let wholeTime = try seconds {
            try CSVTokenizer.records(in: decoded.bytes, dialect: dialect, path: "bench.csv") { record in
                records += 1
                fields += record.fieldCount
            }
        }
        #expect(records == rows + 1)
        #expect(fields == (rows + 1) * 31)

        var chunkedRecords = 0
        let chunkedTime = try seconds {
            var tokenizer = CSVTokenizer(delimiter: dialect.delimiter, path: "bench.csv")
            decoded.bytes.withUnsafeBufferPointer { all in
                var start = 0
                while start < all.count {
                    let stop = min(all.count, start + 65536)
                    tokenizer.feed(UnsafeBufferPointer(rebasing: all[start..<stop])) { _ in chunkedRecords += 1 }
                    start = stop
                }
            }
            try tokenizer.finish { _ in chunkedRecords += 1 }
        }
        #expect(chunkedRecords == rows + 1)

        print(
            String(
                format: "CSV benchmark, %.1f MB: decode %.0f MB/s, tokenize whole buffer %.0f MB/s, tokenize 64 KiB chunks %.0f MB/s",
                megabytes, megabytes / decodeTime, megabytes / wholeTime, megabytes / chunkedTime))
    }
}
