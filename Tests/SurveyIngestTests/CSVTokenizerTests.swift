import Foundation
import SurveyIngest
import SurveyModel
import SurveyTestSupport
import Testing

// MARK: - Helpers shared by the CSV tests

/// Everything a record says about itself, copied out of the callback.
struct CSVRecordSnapshot: Equatable, CustomStringConvertible {
    var fields: [[UInt8]]
    var quoted: [Bool]
    var line: Int
    var byteOffset: Int
    var raw: [UInt8]
    var fieldLines: [Int]
    var fieldColumns: [Int]

    init(
        fields: [[UInt8]], quoted: [Bool], line: Int, byteOffset: Int, raw: [UInt8], fieldLines: [Int],
        fieldColumns: [Int]
    ) {
        self.fields = fields
        self.quoted = quoted
        self.line = line
        self.byteOffset = byteOffset
        self.raw = raw
        self.fieldLines = fieldLines
        self.fieldColumns = fieldColumns
    }

    init(_ record: borrowing CSVRecord) {
        fields = []
        quoted = []
        fieldLines = []
        fieldColumns = []
        for i in 0..<record.fieldCount {
            fields.append(Array(record.field(i)))
            quoted.append(record.isQuoted(i))
            fieldLines.append(record.line(ofField: i))
            fieldColumns.append(record.column(ofField: i))
        }
        line = record.line
        byteOffset = record.byteOffset
        raw = Array(record.rawBytes)
    }

    var strings: [String] { fields.map { String(decoding: $0, as: UTF8.self) } }

    var description: String {
        "line \(line) @\(byteOffset) \(strings) quoted \(quoted) lines \(fieldLines) columns \(fieldColumns)"
    }
}

/// What tokenizing an input gave: its records, then the error that stopped it, if any.
struct CSVTokenizeResult: Equatable, CustomStringConvertible {
    var records: [CSVRecordSnapshot]
    var error: String?

    var description: String {
        records.map(\.description).joined(separator: "\n") + (error.map { "\nerror: \($0)" } ?? "")
    }
}

enum CSVTestInput {
    static let comma = UInt8(ascii: ",")

    /// Tokenizes `input` fed in chunks of `chunkSize` bytes (each chunk in its own, short-lived
    /// array, so a record that kept a pointer into an old chunk would read freed memory).
    static func tokenize(
        _ input: [UInt8], delimiter: UInt8 = comma, chunkSize: Int = .max, path: String = "t.csv"
    ) -> CSVTokenizeResult {
        var tokenizer = CSVTokenizer(delimiter: delimiter, path: path)
        var records: [CSVRecordSnapshot] = []
        do {
            var start = 0
            while start < input.count {
                let stop = input.count - start <= chunkSize ? input.count : start + chunkSize
                let chunk = Array(input[start..<stop])
                chunk.withUnsafeBufferPointer { buffer in
                    tokenizer.feed(buffer) { records.append(CSVRecordSnapshot($0)) }
                }
                start = stop
            }
            try tokenizer.finish { records.append(CSVRecordSnapshot($0)) }
        } catch {
            return CSVTokenizeResult(records: records, error: "\(error)")
        }
        return CSVTokenizeResult(records: records, error: nil)
    }

    static func tokenize(_ text: String, delimiter: UInt8 = comma, chunkSize: Int = .max) -> CSVTokenizeResult {
        tokenize(Array(text.utf8), delimiter: delimiter, chunkSize: chunkSize)
    }

    /// The bytes of `Fixtures/csv/name`.
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/csv/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    static let chunkSizes = [1, 2, 3, 7, 64, 4096, Int.max]
}

