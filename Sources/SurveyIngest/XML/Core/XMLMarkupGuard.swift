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
        for c in bytes {
            switch state {
            case .text:
                if c == UInt8(ascii: "<") {
                    state = .tag
                    attributes = 0
                    tagLine = line
                    tagColumn = offset - lineStart + 1
                }
            case .tag:
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    state = .quoted(c)
                } else if c == UInt8(ascii: ">") {
                    state = .text
                } else if c == UInt8(ascii: "=") {
                    attributes += 1
                    if attributes > Self.maximumAttributes {
                        refusal = (tagLine, tagColumn, "an element with more than \(Self.maximumAttributes) attributes; refused (no survey export has so many, and checking them would take hours)")
                        return false
                    }
                }
            case .quoted(let quote):
                if c == quote { state = .tag }
            }
            offset += 1
            if c == 0x0A {
                line += 1
                lineStart = offset
            }
        }
        return true
    }
}
