import CLibXML2
import SurveyModel

/// A LimeSurvey XML document read as tables (research/formats.md §1b): `<document>` holding
/// `<LimeSurveyDocType>`, `<DBVersion>`, `<languages>` and one element per database table, each
/// with `<fields>` and `<rows><row><column>value</column>…</row></rows>`.
///
/// Used for the `.lss` survey structure, which is small; the `.lsr` responses are streamed by
/// ``LimeSurveyResponseReader`` instead. Only the tables asked for are kept.
struct LimeSurveyDocument {
    /// One table: its rows as column → value (a column left out of a row is NULL).
    struct Table {
        var fields: [String] = []
        var rows: [[String: String]] = []
    }

    /// `Survey`, `Responses` ….
    var docType: String
    /// `DBVersion`, when given.
    var dbVersion: Int?
    /// The survey's languages in file order (the first is the base language).
    var languages: [String]
    /// The tables kept, by element name.
    var tables: [String: Table]

    static let policy = XMLDocumentPolicy(allowsExternalDTD: false, formatName: "LimeSurvey XML")

    /// Reads a LimeSurvey XML document.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - tables: The table elements to keep.
    ///   - expecting: The `LimeSurveyDocType` the file must have, and what it is for messages.
    /// - Throws: `.noInput` when unreadable, `.dataError` when it is not well-formed, not a
    ///   LimeSurvey document or of another document type.
    static func read(path: String, tables wanted: Set<String>, expecting: (docType: String, what: String)) throws(SurveyError) -> LimeSurveyDocument {
        let reader = try XMLStreamReader(path: path, policy: policy)
        guard try reader.nextElement() != nil else {
            throw SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file; expected \(expecting.what)")
        }
        guard reader.nameString == "document" else {
            throw SurveyError(.dataError, at: reader.elementLocation, "root element <\(reader.nameString)> is not <document>; expected \(expecting.what)")
        }
        var document = LimeSurveyDocument(docType: "", dbVersion: nil, languages: [], tables: [:])
        var text: [UInt8] = []
        var docTypeLocation: InputLocation?
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            let name = reader.nameString
            switch name {
            case "LimeSurveyDocType":
                let ordinal = reader.elementOrdinal
                try reader.readElementText(into: &text)
                document.docType = String(decoding: text, as: UTF8.self).trimmingXMLSpace
                if document.docType != expecting.docType {
                    docTypeLocation = XMLLocator.elementLocations(path: path, ordinals: [ordinal])[ordinal]
                }
            case "DBVersion":
                try reader.readElementText(into: &text)
                document.dbVersion = Int(String(decoding: text, as: UTF8.self).trimmingXMLSpace)
            case "languages":
                document.languages = try readList(reader, &text)
            default:
                if wanted.contains(name) {
                    document.tables[name] = try readTable(reader, &text)
                } else {
                    try reader.skipElement()
                }
            }
        }
        while try reader.read() != nil {}
        if document.docType != expecting.docType {
            let found = document.docType.isEmpty ? "no <LimeSurveyDocType>" : "<LimeSurveyDocType>\(document.docType)</LimeSurveyDocType>"
            throw SurveyError(
                .dataError, at: docTypeLocation ?? InputLocation(path: path, line: 1, column: 1),
                "\(found); expected \(expecting.docType) (\(expecting.what))")
        }
        return document
    }

    /// The texts of the child elements (`<languages><language>en</language>…`).
    private static func readList(_ reader: XMLStreamReader, _ text: inout [UInt8]) throws(SurveyError) -> [String] {
        var items: [String] = []
        guard !reader.isEmptyElement else { return items }
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            if kind == XMLStreamReader.Kind.element {
                try reader.readElementText(into: &text)
                items.append(String(decoding: text, as: UTF8.self).trimmingXMLSpace)
            }
        }
        return items
    }

    private static func readTable(_ reader: XMLStreamReader, _ text: inout [UInt8]) throws(SurveyError) -> Table {
        var table = Table()
        guard !reader.isEmptyElement else { return table }
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            switch reader.nameString {
            case "fields":
                table.fields = try readList(reader, &text)
            case "rows":
                guard !reader.isEmptyElement else { continue }
                while let inner = try reader.read() {
                    if inner == XMLStreamReader.Kind.endElement { break }
                    guard inner == XMLStreamReader.Kind.element else { continue }
                    var row: [String: String] = [:]
                    if !reader.isEmptyElement {
                        while let cell = try reader.read() {
                            if cell == XMLStreamReader.Kind.endElement { break }
                            guard cell == XMLStreamReader.Kind.element else { continue }
                            let column = reader.nameString
                            try reader.readElementText(into: &text)
                            row[column] = String(decoding: text, as: UTF8.self)
                        }
                    }
                    table.rows.append(row)
                }
            default:
                try reader.skipElement()
            }
        }
        return table
    }
}
