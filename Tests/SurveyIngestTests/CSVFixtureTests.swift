import Foundation
import SurveyIngest
import SurveyModel
import Testing

/// Every file in `Fixtures/csv`, read the way an importer reads it: decode, sniff, tokenize.
@Suite struct CSVFixtureTests {
    struct Expected: CustomTestStringConvertible, Sendable {
        var name: String
        var encoding: TextEncoding
        var delimiter: Character = ","
        var rows: [[String]]
        var lines: [Int]
        var quoted: [[Bool]]? = nil
        var warnings: [String] = []
        var error: String? = nil
        var testDescription: String { name }
    }

    struct Read {
        var encoding: TextEncoding
        var dialect: CSVDialect
        var records: [CSVRecordSnapshot]
        var warnings: [String]
        var error: String?
    }

    static func read(_ name: String) throws -> Read {
        let raw = try CSVTestInput.fixture(name)
        let decoded = try TextDecoding.decode(raw, path: name)
        let dialect = CSVDialect.sniff(decoded.bytes)
        var records: [CSVRecordSnapshot] = []
        var errorText: String?
        do {
            try CSVTokenizer.records(in: decoded.bytes, dialect: dialect, path: name) {
                records.append(CSVRecordSnapshot($0))
            }
        } catch {
            errorText = "\(error)"
        }
        return Read(
            encoding: decoded.encoding, dialect: dialect, records: records,
            warnings: decoded.warnings.map(\.description), error: errorText)
    }

    static let fixtures: [Expected] = [
        Expected(name: "bom.csv", encoding: .utf8BOM, rows: [["id", "name"], ["1", "Anna"], ["2", "Zo\u{EB}"]], lines: [1, 2, 3]),
        Expected(name: "crlf.csv", encoding: .utf8, rows: [["id", "q1", "q2"], ["1", "2", "3"], ["4", "5", "6"]], lines: [1, 2, 3]),
        Expected(name: "lf.csv", encoding: .utf8, rows: [["id", "q1", "q2"], ["1", "2", "3"], ["4", "5", "6"]], lines: [1, 2, 3]),
        Expected(name: "cr-only.csv", encoding: .utf8, rows: [["id", "q1"], ["1", "2"], ["3", "4"]], lines: [1, 2, 3]),
        Expected(name: "no-final-newline.csv", encoding: .utf8, rows: [["id", "q1"], ["1", "2"], ["3", "4"]], lines: [1, 2, 3]),
        Expected(
            name: "quoted-newline.csv", encoding: .utf8,
            rows: [["id", "comment"], ["1", "line one\nline two"], ["2", "crlf\r\ninside, too"], ["3", "cr\ronly"], ["4", "plain"]],
            lines: [1, 2, 4, 6, 8]),
        Expected(
            name: "escaped-quote.csv", encoding: .utf8,
            rows: [["id", "text"], ["1", "He said \"hi\""], ["2", "\""], ["3", "a,b"], ["4", ""]],
            lines: [1, 2, 3, 4, 5],
            quoted: [[false, false], [false, true], [false, true], [false, true], [false, true]]),
        Expected(
            name: "ragged.csv", encoding: .utf8,
            rows: [["a", "b", "c"], ["1", "2"], ["3", "4", "5", "6"], [""], ["7", "8", "9"]], lines: [1, 2, 3, 4, 5]),
        Expected(name: "header-only.csv", encoding: .utf8, rows: [["id", "q1", "q2"]], lines: [1]),
        Expected(name: "empty.csv", encoding: .utf8, rows: [], lines: []),
        Expected(name: "trailing-blank-lines.csv", encoding: .utf8, rows: [["id", "q1"], ["1", "2"]], lines: [1, 2]),
        Expected(
            name: "invalid-utf8-1252.csv", encoding: .windows1252, delimiter: ";",
            rows: [["id", "name", "price"], ["1", "Caf\u{E9}", "\u{20AC}5"], ["2", "\u{201C}quoted\u{201D}", "\u{81}"]],
            lines: [1, 2, 3],
            warnings: [
                "invalid-utf8-1252.csv: warning: not valid UTF-8 (first bad byte at line 2, column 6); read as Windows-1252"
            ]),
        Expected(
            name: "utf16le.csv", encoding: .utf16LE,
            rows: [["id", "name"], ["1", "Zo\u{EB}"], ["2", "a, \u{1F600}"]], lines: [1, 2, 3]),
        Expected(
            name: "utf16be.csv", encoding: .utf16BE,
            rows: [["id", "name"], ["1", "Zo\u{EB}"], ["2", "a, \u{1F600}"]], lines: [1, 2, 3]),
        Expected(
            name: "semicolon-sep-line.csv", encoding: .utf8, delimiter: ";",
            rows: [["id", "q1", "comment"], ["1", "2", "a;b, c"]], lines: [2, 3]),
        Expected(name: "semicolon.csv", encoding: .utf8, delimiter: ";", rows: [["id", "q1", "comment"], ["1", "2,5", "x"]], lines: [1, 2]),
        Expected(name: "tab.csv", encoding: .utf8, delimiter: "\t", rows: [["id", "q1", "q2"], ["1", "2", "3"]], lines: [1, 2]),
        Expected(
            name: "unterminated.csv", encoding: .utf8, rows: [["id", "text"], ["1", "ok"]], lines: [1, 2],
            error: "unterminated.csv:3:3: error: unterminated quoted field (opened here); expected a closing \""),
        Expected(
            name: "lenient-quotes.csv", encoding: .utf8,
            rows: [["id", "size", "note"], ["1", "5\" screen", "quotedtail"], ["2", "a ", "x"]], lines: [1, 2, 3],
            quoted: [[false, false, false], [false, false, true], [false, true, false]]),
        Expected(
            name: "quoted-empty.csv", encoding: .utf8, rows: [["id", "q1", "q2"], ["1", "", ""]], lines: [1, 2],
            quoted: [[false, false, false], [false, false, true]]),
    ]

