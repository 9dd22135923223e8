import SurveyIngest
import Testing

@Suite struct CSVDialectTests {
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let tab = UInt8(ascii: "\t")
    static let pipe = UInt8(ascii: "|")

    static let sniffCases: [(text: String, delimiter: UInt8)] = [
        ("id,q1,q2\n1,2,3\n", comma),
        ("id;q1;q2\r\n1;2;3\r\n", semicolon),
        ("id\tq1\tq2\n", tab),
        ("id\n1\n", comma),  // one column: none found
        ("", comma),
        // Delimiters inside quoted fields do not count, even across line breaks.
        ("\"a,b,c\";\"d,e\";f\n1,2,3,4,5,6\n", semicolon),
        ("\"x\ny,z,w\";q;r\n", semicolon),
        ("\"a \"\"b,c\"\" d\"\tx\ty\n", tab),
        // Only the first record counts.
        ("a;b\n1,2,3,4\n", semicolon),
        // Ties prefer , then ; then TAB.
        ("a,b;c\n", comma),
        ("a;b\tc\n", semicolon),
        ("a,b;c\td\n", comma),
        // A quote inside an unquoted field is literal: it does not hide what follows.
        ("size 5\";note;x\n", semicolon),
        // More semicolons than commas (decimal commas in a European export).
        ("q1;q2;q3\n", semicolon),
        ("q1;\"a,b,c,d\";q3\n", semicolon),
        // A pipe is only taken from a sep= line.
        ("a|b|c\n", comma),
        ("a\tb\tc,d\n", tab),
    ]

    @Test(arguments: sniffCases)
    func sniffsTheDelimiterOfTheFirstRecord(text: String, delimiter: UInt8) {
        let dialect = CSVDialect.sniff(Array(text.utf8))
        #expect(dialect == CSVDialect(delimiter: delimiter, headerOffset: 0, headerLine: 1, hadSepLine: false))
    }

    static let sepLineCases: [(text: String, delimiter: UInt8, headerOffset: Int)] = [
        ("sep=;\r\nid;q1\r\n", semicolon, 7),
        ("sep=;\nid;q1\n", semicolon, 6),
        ("sep=;\rid;q1\r", semicolon, 6),
        ("sep=,\nid,q1\n", comma, 6),
        ("sep=\t\nid\tq1\n", tab, 6),
        ("sep=|\nid|q1\n", pipe, 6),
        ("SEP=;\nid;q1\n", semicolon, 6),
        ("sep=;", semicolon, 5),
    ]

    @Test(arguments: sepLineCases)
    func sepLineWins(text: String, delimiter: UInt8, headerOffset: Int) {
        let dialect = CSVDialect.sniff(Array(text.utf8))
        #expect(dialect == CSVDialect(delimiter: delimiter, headerOffset: headerOffset, headerLine: 2, hadSepLine: true))
    }

    @Test(arguments: ["sep=;x\n", "sep=:\na:b\n", "sep=\n", "sep;a;b\n", " sep=;\n"])
    func notASepLine(text: String) {
        #expect(CSVDialect.sniff(Array(text.utf8)).hadSepLine == false)
    }

    @Test func sepLineThenRecords() throws {
        let input = Array("sep=;\r\nid;comment\r\n1;\"a;b\"\r\n".utf8)
        let dialect = CSVDialect.sniff(input)
        var rows: [[String]] = []
        var lines: [Int] = []
        try CSVTokenizer.records(in: input, dialect: dialect, path: "t.csv") { record in
            var row: [String] = []
            for i in 0..<record.fieldCount { row.append(record.string(i)) }
            rows.append(row)
            lines.append(record.line)
        }
        #expect(rows == [["id", "comment"], ["1", "a;b"]])
        #expect(lines == [2, 3])
    }

    @Test func sniffsAPrefix() {
        // The buffer may stop anywhere; a quoted field that is still open is skipped to the end.
        let input = Array("a;\"b,c,d,e".utf8)
        #expect(input.withUnsafeBufferPointer { CSVDialect.sniff($0) }.delimiter == Self.semicolon)
    }
}
