import SurveyModel

/// The character encoding an input file was read in.
public enum TextEncoding: String, Hashable, Sendable {
    /// UTF-8 without a byte order mark.
    case utf8 = "utf-8"
    /// UTF-8 with a byte order mark (EF BB BF), as LimeSurvey and Excel write it.
    case utf8BOM = "utf-8-bom"
    /// UTF-16, little-endian, announced by the byte order mark FF FE.
    case utf16LE = "utf-16le"
    /// UTF-16, big-endian, announced by the byte order mark FE FF.
    case utf16BE = "utf-16be"
    /// Windows-1252, the fallback for bytes that are not valid UTF-8 (Excel in a Western
    /// European locale).
    case windows1252 = "windows-1252"
}

/// An input file's text as UTF-8 bytes, with the encoding it was read in.
public struct DecodedText: Sendable {
    /// The text as valid UTF-8, without a byte order mark.
    ///
    /// Byte offsets, lines and columns reported by ``CSVTokenizer`` refer to these bytes.
    public var bytes: [UInt8]
    /// The encoding the input was read in.
    public var encoding: TextEncoding
    /// Warnings about the encoding, such as a fallback to Windows-1252.
    public var warnings: [Diagnostic]

    /// Creates decoded text.
    public init(bytes: [UInt8], encoding: TextEncoding, warnings: [Diagnostic] = []) {
        self.bytes = bytes
        self.encoding = encoding
        self.warnings = warnings
    }
}

