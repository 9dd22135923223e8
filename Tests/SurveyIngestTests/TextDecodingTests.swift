import SurveyIngest
import SurveyModel
import SurveyTestSupport
import Testing

@Suite struct TextDecodingTests {
    static func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    // MARK: UTF-8

    @Test(arguments: ["", "id,q1\n1,2\n", "caf\u{E9} na\u{EF}ve \u{1F600} \u{4E2D}\u{6587}", "\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"])
    func validUTF8IsReturnedAsIs(text: String) throws {
        let decoded = try TextDecoding.decode(Array(text.utf8), path: "t.csv")
        #expect(decoded.bytes == Array(text.utf8))
        #expect(decoded.encoding == .utf8)
        #expect(decoded.warnings.isEmpty)
    }

    @Test func byteOrderMarkIsRemoved() throws {
        let decoded = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("id,name\r\n".utf8), path: "t.csv")
        #expect(decoded.bytes == Array("id,name\r\n".utf8))
        #expect(decoded.encoding == .utf8BOM)
        #expect(decoded.warnings.isEmpty)
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF], path: "t.csv").bytes == [])
    }

    @Test func encodingNames() {
        #expect(TextEncoding.utf8.rawValue == "utf-8")
        #expect(TextEncoding.utf8BOM.rawValue == "utf-8-bom")
        #expect(TextEncoding.utf16LE.rawValue == "utf-16le")
        #expect(TextEncoding.utf16BE.rawValue == "utf-16be")
        #expect(TextEncoding.windows1252.rawValue == "windows-1252")
    }

    // MARK: Windows-1252 fallback

    @Test func invalidUTF8IsReadAsWindows1252WithAWarning() throws {
        let raw = Array("id;name\r\n1;Caf".utf8) + [0xE9] + Array("\r\n".utf8)
        let decoded = try TextDecoding.decode(raw, path: "data/w1.csv")
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "id;name\r\n1;Caf\u{E9}\r\n")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.warnings.map(\.description) == [
            "data/w1.csv: warning: not valid UTF-8 (first bad byte at line 2, column 6); read as Windows-1252"
        ])
        #expect(decoded.warnings.first?.severity == .warning)
        #expect(decoded.warnings.first?.path == "data/w1.csv")
    }

    @Test func windows1252Table() throws {
        // The first byte (0xE9) makes the input invalid UTF-8; then every interesting byte follows.
        let raw: [UInt8] = [0xE9, 0x80, 0x81, 0x8A, 0x8D, 0x93, 0x94, 0x96, 0x9F, 0xA0, 0xC4, 0xFF, 0x41]
        let decoded = try TextDecoding.decode(raw, path: "t.csv")
        let expected = "\u{E9}\u{20AC}\u{81}\u{160}\u{8D}\u{201C}\u{201D}\u{2013}\u{178}\u{A0}\u{C4}\u{FF}A"
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == expected)
        #expect(decoded.bytes == Array(expected.utf8))
    }

    @Test func invalidUTF8AfterAByteOrderMarkFallsBackToo() throws {
        let decoded = try TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0x62, 0xFC], path: "t.csv")
        #expect(decoded.bytes == Array("a\nb\u{FC}".utf8))
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.warnings.map(\.message) == [
            "not valid UTF-8 (first bad byte at line 2, column 2); read as Windows-1252"
        ])
    }

    static let illFormed: [(bytes: [UInt8], badOffset: Int)] = [
        ([0x80], 0),  // a lone continuation byte
        ([0x61, 0xC0, 0x80], 1),  // overlong NUL
        ([0xC1, 0xBF], 0),  // overlong
        ([0xE0, 0x80, 0x80], 0),  // overlong 3-byte
        ([0xE0, 0x9F, 0xBF], 0),  // overlong 3-byte
        ([0xED, 0xA0, 0x80], 0),  // a surrogate
        ([0xF0, 0x8F, 0xBF, 0xBF], 0),  // overlong 4-byte
        ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 0),
        ([0xFF], 0),
        ([0x61, 0x62, 0xE2, 0x82], 2),  // cut off at the end
        ([0xE2, 0x82, 0x41], 0),  // cut off by ASCII
        ([0xC3, 0xA9, 0xC3], 2),
        (Array("abcdefghijklmnop".utf8) + [0xE9], 16),  // after the 8-byte fast path
        (Array("abcdefgh\u{E9}ijklmnop".utf8) + [0x9D] + Array("qrstuvwx".utf8), 18),
    ]

    @Test(arguments: illFormed)
    func illFormedUTF8IsFound(bytes: [UInt8], badOffset: Int) throws {
        let decoded = try TextDecoding.decode(bytes, path: "t.csv")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.warnings.map(\.message) == [
            "not valid UTF-8 (first bad byte at line 1, column \(badOffset + 1)); read as Windows-1252"
        ])
    }

    @Test func badByteLineCountsCRLFAndCROnce() throws {
        let raw = Array("a\r\nb\rc\nd\r\n\r\nxy".utf8) + [0x96]
        let decoded = try TextDecoding.decode(raw, path: "t.csv")
        #expect(decoded.warnings.first?.message == "not valid UTF-8 (first bad byte at line 6, column 3); read as Windows-1252")
    }

    @Test(arguments: 0..<6)
    func randomBytesAgreeWithTheStandardLibrary(seed: Int) throws {
        // Bytes without CR/LF, so the column of the bad byte is its offset + 1.
        let pool: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        var rng = SeededGenerator(seed: UInt64(seed))
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                bytes.append(pool[Int.random(in: 0..<pool.count, using: &rng)])
            }
            var validPrefix = bytes.count
            while String(validating: bytes[..<validPrefix], as: UTF8.self) == nil { validPrefix -= 1 }
            let decoded = try TextDecoding.decode(bytes, path: "t.csv")
            if validPrefix == bytes.count {
                #expect(decoded.encoding == .utf8, "\(bytes)")
                #expect(decoded.bytes == bytes)
            } else {
                #expect(decoded.encoding == .windows1252, "\(bytes)")
                #expect(
                    decoded.warnings.first?.message
                        == "not valid UTF-8 (first bad byte at line 1, column \(validPrefix + 1)); read as Windows-1252",
                    "\(bytes)")
            }
        }
    }

    /// One bad byte at every offset of a long ASCII run: the thirty-two- and eight-byte ASCII
    /// skips stop in time whatever the byte's place in their blocks.
    @Test func aBadByteIsFoundAtEveryOffsetOfAnASCIIRun() throws {
        for at in 0..<100 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 100)
            bytes[at] = 0xFF
            let decoded = try TextDecoding.decode(bytes, path: "t.csv")
            #expect(decoded.warnings.first?.message == "not valid UTF-8 (first bad byte at line 1, column \(at + 1)); read as Windows-1252")
        }
    }

    // MARK: UTF-16

    @Test(arguments: [false, true])
    func utf16IsTranscoded(bigEndian: Bool) throws {
        let text = "id,name\r\n1,Zo\u{EB}\r\n2,\"a, \u{1F600} \u{4E2D}\"\r\n\u{FFFF}\u{10FFFF}"
        let decoded = try TextDecoding.decode(Self.utf16(text, bigEndian: bigEndian), path: "t.csv")
        #expect(decoded.bytes == Array(text.utf8))
        #expect(decoded.encoding == (bigEndian ? .utf16BE : .utf16LE))
        #expect(decoded.warnings.isEmpty)
    }

    @Test(arguments: [false, true])
    func utf16ByteOrderMarkOnly(bigEndian: Bool) throws {
        #expect(try TextDecoding.decode(Self.utf16("", bigEndian: bigEndian), path: "t.csv").bytes == [])
    }

    @Test func utf16OddByteCount() {
        let error = #expect(throws: SurveyError.self) {
            try TextDecoding.decode(Self.utf16("ab", bigEndian: false) + [0x63], path: "data/u.csv")
        }
        #expect(error?.kind == .dataError)
        #expect(error?.description
            == "data/u.csv: error: invalid UTF-16LE: odd number of bytes (7), the last code unit at byte offset 6 is cut off; expected 2 bytes per code unit")
    }

    static let unpaired: [(units: [UInt16], bigEndian: Bool, message: String)] = [
        ([0x41, 0xD83D], false, "invalid UTF-16LE: unpaired surrogate 0xD83D at byte offset 4"),
        ([0x41, 0xD83D, 0x41], true, "invalid UTF-16BE: unpaired surrogate 0xD83D at byte offset 4"),
        ([0xDE00, 0x41], false, "invalid UTF-16LE: unpaired surrogate 0xDE00 at byte offset 2"),
        ([0xD83D, 0xD83D, 0xDE00], false, "invalid UTF-16LE: unpaired surrogate 0xD83D at byte offset 2"),
    ]

    @Test(arguments: unpaired)
    func utf16UnpairedSurrogate(units: [UInt16], bigEndian: Bool, message: String) {
        var raw: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in units {
            raw += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let error = #expect(throws: SurveyError.self) { try TextDecoding.decode(raw, path: "u.csv") }
        #expect(error?.kind == .dataError)
        #expect(error?.description == "u.csv: error: \(message); expected a high surrogate followed by a low surrogate")
    }

    @Test(arguments: 0..<4)
    func randomUTF16RoundTrips(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 77)
        let ranges: [ClosedRange<UInt32>] = [0x0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
        for _ in 0..<50 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                let range = ranges[Int.random(in: 0..<ranges.count, using: &rng)]
                text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: range, using: &rng))!)
            }
            for bigEndian in [false, true] {
                let decoded = try TextDecoding.decode(Self.utf16(text, bigEndian: bigEndian), path: "t.csv")
                #expect(decoded.bytes == Array(text.utf8))
            }
        }
    }
}
