import SurveyModel
import Testing

@testable import SurveyIngest

/// The guard against start tags with too many attributes: where it refuses does not depend on
/// how the bytes are fed, nor on the sixteen-byte skip over text and quoted values.
@Suite struct XMLMarkupGuardTests {
    /// Feeds `bytes` in pieces of `size`; the refusal's line and column, or nil.
    static func refusal(_ bytes: [UInt8], size: Int) -> (line: Int, column: Int)? {
        var guardian = XMLMarkupGuard()
        var at = 0
        while at < bytes.count {
            let end = min(bytes.count, at + size)
            let ok = bytes.withUnsafeBufferPointer { guardian.scan(UnsafeBufferPointer(rebasing: $0[at..<end])) }
            if !ok { break }
            at = end
        }
        return guardian.refusal.map { ($0.line, $0.column) }
    }

    @Test(arguments: 0..<6)
    func refusalIsPlacedExactlyWhateverThePieces(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 77)
        var text = "<responses>\n"
        var line = 2
        // Long text, long quoted values (with '>' and '=' inside), line breaks in both.
        for _ in 0..<Int.random(in: 3...12, using: &rng) {
            let words = (0..<Int.random(in: 5...60, using: &rng)).map { _ in Int.random(in: 0..<9, using: &rng) == 0 ? "a=b>c\n" : "word" }
            let value = words.joined(separator: " ")
            text += "  <response note=\"\(value.replacingOccurrences(of: "\n", with: " "))\" other='x=\"y\"'>\(value)</response>\n"
            line += 1 + value.filter { $0 == "\n" }.count
        }
        let indent = String(repeating: " ", count: Int.random(in: 0...40, using: &rng))
        let attributes = (0...XMLMarkupGuard.maximumAttributes).map { " a\($0)=\"v\"" }.joined()
        text += "\(indent)<response\(attributes)/>\n</responses>\n"
        let bytes = Array(text.utf8)
        for size in [1, 7, 15, 16, 17, 33, 4096, bytes.count] {
            let found = Self.refusal(bytes, size: size)
            #expect(found?.line == line && found?.column == indent.count + 1, "piece \(size)")
        }
        // Without the last attribute nothing is refused.
        let fine = Array(text.replacingOccurrences(of: " a\(XMLMarkupGuard.maximumAttributes)=\"v\"", with: "").utf8)
        #expect(Self.refusal(fine, size: 16) == nil)
    }
}