/// Turns the raw bytes of an input file into UTF-8, whatever encoding the file was saved in.
public enum TextDecoding {
    /// Detects the encoding of `raw` and returns its text as UTF-8 without a byte order mark.
    ///
    /// The rules, in order (SPEC §3):
    /// 1. EF BB BF: UTF-8 with a byte order mark; the mark is removed.
    /// 2. FF FE or FE FF: UTF-16 little- or big-endian; transcoded to UTF-8.
    /// 3. Otherwise the bytes are checked to be valid UTF-8 (runs of ASCII are checked eight bytes
    ///    at a time) and returned unchanged.
    /// 4. Bytes that are not valid UTF-8 (after an optional UTF-8 byte order mark) are read as
    ///    Windows-1252, with the warning
    ///    `path: warning: not valid UTF-8 (first bad byte at line L, column C); read as Windows-1252`.
    ///    Lines count CR, LF and CRLF as one break; columns count bytes, from 1.
    ///
    /// Windows-1252's five unassigned bytes (81, 8D, 8F, 90, 9D) become the C1 controls of the same
    /// value, as web browsers decode them, so no byte is ever lost.
    ///
    /// - Parameters:
    ///   - raw: The file's bytes.
    ///   - path: The file as the user named it, for messages.
    /// - Returns: The text as UTF-8, the encoding it was read in, and any warnings.
    /// - Throws: ``SurveyError`` `.dataError` for UTF-16 with an odd number of bytes or an unpaired
    ///   surrogate; the message names the byte offset in the file.
    /// - Complexity: O(*n*). Valid UTF-8 without a byte order mark is returned without a copy.
    public static func decode(_ raw: [UInt8], path: String) throws(SurveyError) -> DecodedText {
        let count = raw.count
        if count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
            let body = Array(raw[3...])
            return decodeUTF8OrWindows1252(body, path: path, encoding: .utf8BOM)
        }
        if count >= 2 && raw[0] == 0xFF && raw[1] == 0xFE {
            return DecodedText(bytes: try transcodeUTF16(raw, bigEndian: false, path: path), encoding: .utf16LE)
        }
        if count >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
            return DecodedText(bytes: try transcodeUTF16(raw, bigEndian: true, path: path), encoding: .utf16BE)
        }
        return decodeUTF8OrWindows1252(raw, path: path, encoding: .utf8)
    }

    private static func decodeUTF8OrWindows1252(
        _ bytes: [UInt8], path: String, encoding: TextEncoding
    ) -> DecodedText {
        let badOffset = bytes.withUnsafeBufferPointer { firstInvalidUTF8(in: $0) }
        guard let badOffset else { return DecodedText(bytes: bytes, encoding: encoding) }
        let (line, column) = bytes.withUnsafeBufferPointer {
            CSVText.lineAndColumn(in: $0, offset: badOffset, firstLine: 1)
        }
        let warning = Diagnostic(
            .warning, at: nil, path: path,
            "not valid UTF-8 (first bad byte at line \(line), column \(column)); read as Windows-1252")
        return DecodedText(bytes: transcodeWindows1252(bytes), encoding: .windows1252, warnings: [warning])
    }

    /// The offset of the first byte of the first ill-formed UTF-8 sequence, or `nil` when all of
    /// `bytes` is well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates, nothing
    /// above U+10FFFF).
    static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            // Fast path: ASCII, thirty-two bytes and then eight at a time. (Plain words: a
            // SIMD16 `.>= 0x80` test compiles to a reduction here, not to one movemask.)
            while i &+ 32 <= n {
                let raw = UnsafeRawPointer(base + i)
                let any = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 != 0 { break }
                i &+= 32
            }
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= n { break }
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var trailing = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: trailing = 1
            case 0xE0: trailing = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: trailing = 2
            case 0xED: trailing = 2; high = 0x9F
            case 0xF0: trailing = 3; low = 0x90
            case 0xF1...0xF3: trailing = 3
            case 0xF4: trailing = 3; high = 0x8F
            default: return i
            }
            if i + trailing >= n { return i }
            let second = base[i + 1]
            if second < low || second > high { return i }
            var k = 2
            while k <= trailing {
                if base[i + k] & 0xC0 != 0x80 { return i }
                k += 1
            }
            i += trailing + 1
        }
        return nil
    }

    /// The Unicode scalars of Windows-1252 bytes 80–9F; the unassigned ones map to themselves.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Windows-1252 → UTF-8.
    static func transcodeWindows1252(_ bytes: [UInt8]) -> [UInt8] {
        let table = windows1252High
        var size = 0
        for b in bytes {
            if b < 0x80 {
                size += 1
            } else if b >= 0xA0 {
                size += 2
            } else {
                size += table[Int(b - 0x80)] < 0x800 ? 2 : 3
            }
        }
        return [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            var o = 0
            for b in bytes {
                if b < 0x80 {
                    out[o] = b
                    o += 1
                    continue
                }
                let scalar = b >= 0xA0 ? UInt32(b) : UInt32(table[Int(b - 0x80)])
                o = writeUTF8(scalar, into: out, at: o)
            }
            initialized = o
        }
    }

    /// UTF-16 (after its byte order mark) → UTF-8.
    static func transcodeUTF16(_ raw: [UInt8], bigEndian: Bool, path: String) throws(SurveyError) -> [UInt8] {
        let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
        let n = raw.count
        if n % 2 != 0 {
            throw SurveyError(
                .dataError, path: path,
                "invalid \(name): odd number of bytes (\(n)), the last code unit at byte offset \(n - 1) is cut off; expected 2 bytes per code unit")
        }
        var failure: (offset: Int, unit: UInt16)?
        let result = raw.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: (n / 2) * 3) { out, initialized in
                @inline(__always) func unit(_ at: Int) -> UInt16 {
                    bigEndian
                        ? UInt16(input[at]) << 8 | UInt16(input[at + 1])
                        : UInt16(input[at + 1]) << 8 | UInt16(input[at])
                }
                var i = 2
                var o = 0
                while i < n {
                    let u = unit(i)
                    if u < 0x80 {
                        out[o] = UInt8(u)
                        o += 1
                        i += 2
                    } else if u < 0xD800 || u > 0xDFFF {
                        o = writeUTF8(UInt32(u), into: out, at: o)
                        i += 2
                    } else if u <= 0xDBFF, i + 2 < n, case let low = unit(i + 2), low >= 0xDC00 && low <= 0xDFFF {
                        let scalar = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        o = writeUTF8(scalar, into: out, at: o)
                        i += 4
                    } else {
                        failure = (i, u)
                        break
                    }
                }
                initialized = o
            }
        }
        if let failure {
            let hex = String(failure.unit, radix: 16, uppercase: true)
            throw SurveyError(
                .dataError, path: path,
                "invalid \(name): unpaired surrogate 0x\(hex) at byte offset \(failure.offset); expected a high surrogate followed by a low surrogate")
        }
        return result
    }

    /// Writes `scalar` as UTF-8 at `out[o...]` and returns the offset after it.
    @inline(__always)
    private static func writeUTF8(_ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        if scalar < 0x80 {
            out[o] = UInt8(scalar)
            return o + 1
        }
        if scalar < 0x800 {
            out[o] = UInt8(0xC0 | (scalar >> 6))
            out[o + 1] = UInt8(0x80 | (scalar & 0x3F))
            return o + 2
        }
        if scalar < 0x10000 {
            out[o] = UInt8(0xE0 | (scalar >> 12))
            out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[o + 2] = UInt8(0x80 | (scalar & 0x3F))
            return o + 3
        }
        out[o] = UInt8(0xF0 | (scalar >> 18))
        out[o + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
        out[o + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
        out[o + 3] = UInt8(0x80 | (scalar & 0x3F))
        return o + 4
    }
}
