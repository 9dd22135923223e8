import CLibXML2
import SurveyModel

/// Walks a `.sss` document for ``TripleSMetadata``.
struct TripleSMetadataParser {
    let reader: XMLStreamReader
    private var text: [UInt8] = []

    init(reader: XMLStreamReader) {
        self.reader = reader
    }

    mutating func parse(version: String) throws(SurveyError) -> TripleSMetadata {
        var surveyName: String?
        var record: TripleSMetadata.Record?
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            guard reader.nameString == "survey", !reader.isEmptyElement else {
                try reader.skipElement()
                continue
            }
            while let inner = try reader.read() {
                if inner == XMLStreamReader.Kind.endElement { break }
                guard inner == XMLStreamReader.Kind.element else { continue }
                switch reader.nameString {
                case "name":
                    surveyName = try content()
                case "record" where record == nil:
                    record = try parseRecord()
                default:
                    try reader.skipElement()
                }
            }
        }
        while try reader.read() != nil {}
        guard let record, !record.variables.isEmpty else {
            throw SurveyError(.dataError, path: reader.path, "no <record> with variables; expected Triple-S metadata describing a case data file")
        }
        return TripleSMetadata(version: version, surveyName: surveyName, record: record, encoding: reader.encoding)
    }

    private mutating func parseRecord() throws(SurveyError) -> TripleSMetadata.Record {
        let location = reader.elementLocation
        var record = TripleSMetadata.Record(
            ident: reader.attributeString(reader.intern("ident")) ?? "",
            format: (reader.attributeString(reader.intern("format")) ?? "fixed").trimmingXMLSpace.lowercased(),
            skip: Int((reader.attributeString(reader.intern("skip")) ?? "0").trimmingXMLSpace) ?? 0,
            href: reader.attributeString(reader.intern("href")).map(\.trimmingXMLSpace).flatMap { $0.isEmpty ? nil : $0 },
            variables: [])
        guard record.format == "fixed" || record.format == "csv" else {
            throw SurveyError(.dataError, at: location, "<record format=\(record.format.quotedForMessage)>; expected fixed or csv")
        }
        guard !reader.isEmptyElement else { return record }
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            if reader.nameString == "variable" {
                record.variables.append(try parseVariable())
            } else {
                try reader.skipElement()
            }
        }
        return record
    }

    private mutating func parseVariable() throws(SurveyError) -> TripleSMetadata.Variable {
        let location = reader.elementLocation
        let ident = reader.attributeString(reader.intern("ident"))?.trimmingXMLSpace ?? ""
        let typeText = reader.attributeString(reader.intern("type"))?.trimmingXMLSpace ?? ""
        guard let type = TripleSMetadata.VariableType(rawValue: typeText.lowercased()) else {
            throw SurveyError(
                .dataError, at: location,
                "variable \(ident.quotedForMessage) has type \(typeText.quotedForMessage); expected single, multiple, quantity, character, logical, date or time")
        }
        var variable = TripleSMetadata.Variable(
            ident: ident, type: type, use: reader.attributeString(reader.intern("use"))?.trimmingXMLSpace.lowercased(),
            format: reader.attributeString(reader.intern("format"))?.trimmingXMLSpace.lowercased(),
            name: ident, label: "", start: 0, finish: 0, size: nil, spread: nil, values: [], ranges: [], filter: nil)
        guard !reader.isEmptyElement else { throw noPosition(variable, at: location) }
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            switch reader.nameString {
            case "name":
                let name = try content()
                if !name.isEmpty { variable.name = name }
            case "label":
                variable.label = try content()
            case "position":
                let start = reader.attributeString(reader.intern("start")).flatMap { Int($0.trimmingXMLSpace) }
                let finish = reader.attributeString(reader.intern("finish")).flatMap { Int($0.trimmingXMLSpace) }
                guard let start, start >= 1 else {
                    throw SurveyError(.dataError, at: reader.elementLocation, "variable \(variable.name.quotedForMessage) has no valid <position start>; expected a column or field number from 1")
                }
                variable.start = start
                variable.finish = max(start, finish ?? start)
                try reader.skipElement()
            case "size":
                variable.size = Int(try content())
            case "spread":
                let subfields = reader.attributeString(reader.intern("subfields")).flatMap { Int($0.trimmingXMLSpace) } ?? 1
                let width = reader.attributeString(reader.intern("width")).flatMap { Int($0.trimmingXMLSpace) }
                variable.spread = (max(1, subfields), width)
                try reader.skipElement()
            case "values":
                try parseValues(into: &variable)
            case "range":
                variable.ranges.append(range())
                try reader.skipElement()
            case "filter":
                variable.filter = try content()
            default:
                try reader.skipElement()
            }
        }
        guard variable.start >= 1 else { throw noPosition(variable, at: location) }
        return variable
    }

    private func noPosition(_ variable: TripleSMetadata.Variable, at location: InputLocation) -> SurveyError {
        SurveyError(.dataError, at: location, "variable \(variable.name.quotedForMessage) has no <position>; expected <position start=\"…\" finish=\"…\"/>")
    }

    private func range() -> (from: String, to: String) {
        (reader.attributeString(reader.intern("from"))?.trimmingXMLSpace ?? "", reader.attributeString(reader.intern("to"))?.trimmingXMLSpace ?? "")
    }

    private mutating func parseValues(into variable: inout TripleSMetadata.Variable) throws(SurveyError) {
        guard !reader.isEmptyElement else { return }
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            switch reader.nameString {
            case "value":
                let code = reader.attributeString(reader.intern("code"))?.trimmingXMLSpace ?? ""
                variable.values.append(.init(code: code, label: try content()))
            case "range":
                variable.ranges.append(range())
                try reader.skipElement()
            default:
                try reader.skipElement()
            }
        }
    }

    /// The current element's text: its first `<text>` child when it has one (Triple-S 2.0
    /// labels), else its own text, trimmed.
    private mutating func content() throws(SurveyError) -> String {
        guard !reader.isEmptyElement else { return "" }
        var direct: [UInt8] = []
        var firstText: [UInt8]?
        var inText = false
        var depth = 0
        while let kind = try reader.read() {
            switch kind {
            case XMLStreamReader.Kind.text, XMLStreamReader.Kind.cdata, XMLStreamReader.Kind.significantWhitespace, XMLStreamReader.Kind.whitespace:
                if depth == 0 {
                    direct.append(contentsOf: reader.text)
                } else if inText {
                    firstText?.append(contentsOf: reader.text)
                }
            case XMLStreamReader.Kind.element:
                if depth == 0, firstText == nil, reader.nameString == "text" {
                    firstText = []
                    inText = true
                }
                if !reader.isEmptyElement { depth += 1 } else if inText && depth == 0 { inText = false }
            case XMLStreamReader.Kind.endElement:
                if depth == 0 {
                    let chosen = firstText.map { String(decoding: $0, as: UTF8.self).trimmingXMLSpace } ?? ""
                    return chosen.isEmpty ? String(decoding: direct, as: UTF8.self).trimmingXMLSpace : chosen
                }
                depth -= 1
                if depth == 0 { inText = false }
            default:
                break
            }
        }
        return String(decoding: direct, as: UTF8.self).trimmingXMLSpace
    }
}
