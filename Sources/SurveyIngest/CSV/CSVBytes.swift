/// Byte values the CSV layer compares against, and the line/column arithmetic shared by the
/// decoder and the tokenizer.
///
/// Positions are tracked as plain byte offsets in hot loops; a line and column are derived from
/// them only when a message needs one (STYLE C.3).
enum CSVByte {
    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let tab = UInt8(ascii: "\t")
    static let pipe = UInt8(ascii: "|")
}

enum CSVText {
    /// The 1-based line and 1-based byte column of `offset` in `bytes`, where `bytes[0]` is at
    /// line `firstLine`, column 1.
    ///
    /// CR, LF and CRLF each count as one line break.
    ///
    /// - Complexity: O(`offset`).
    static func lineAndColumn(
        in bytes: UnsafeBufferPointer<UInt8>, offset: Int, firstLine: Int
    ) -> (line: Int, column: Int) {
        precondition(offset >= 0 && offset <= bytes.count)
        var line = firstLine
        var lineStart = 0
        var k = 0
        while k < offset {
            let c = bytes[k]
            if c == CSVByte.lf {
                line += 1
                lineStart = k + 1
            } else if c == CSVByte.cr {
                if k + 1 < bytes.count && bytes[k + 1] == CSVByte.lf {
                    // The LF that follows ends this line break.
                } else {
                    line += 1
                    lineStart = k + 1
                }
            }
            k += 1
        }
        return (line, offset - lineStart + 1)
    }
}
