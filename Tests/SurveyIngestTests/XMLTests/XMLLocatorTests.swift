import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// Positions found by re-reading the bytes, and format detection from a file's first bytes.
@Suite struct XMLLocatorTests {
    static let document = """
        <?xml version="1.0"?>
        <!DOCTYPE r [ <!ELEMENT r ANY> <!-- <not> "a tag" --> ]>
        <r a=">x">
          <!-- <fake/> -->
          <![CDATA[ <fake2/> ]]>
          <?pi <fake3/> ?>
          <b/><c x='<'/>
          </r>

        """.replacingOccurrences(of: "x='<'", with: "x='&lt;'")

    /// Start tags counted as libxml2 delivers elements, whatever the chunk size.
    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func startTagsAcrossChunks(chunk: Int) {
        let bytes = Array(Self.document.utf8)
        var scanner = MarkupScanner()
        var found: [String] = []
        var start = 0
        while start < bytes.count {
            let piece = Array(bytes[start..<min(bytes.count, start + chunk)])
            piece.withUnsafeBufferPointer { buffer in
                scanner.scan(buffer) { ordinal, line, column in
                    found.append("\(ordinal)@\(line):\(column)")
                    return true
                }
            }
            start += chunk
        }
        #expect(found == ["0@3:1", "1@7:3", "2@7:7"])
    }

    @Test func elementLocationsInAFile() throws {
        let path = try XMLFixture.temporary(Self.document)
        let found = XMLLocator.elementLocations(path: path, ordinals: [0, 2])
        #expect(found[0] == InputLocation(path: path, line: 3, column: 1))
        #expect(found[2] == InputLocation(path: path, line: 7, column: 7))
        #expect(found[1] == nil)
    }

    /// libxml2 counts columns in characters; messages count UTF-8 bytes, and tell whether the
    /// position is the end of the file.
    @Test func libxml2PositionsBecomeByteColumns() throws {
        let path = try XMLFixture.temporary("<r>\n<a x=\"ééé\">ééé</b>\n</r>\n  \n")
        let inside = XMLLocator.libxml2Position(path: path, line: 2, characterColumn: 19)
        #expect(inside.location == InputLocation(path: path, line: 2, column: 25))
        #expect(!inside.atEnd)
        let end = XMLLocator.libxml2Position(path: path, line: 3, characterColumn: 5)
        #expect(end.atEnd)
    }

    @Test(arguments: [
        ("<?xml version=\"1.0\"?>\n<!-- c -->\n<responses>", "responses"),
        ("\u{FEFF}<responses/>", "responses"),
        ("<!DOCTYPE sss PUBLIC \"-//x\" \"http://x/y.dtd\">\n<sss version=\"2.0\">", "sss"),
        ("<x:document xmlns:x=\"u\">", "document"),
        ("id,group\n1,learner\n", nil),
        ("   ", nil),
    ] as [(String, String?)])
    func rootElementNames(text: String, root: String?) {
        #expect(XMLPrefix.rootElementName(Array(text.utf8)) == root)
    }

    @Test func utf16PrefixesAreRead() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<sss version=\"2.0\">"
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(XMLPrefix.rootElementName(little) == "sss")
        #expect(XMLPrefix.rootElementName(big) == "sss", "without a byte order mark too")
    }

    @Test func detectionNeverClaimsAFileTwice() throws {
        let generic = Array("<?xml version=\"1.0\"?>\n<responses/>".utf8)
        let csv = Array("respondent,group\nR1,learner\n".utf8)
        #expect(GenericXMLFormat().detect(prefix: generic, path: "a.xml"))
        #expect(!TripleSFormat().detect(prefix: generic, path: "a.xml"))
        #expect(!LimeSurveyXMLFormat().detect(prefix: generic, path: "a.xml"))
        #expect(!GenericXMLFormat().detect(prefix: csv, path: "a.csv"))
        let formats = InputFormats.all.filter { $0.id != "csv" && $0.detect(prefix: generic, path: "a.xml") }.map(\.id)
        #expect(formats == ["xml"])
        #expect(InputFormats.ids.contains("limesurvey-xml") && InputFormats.ids.contains("triple-s"))
    }
}