/// A deliberately simple tokenizer with the same rules, written differently (whole input, one
/// byte at a time, fields built by appending, positions from a precomputed table), to check
/// ``CSVTokenizer`` against.
enum CSVOracle {
    static func tokenize(_ input: [UInt8], delimiter: UInt8 = CSVTestInput.comma, path: String = "t.csv")
        -> CSVTokenizeResult
    {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let n = input.count
        // Line and column of every offset.
        var lineAt = [Int](repeating: 0, count: n + 1)
        var columnAt = [Int](repeating: 0, count: n + 1)
        var line = 1
        var lineStart = 0
        for k in 0...n {
            lineAt[k] = line
            columnAt[k] = k - lineStart + 1
            if k < n {
                if input[k] == lf || (input[k] == cr && !(k + 1 < n && input[k + 1] == lf)) {
                    line += 1
                    lineStart = k + 1
                }
            }
        }
        func isEnd(_ c: UInt8) -> Bool { c == delimiter || c == cr || c == lf }

        var records: [CSVRecordSnapshot] = []
        var pos = 0
        while pos < n {
            let recordStart = pos
            var fields: [[UInt8]] = []
            var quoted: [Bool] = []
            var starts: [Int] = []
            fieldLoop: while true {
                let fieldStart = pos
                var value: [UInt8] = []
                var isQuoted = false
                if pos < n && input[pos] == quote {
                    isQuoted = true
                    pos += 1
                    while true {
                        if pos >= n {
                            let location = InputLocation(path: path, line: lineAt[fieldStart], column: columnAt[fieldStart])
                            return CSVTokenizeResult(
                                records: dropTrailingBlanks(records),
                                error: "\(location): error: unterminated quoted field (opened here); expected a closing \"")
                        }
                        if input[pos] == quote {
                            if pos + 1 < n && input[pos + 1] == quote {
                                value.append(quote)
                                pos += 2
                            } else {
                                pos += 1
                                break
                            }
                        } else {
                            value.append(input[pos])
                            pos += 1
                        }
                    }
                }
                while pos < n && !isEnd(input[pos]) {
                    value.append(input[pos])
                    pos += 1
                }
                fields.append(value)
                quoted.append(isQuoted)
                starts.append(fieldStart)
                if pos < n && input[pos] == delimiter {
                    pos += 1
                    continue fieldLoop
                }
                break
            }
            let raw = Array(input[recordStart..<pos])
            if pos < n {
                pos += (input[pos] == cr && pos + 1 < n && input[pos + 1] == lf) ? 2 : 1
            }
            records.append(
                CSVRecordSnapshot(
                    fields: fields, quoted: quoted, line: lineAt[recordStart], byteOffset: recordStart, raw: raw,
                    fieldLines: starts.map { lineAt[$0] }, fieldColumns: starts.map { columnAt[$0] }))
        }
        return CSVTokenizeResult(records: dropTrailingBlanks(records), error: nil)
    }

    private static func dropTrailingBlanks(_ records: [CSVRecordSnapshot]) -> [CSVRecordSnapshot] {
        var records = records
        while let last = records.last, last.raw.isEmpty { records.removeLast() }
        return records
    }
}


// MARK: - Tests

@Suite struct CSVTokenizerTests {
    typealias Input = CSVTestInput

    @Test func simpleRecords() {
        let result = Input.tokenize("id,q1,q2\n1,2,3\n")
        #expect(result.error == nil)
        #expect(result.records.map(\.strings) == [["id", "q1", "q2"], ["1", "2", "3"]])
        #expect(result.records.map(\.line) == [1, 2])
        #expect(result.records.map(\.byteOffset) == [0, 9])
        #expect(result.records[1].fieldColumns == [1, 3, 5])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func recordTerminators(terminator: String) {
        let text = ["a,b", "1,2", "3,4"].joined(separator: terminator) + terminator
        let result = Input.tokenize(text)
        #expect(result.records.map(\.strings) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(result.records.map(\.line) == [1, 2, 3])
        #expect(result.records.map(\.rawText) == ["a,b", "1,2", "3,4"])
    }

    @Test func lastRecordWithoutTerminator() {
        let result = Input.tokenize("a,b\n1,2")
        #expect(result.records.map(\.strings) == [["a", "b"], ["1", "2"]])
    }

