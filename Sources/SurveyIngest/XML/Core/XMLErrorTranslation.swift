import CLibXML2
import SurveyModel

/// Turns libxml2's first error into the message a user can act on (SPEC §3: `path:line:column:
/// error: …` naming what was found and what was expected).
///
/// libxml2's own words are kept where they are clear ("Opening and ending tag mismatch: answer
/// line 4 and anwser"); where they mislead they are replaced: at the end of a truncated file
/// libxml2 says "Extra content at the end of the document", and for its size limits it speaks of
/// memory or "Huge input lookup".
enum XMLErrorTranslation {
    /// The error for one libxml2 issue in a file.
    static func error(for issue: XMLErrorSink.Issue, path: String, formatName: String) -> SurveyError {
        let (location, atEnd) = XMLLocator.libxml2Position(path: path, line: issue.line, characterColumn: issue.column)
        // libxml2 calls a file that starts with text (a CSV, say) "empty" too; say what is there.
        if issue.code == Int32(XML_ERR_DOCUMENT_EMPTY.rawValue), let prefix = try? InputFile.prefix(path, bytes: 64),
           let first = prefix.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }),
           prefix[first] != UInt8(ascii: "<") {
            let line = prefix[first...].prefix { $0 != 0x0A && $0 != 0x0D }
            let found = String(decoding: line, as: UTF8.self)
            return SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1),
                               "not an XML document: the file starts with \(found.quotedForMessage), not an element; expected an XML document (\(formatName))")
        }
        if atEnd, issue.code == Int32(XML_ERR_DOCUMENT_END.rawValue) || issue.code == Int32(XML_ERR_DOCUMENT_EMPTY.rawValue),
           XMLLocator.elementLocations(path: path, ordinals: [0]).isEmpty {
            return SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file: no root element; expected an XML document (\(formatName))")
        }
        return SurveyError(.dataError, at: location, message(for: issue, atEnd: atEnd, formatName: formatName))
    }

    /// The message for one issue; `atEnd` tells that only whitespace follows its position.
    static func message(for issue: XMLErrorSink.Issue, atEnd: Bool, formatName: String) -> String {
        switch issue.code {
        case Int32(XML_ERR_DOCUMENT_EMPTY.rawValue):
            return "empty file: no root element; expected an XML document (\(formatName))"
        case Int32(XML_ERR_ENTITY_LOOP.rawValue):
            return "entities expand without bound (libxml2: \(issue.message)); entity expansion is refused"
        case Int32(XML_ERR_NO_MEMORY.rawValue) where issue.message.contains("huge text node"):
            return "a text node longer than 10000000 bytes; refused (no survey export holds one, and memory stays bounded)"
        case Int32(XML_ERR_INTERNAL_ERROR.rawValue) where issue.message.contains("Huge input lookup"),
             Int32(XML_ERR_ATTRIBUTE_NOT_FINISHED.rawValue) where issue.message.contains("too long"),
             Int32(XML_ERR_NAME_TOO_LONG.rawValue):
            return "a name or attribute value longer than 10000000 bytes; refused (no survey export holds one, and memory stays bounded)"
        case _ where issue.message.hasPrefix("Excessive depth in document"):
            // libxml2: "Excessive depth in document: 256 use XML_PARSE_HUGE option".
            let limit = issue.message.split(whereSeparator: { !$0.isNumber }).first.map(String.init) ?? "256"
            return "elements nested more than \(limit) deep; refused (no survey export nests so deep, and the reader's memory stays bounded)"
        default:
            break
        }
        if atEnd && issue.code == Int32(XML_ERR_DOCUMENT_END.rawValue) {
            return "unexpected end of file: an element is still open, so the XML document is truncated"
        }
        if atEnd {
            return "unexpected end of file: the XML document is truncated (libxml2: \(issue.message))"
        }
        return "not well-formed XML: \(issue.message)"
    }
}
