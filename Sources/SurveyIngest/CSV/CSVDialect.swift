/// How a CSV file is written: its delimiter, and where its header record starts.
public struct CSVDialect: Hashable, Sendable {
    /// The field delimiter: `,`, `;`, TAB or `|`.
    public var delimiter: UInt8
    /// The byte offset where the header record starts: after an optional `sep=X` line, else 0.
    public var headerOffset: Int
    /// The 1-based line of the header record: 2 after a `sep=X` line, else 1.
    public var headerLine: Int
    /// Whether the file starts with an Excel-style `sep=X` line.
    public var hadSepLine: Bool

    /// Creates a dialect; the defaults describe a plain comma-separated file.
    public init(
        delimiter: UInt8 = UInt8(ascii: ","), headerOffset: Int = 0, headerLine: Int = 1,
        hadSepLine: Bool = false
    ) {
        self.delimiter = delimiter
        self.headerOffset = headerOffset
        self.headerLine = headerLine
        self.hadSepLine = hadSepLine
    }

    /// Works out the dialect from the start of a file's UTF-8 text (BOM already removed).
    ///
    /// - A first line `sep=X`, where X is `,` `;` TAB or `|` and is followed by CR, LF, CRLF or the
    ///   end of input, wins: the header starts on the next line. (`SEP=` is accepted too.)
    /// - Otherwise `,` `;` and TAB are counted in the first record, outside quoted fields (a
    ///   quote opens a quoted field only at the start of a field, and a quoted field may contain
    ///   line breaks). The most frequent wins; ties prefer `,`, then `;`, then TAB. A record with
    ///   none of them (a single column) gets `,`.
    ///
    /// - Parameter utf8: The text, or at least its first record.
    /// - Returns: The dialect. Sniffing never fails.
    /// - Complexity: O(length of the first record).
    public static func sniff(_ utf8: UnsafeBufferPointer<UInt8>) -> CSVDialect {
        let n = utf8.count
        if n >= 5, utf8[0] | 0x20 == UInt8(ascii: "s"), utf8[1] | 0x20 == UInt8(ascii: "e"),
            utf8[2] | 0x20 == UInt8(ascii: "p"), utf8[3] == UInt8(ascii: "="),
            [CSVByte.comma, CSVByte.semicolon, CSVByte.tab, CSVByte.pipe].contains(utf8[4]),
            n == 5 || utf8[5] == CSVByte.cr || utf8[5] == CSVByte.lf
        {
            var offset = 5
            if offset < n {
                if utf8[offset] == CSVByte.cr && offset + 1 < n && utf8[offset + 1] == CSVByte.lf {
                    offset += 2
                } else {
                    offset += 1
                }
            }
            return CSVDialect(delimiter: utf8[4], headerOffset: offset, headerLine: 2, hadSepLine: true)
        }

        var commas = 0
        var semicolons = 0
        var tabs = 0
        _ = scanFirstRecord(utf8) { delimiter in
            switch delimiter {
            case CSVByte.comma: commas += 1
            case CSVByte.semicolon: semicolons += 1
            case CSVByte.tab: tabs += 1
            default: break
            }
        }
        var delimiter = CSVByte.comma
        var best = commas
        if semicolons > best {
            delimiter = CSVByte.semicolon
            best = semicolons
        }
        if tabs > best { delimiter = CSVByte.tab }
        return CSVDialect(delimiter: delimiter)
    }

    /// Reads the first record as ``sniff(_:)`` does: outside quoted fields (a quote opens one only
    /// at the start of a field; doubled quotes stay inside), every candidate delimiter (`,` `;`
    /// TAB `|`) is handed to `delimiter` and starts a field, and a CR or LF ends the record.
    ///
    /// - Returns: Whether the record ends inside `utf8` (false when the text stops first, inside
    ///   a quoted field or not).
    static func scanFirstRecord(_ utf8: UnsafeBufferPointer<UInt8>, delimiter: (UInt8) -> Void = { _ in }) -> Bool {
        let n = utf8.count
        var atFieldStart = true
        var i = 0
        while i < n {
            let c = utf8[i]
            switch c {
            case CSVByte.quote where atFieldStart:
                // Skip the quoted field, doubled quotes included.
                i += 1
                while i < n {
                    if utf8[i] == CSVByte.quote {
                        if i + 1 < n && utf8[i + 1] == CSVByte.quote {
                            i += 2
                            continue
                        }
                        break
                    }
                    i += 1
                }
                atFieldStart = false
            case CSVByte.cr, CSVByte.lf:
                return true
            case CSVByte.comma, CSVByte.semicolon, CSVByte.tab, CSVByte.pipe:
                delimiter(c)
                atFieldStart = true
            default:
                atFieldStart = false
            }
            i += 1
        }
        return false
    }

    /// Works out the dialect from the start of a file's UTF-8 text; see the buffer overload.
    public static func sniff(_ utf8: [UInt8]) -> CSVDialect {
        utf8.withUnsafeBufferPointer { sniff($0) }
    }
}
