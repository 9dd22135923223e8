import SurveyModel

/// Watches the bytes handed to libxml2 for start tags with more attributes than any survey export
/// has, and stops the read at the first.
///
/// libxml2 2.9 checks every attribute of a start tag against every other for duplicates: a tag of
/// 200,000 attributes took 5 minutes to parse, so a hostile file of a few megabytes could hold the
/// nightly job for hours. The guard counts `=` outside quoted values between `<` and `>` (an
/// approximation that only ever over-counts inside comments and CDATA, where the limit is far
/// above anything real), in O(1) per byte, whatever the chunks.
struct XMLMarkupGuard {
    /// The most attributes a start tag may have.
    static let maximumAttributes = 1_000

    private enum State { case text, tag, quoted(UInt8) }
    private var state = State.text
    private var attributes = 0
    private var line = 1
    private var lineStart = 0
    private var offset = 0
    private var tagLine = 1
    private var tagColumn = 1

    /// The refusal, once a tag broke the limit: where the tag starts, and why.
    private(set) var refusal: (line: Int, column: Int, message: String)?

    /// Scans the next bytes; returns false once the limit is broken (read no further).
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard refusal == nil else { return false }
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        // The state in locals for the loop (0 text, 1 tag, 2 quoted), written back at the end:
        // the guard sees every byte of an XML input, so it must cost a few instructions a byte.
        var mode: UInt8 = 0
        var quote: UInt8 = 0
        switch state {
        case .text: mode = 0
        case .tag: mode = 1
        case .quoted(let q): (mode, quote) = (2, q)
        }
        let start = offset
        var (attributes, line, lineStart, tagLine, tagColumn) = (self.attributes, self.line, self.lineStart, self.tagLine, self.tagColumn)
        defer {
            state = mode == 0 ? .text : mode == 1 ? .tag : .quoted(quote)
            (self.attributes, self.line, self.lineStart, self.tagLine, self.tagColumn) = (attributes, line, lineStart, tagLine, tagColumn)
        }
        let open = SIMD16<UInt8>(repeating: UInt8(ascii: "<"))
        let lineFeed = SIMD16<UInt8>(repeating: 0x0A)
        var i = 0
        while i < n {
            // Text and quoted values pass sixteen bytes at a time while no byte in them could
            // change the state or the line (open comments are most of some exports); a block
            // that holds one, and tags, go byte by byte.
            if mode != 1 && i &+ 16 <= n {
                let block = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                let target = mode == 0 ? open : SIMD16<UInt8>(repeating: quote)
                if !any((block .== target) .| (block .== lineFeed)) {
                    i &+= 16
                    continue
                }
            }
            let stop = min(n, i &+ 16)
            while i < stop {
                let c = base[i]
                if mode == 0 {
                    if c == UInt8(ascii: "<") {
                        mode = 1
                        attributes = 0
                        tagLine = line
                        tagColumn = start + i - lineStart + 1
                    }
                } else if mode == 1 {
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                        (mode, quote) = (2, c)
                    } else if c == UInt8(ascii: ">") {
                        mode = 0
                    } else if c == UInt8(ascii: "=") {
                        attributes += 1
                        if attributes > Self.maximumAttributes {
                            offset = start + i + 1
                            refusal = (tagLine, tagColumn, "an element with more than \(Self.maximumAttributes) attributes; refused (no survey export has so many, and checking them would take hours)")
                            return false
                        }
                    }
                } else if c == quote {
                    mode = 1
                }
                if c == 0x0A {
                    line += 1
                    lineStart = start + i + 1
                }
                i += 1
            }
        }
        offset = start + n
        return true
    }
}