    @Test func quotedFields() throws {
        let result = Input.tokenize(#"a,"b,c","d ""e"" f","",g"# + "\n")
        let record = try #require(result.records.first)
        #expect(record.strings == ["a", "b,c", #"d "e" f"#, "", "g"])
        #expect(record.quoted == [false, true, true, true, false])
        #expect(record.fieldColumns == [1, 3, 9, 21, 24])
        #expect(record.rawText == #"a,"b,c","d ""e"" f","",g"#)
    }

    @Test func quotedEmptyVersusEmpty() {
        let record = Input.tokenize(#"1,,"""# + "\r\n").records[0]
        #expect(record.strings == ["1", "", ""])
        #expect(record.quoted == [false, false, true])
    }

    @Test func onlyEscapedQuotes() {
        // A quoted field of n doubled quotes is n quotes.
        for n in 0...3 {
            let field = "\"" + String(repeating: "\"\"", count: n) + "\""
            #expect(Input.tokenize(field + "\n").records[0].strings == [String(repeating: "\"", count: n)])
        }
    }

    @Test func lenientQuotes() {
        // A quote inside an unquoted field is kept; text after a closing quote is appended.
        let result = Input.tokenize(#"5" screen,"quoted"tail,"a" ,"b""c"d"e"# + "\n")
        #expect(result.records[0].strings == [#"5" screen"#, "quotedtail", "a ", #"b"cd"e"#])
        #expect(result.records[0].quoted == [false, true, true, true])
    }

    @Test func emptyFields() {
        #expect(Input.tokenize(",,\n").records[0].strings == ["", "", ""])
        #expect(Input.tokenize("a,\n").records[0].strings == ["a", ""])
        #expect(Input.tokenize("a,").records[0].strings == ["a", ""])
        #expect(Input.tokenize(",").records[0].strings == ["", ""])
    }

    @Test func embeddedLineBreaksAdvanceLines() {
        let text = "id,comment\n1,\"one\ntwo\"\n2,\"crlf\r\ncr\rlf\nend\"\n3,x\n"
        let result = Input.tokenize(text)
        #expect(result.records.map(\.strings) == [
            ["id", "comment"], ["1", "one\ntwo"], ["2", "crlf\r\ncr\rlf\nend"], ["3", "x"],
        ])
        #expect(result.records.map(\.line) == [1, 2, 4, 8])
    }

    @Test func fieldPositionsAfterAnEmbeddedLineBreak() {
        let record = Input.tokenize("1,\"a\r\nbc\",x,\"y\"\n").records[0]
        #expect(record.fieldLines == [1, 1, 2, 2])
        #expect(record.fieldColumns == [1, 3, 5, 7])
    }

    @Test func blankLinesInTheMiddleAreRecords() {
        let result = Input.tokenize("a,b\n\n1,2\r\n\r\n\r\n3,4\n")
        #expect(result.records.map(\.strings) == [["a", "b"], [""], ["1", "2"], [""], [""], ["3", "4"]])
        #expect(result.records.map(\.line) == [1, 2, 3, 4, 5, 6])
        #expect(result.records.map(\.byteOffset) == [0, 4, 5, 10, 12, 14])
        #expect(result.records[1].quoted == [false])
        #expect(result.records[1].rawText == "")
    }

    @Test(arguments: ["a\n", "a\n\n", "a\r\n\r\n", "a\r\n\r\n\r\n", "a\r\r", "a\n\n\n\n"])
    func trailingBlankLinesAreIgnored(text: String) {
        for size in Input.chunkSizes {
            #expect(Input.tokenize(text, chunkSize: size).records.map(\.strings) == [["a"]])
        }
    }

    @Test(arguments: ["", "\n", "\r\n", "\n\n"])
    func inputsWithoutRecords(text: String) {
        #expect(Input.tokenize(text) == CSVTokenizeResult(records: [], error: nil))
    }

    @Test func quotedEmptyLineIsNotBlank() {
        let result = Input.tokenize("a\n\"\"\n")
        #expect(result.records.map(\.strings) == [["a"], [""]])
        #expect(result.records[1].quoted == [true])
    }

    @Test func unterminatedQuoteMessage() {
        let result = Input.tokenize("a,b\n1,2\nxx,yy,\"open\nstill open\n")
        #expect(result.error == #"t.csv:3:7: error: unterminated quoted field (opened here); expected a closing ""#)
        #expect(result.records.map(\.strings) == [["a", "b"], ["1", "2"]])
    }

    @Test func unterminatedQuoteIsASurveyDataError() throws {
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","), path: "data/w1.csv")
        let input = Array("id,text\n1,\"a\n\"\"b".utf8)
        input.withUnsafeBufferPointer { tokenizer.feed($0) { _ in } }
        let error = #expect(throws: SurveyError.self) { try tokenizer.finish { _ in } }
        #expect(error?.kind == .dataError)
        #expect(error?.location == InputLocation(path: "data/w1.csv", line: 2, column: 3))
        #expect(error?.description == #"data/w1.csv:2:3: error: unterminated quoted field (opened here); expected a closing ""#)
    }

    @Test func unterminatedQuoteAfterAnEmbeddedLineBreak() {
        // The quote that is still open is on line 3, column 8, in a record that starts on line 2.
        let result = Input.tokenize("h1,h2,h3\n\"x\ny\",\"z\",\"w")
        #expect(result.error == #"t.csv:3:8: error: unterminated quoted field (opened here); expected a closing ""#)
    }

    @Test func otherDelimiters() {
        let semicolon = Input.tokenize("a;\"b;c\";d,e\n", delimiter: UInt8(ascii: ";"))
        #expect(semicolon.records[0].strings == ["a", "b;c", "d,e"])
        let tab = Input.tokenize("a\t\"b\tc\"\t\n", delimiter: UInt8(ascii: "\t"))
        #expect(tab.records[0].strings == ["a", "b\tc", ""])
        let pipe = Input.tokenize("a|b\n", delimiter: UInt8(ascii: "|"))
        #expect(pipe.records[0].strings == ["a", "b"])
    }

    @Test func wideRecordsGrowTheFieldBuffer() {
        let header = (0..<500).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<500).map { $0 % 2 == 0 ? "\"\($0)\"\"\"" : "\($0)" }.joined(separator: ",")
        for size in [7, Int.max] {
            let result = Input.tokenize(header + "\n" + row + "\n" + header, chunkSize: size)
            #expect(result.records.count == 3)
            #expect(result.records[0].fields.count == 500)
            #expect(result.records[1].strings[498] == "498\"")
            #expect(result.records[2].strings[499] == "c499")
        }
    }

    @Test func longQuotedFieldAcrossManyChunks() {
        let long = String(repeating: "lorem, \"\"ipsum\"\"\r\n", count: 2000)
        let text = "id,text\n1,\"\(long)\"\n2,x\n"
        let expected = long.replacingOccurrences(of: "\"\"", with: "\"")
        for size in Input.chunkSizes {
            let result = Input.tokenize(text, chunkSize: size)
            #expect(result.records.count == 3)
            #expect(result.records[1].strings == ["1", expected])
            #expect(result.records[2].line == 2 + 2000 + 1)
        }
    }

    @Test func crlfSplitAcrossChunks() {
        // Every split of "a\r\nb\r\n" into two chunks gives the same records.
        let input = Array("a\r\nb\r\n\r\nc".utf8)
        for cut in 0...input.count {
            var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","), path: "t.csv")
            var records: [CSVRecordSnapshot] = []
            Array(input[..<cut]).withUnsafeBufferPointer { tokenizer.feed($0) { records.append(CSVRecordSnapshot($0)) } }
            Array(input[cut...]).withUnsafeBufferPointer { tokenizer.feed($0) { records.append(CSVRecordSnapshot($0)) } }
            try? tokenizer.finish { records.append(CSVRecordSnapshot($0)) }
            #expect(records.map(\.strings) == [["a"], ["b"], [""], ["c"]], "cut at \(cut)")
            #expect(records.map(\.line) == [1, 2, 3, 4], "cut at \(cut)")
            #expect(records.map(\.byteOffset) == [0, 3, 6, 8], "cut at \(cut)")
        }
    }

    @Test func startLineAndOffset() throws {
        let input = Array("sep=;\nh1;h2\n1;2\n".utf8)
        let dialect = CSVDialect.sniff(input)
        var records: [CSVRecordSnapshot] = []
        try CSVTokenizer.records(in: input, dialect: dialect, path: "t.csv") { records.append(CSVRecordSnapshot($0)) }
        #expect(records.map(\.strings) == [["h1", "h2"], ["1", "2"]])
        #expect(records.map(\.line) == [2, 3])
        #expect(records.map(\.byteOffset) == [6, 12])
    }

    @Test func callbackErrorsPropagate() {
        struct Stop: Error {}
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","), path: "t.csv")
        var seen = 0
        #expect(throws: Stop.self) {
            try Array("a\nb\nc\n".utf8).withUnsafeBufferPointer { buffer in
                try tokenizer.feed(buffer) { _ in
                    seen += 1
                    if seen == 2 { throw Stop() }
                }
            }
        }
        #expect(seen == 2)
    }

    @Test func copiedTokenizersAreIndependent() {
        var first = CSVTokenizer(delimiter: UInt8(ascii: ","), path: "t.csv")
        Array("a,\"b".utf8).withUnsafeBufferPointer { first.feed($0) { _ in } }
        var second = first
        var fromFirst: [[String]] = []
        var fromSecond: [[String]] = []
        Array("1\"\n".utf8).withUnsafeBufferPointer { first.feed($0) { fromFirst.append(CSVRecordSnapshot($0).strings) } }
        Array("2\"\n".utf8).withUnsafeBufferPointer { second.feed($0) { fromSecond.append(CSVRecordSnapshot($0).strings) } }
        #expect(fromFirst == [["a", "b1"]])
        #expect(fromSecond == [["a", "b2"]])
    }

    // MARK: Chunk boundaries and the oracle

    static let handWritten: [String] = [
        "",
        "a",
        "a,b\n1,2\n",
        "a,b\r\n1,2\r\n",
        "a,b\r1,2\r",
        "a,b\n1,2",
        "\"a\",\"b\"\n\"1\",\"2\"",
        "\"a\"\"\",\"\"\"b\"\n",
        "x,\"multi\nline\r\nfield\rhere\",y\nz,w\n",
        "\n\na\n\nb\n\n",
        "\r\n\r\na\r\n",
        "5\" screen,\"a\"b,\"c\" \n",
        "a,\"unterminated\nstill\n",
        "\"",
        "a,b,\n,,\n,\n",
        "caf\u{E9},\"na\u{EF}ve, \u{1F600}\"\n",
        "\"\"\n\"\"\"\"\n",
        "a\r\r\nb\n\rc",
    ]

    @Test(arguments: handWritten)
    func handWrittenInputsMatchTheOracle(text: String) {
        let input = Array(text.utf8)
        let expected = CSVOracle.tokenize(input)
        for size in Input.chunkSizes {
            let result = Input.tokenize(input, chunkSize: size)
            #expect(result == expected, "chunk size \(size)")
        }
    }

    @Test(arguments: 0..<8)
    func randomInputsMatchTheOracle(seed: Int) {
        // Alphabet weighted towards the bytes that matter; random inputs often leave a quote open.
        let pieces: [[UInt8]] = [
            [0x61], [0x62], [0x61], [0x2C], [0x2C], [0x2C], [0x22], [0x22], [0x0A], [0x0D],
            [0x0D, 0x0A], [0x3B], [0x20], [0xC3, 0xA9],
        ]
        var rng = SeededGenerator(seed: UInt64(seed))
        for _ in 0..<60 {
            var input: [UInt8] = []
            for _ in 0..<Int.random(in: 0...120, using: &rng) {
                input += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            }
            let expected = CSVOracle.tokenize(input)
            for size in Input.chunkSizes {
                let result = Input.tokenize(input, chunkSize: size)
                #expect(result == expected, "input \(String(decoding: input, as: UTF8.self).debugDescription) chunk size \(size)")
            }
        }
    }

    /// Quoted fields long enough for the sixteen-byte skip, with quotes, line breaks, tabs and
    /// multi-byte characters at every position within and across the sixteen-byte blocks.
    @Test(arguments: 0..<4)
    func longQuotedFieldsMatchTheOracle(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 2000)
        let rare: [[UInt8]] = [[0x22, 0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x09], [0x2C], [0xC3, 0xA9], [0x0B]]
        for _ in 0..<20 {
            var input: [UInt8] = []
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                for column in 0..<3 {
                    if column > 0 { input.append(0x2C) }
                    guard column == 1 else { input += Array("\(Int.random(in: 1...5, using: &rng))".utf8); continue }
                    input.append(0x22)
                    for _ in 0..<Int.random(in: 0...90, using: &rng) {
                        input += Int.random(in: 0..<12, using: &rng) == 0
                            ? rare[Int.random(in: 0..<rare.count, using: &rng)] : [UInt8(ascii: "a") + UInt8(Int.random(in: 0..<26, using: &rng))]
                    }
                    input.append(0x22)
                }
                input += [0x0D, 0x0A]
            }
            let expected = CSVOracle.tokenize(input)
            #expect(expected.error == nil)
            for size in Input.chunkSizes + [15, 16, 17, 33] {
                #expect(Input.tokenize(input, chunkSize: size) == expected, "chunk size \(size)")
            }
        }
    }

    @Test(arguments: 0..<4)
    func randomWellFormedFilesMatchTheOracle(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 1000)
        let terminators = ["\n", "\r\n", "\r"]
        let fieldTexts = ["", "1", "42", "x y", "caf\u{E9}", "a,b", "say \"hi\"", "two\nlines", "cr\rlf\r\n", "\"", ";"]
        for _ in 0..<10 {
            var text = ""
            let columns = Int.random(in: 1...6, using: &rng)
            for _ in 0..<Int.random(in: 0...25, using: &rng) {
                let terminator = terminators[Int.random(in: 0..<3, using: &rng)]
                var fields: [String] = []
                for _ in 0..<columns {
                    let value = fieldTexts[Int.random(in: 0..<fieldTexts.count, using: &rng)]
                    let mustQuote = value.contains(where: { ",\"\r\n".contains($0) })
                    if mustQuote || Bool.random(using: &rng) {
                        fields.append("\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                    } else {
                        fields.append(value)
                    }
                }
                text += fields.joined(separator: ",") + terminator
                if Int.random(in: 0..<10, using: &rng) == 0 { text += terminator }  // a blank line
            }
            let input = Array(text.utf8)
            let expected = CSVOracle.tokenize(input)
            #expect(expected.error == nil)
            for size in Input.chunkSizes {
                #expect(Input.tokenize(input, chunkSize: size) == expected, "chunk size \(size)")
            }
        }
    }
}

extension CSVRecordSnapshot {
    var rawText: String { String(decoding: raw, as: UTF8.self) }
}