    @Test(arguments: fixtures)
    func fixture(_ expected: Expected) throws {
        let read = try Self.read(expected.name)
        #expect(read.encoding == expected.encoding)
        #expect(read.dialect.delimiter == expected.delimiter.asciiValue)
        #expect(read.records.map(\.strings) == expected.rows)
        #expect(read.records.map(\.line) == expected.lines)
        if let quoted = expected.quoted { #expect(read.records.map(\.quoted) == quoted) }
        #expect(read.warnings == expected.warnings)
        #expect(read.error == expected.error)
    }

    @Test func everyFixtureIsListed() throws {
        let directory = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/csv"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }
        #expect(Set(names) == Set(Self.fixtures.map(\.name)))
    }

    @Test(arguments: fixtures.map(\.name))
    func fixturesAreTheSameInAnyChunkSize(name: String) throws {
        let raw = try CSVTestInput.fixture(name)
        let decoded = try TextDecoding.decode(raw, path: name)
        let dialect = CSVDialect.sniff(decoded.bytes)
        let body = Array(decoded.bytes[dialect.headerOffset...])
        let expected = CSVOracle.tokenize(body, delimiter: dialect.delimiter)
        for size in CSVTestInput.chunkSizes {
            #expect(CSVTestInput.tokenize(body, delimiter: dialect.delimiter, chunkSize: size) == expected, "chunk size \(size)")
        }
    }

    @Test func rawTextIsTheRecordAsWritten() throws {
        let read = try Self.read("escaped-quote.csv")
        #expect(read.records.map(\.rawText) == ["id,text", "1,\"He said \"\"hi\"\"\"", "2,\"\"\"\"", "3,\"a,b\"", "4,\"\""])
        let multiline = try Self.read("quoted-newline.csv")
        #expect(multiline.records[2].rawText == "2,\"crlf\r\ninside, too\"")
    }

    @Test func byteOffsetsPointAtRecordStarts() throws {
        let name = "semicolon-sep-line.csv"
        let decoded = try TextDecoding.decode(try CSVTestInput.fixture(name), path: name)
        let read = try Self.read(name)
        for record in read.records {
            #expect(Array(decoded.bytes[record.byteOffset..<(record.byteOffset + record.raw.count)]) == record.raw)
        }
    }
}
