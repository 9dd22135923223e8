import SurveyModel

/// What an XML-based input holds, for `surveykpi inspect`: its format, encoding, records, and per
/// field the values seen. Works on the three XML formats (`xml`, `limesurvey-xml`, `triple-s`)
/// without an instrument.
public struct XMLInputDescription: Sendable {
    /// One field: a response attribute, segment or answered item (`xml`), a response column
    /// (`limesurvey-xml`), or a variable (`triple-s`).
    public struct Field: Sendable {
        /// The name an instrument maps (question code for LimeSurvey, variable name for
        /// Triple-S).
        public var name: String
        /// The label, when the format has one (Triple-S).
        public var label: String?
        /// Count per distinct value, the first ``XMLInputDescription/maximumValues`` values.
        public var values: [String: Int] = [:]
        /// Whether more distinct values were seen than are kept.
        public var overflow = false
        /// Records where the field is empty or absent.
        public var blank = 0
    }

    /// Distinct values kept per field.
    public static let maximumValues = 50

    /// The format id.
    public var format: String
    /// The (metadata) file's encoding.
    public var encoding: String
    /// Records read (responses, rows or cases).
    public var records: Int
    /// Fields in the order first seen (file order for LimeSurvey and Triple-S).
    public var fields: [Field]
    /// What else is worth knowing (the data file of a Triple-S survey, the structure used …).
    public var notes: [String]

    /// Describes an input.
    ///
    /// - Parameters:
    ///   - path: The input (`.xml`, `.lsr`, or `.sss`).
    ///   - format: `xml`, `limesurvey-xml` or `triple-s`.
    ///   - structure: The `.lss` for a `.lsr` (default: the one beside it, when there is one).
    /// - Throws: ``SurveyError`` as the readers do; `.usage` for another format.
    public static func describe(path: String, format: String, structure: String? = nil) throws(SurveyError) -> XMLInputDescription {
        var fields = FieldTally()
        switch format {
        case GenericXMLFormat().id:
            let reader = try XMLStreamReader(path: path, policy: XMLResponseReader.policy)
            guard try reader.nextElement() != nil, reader.nameString == "responses" else {
                throw SurveyError(.dataError, at: reader.elementLocation, "root element <\(reader.nameString)> is not <responses>; expected a generic XML export (SPEC §3)")
            }
            let response = reader.intern("response"), answer = reader.intern("answer"), segment = reader.intern("segment")
            let item = reader.intern("item"), name = reader.intern("name")
            let attributes = ["id", "group", "wave", "weight", "duration"].map { ($0, reader.intern($0)) }
            var text: [UInt8] = []
            var records = 0
            while let kind = try reader.read() {
                guard kind == XMLStreamReader.Kind.element else { continue }
                if reader.name == response {
                    records += 1
                    for (label, interned) in attributes { fields.add(label, reader.attributeString(interned)?.trimmingXMLSpace) }
                } else if reader.name == answer || reader.name == segment {
                    let key = reader.name == answer
                        ? reader.attributeString(item) ?? "?"
                        : "segment " + (reader.attributeString(name) ?? "?")
                    try reader.readElementText(into: &text)
                    fields.add(key, String(decoding: text, as: UTF8.self).trimmingXMLSpace)
                }
            }
            return XMLInputDescription(format: format, encoding: reader.encoding, records: records, fields: fields.finish(records: records), notes: [])

        case LimeSurveyXMLFormat().id:
            let structurePath = try? LimeSurveyXMLFormat.structurePath(for: path, options: ReadOptions(structure: structure))
            let structure = try structurePath.map { (p: String) throws(SurveyError) in try LimeSurveyStructure.load(path: p) }
            let document = try LimeSurveyDocument.read(path: path, tables: ["responses"], expecting: ("Responses", "LimeSurvey responses (.lsr)"))
            let table = document.tables["responses"] ?? .init()
            var names: [String: String] = [:]
            for field in table.fields {
                let column = structure.map { LimeSurveyColumn(field: field, structure: $0) }
                names[LimeSurveyColumn.elementName(forField: field)] = column?.names.first ?? field
                fields.declare(column?.names.first ?? field)
            }
            for row in table.rows {
                for (element, value) in row { fields.add(names[element] ?? element, value.trimmingXMLSpace) }
            }
            let note = structurePath.map { "question codes from \($0)" } ?? "no survey structure (.lss) found: columns keep their database names"
            return XMLInputDescription(
                format: format, encoding: "utf-8", records: table.rows.count, fields: fields.finish(records: table.rows.count), notes: [note])

        case TripleSFormat().id:
            let metadata = try TripleSMetadata.load(path: path)
            let dataPath = try TripleSData.dataPath(forMetadata: path, record: metadata.record)
            for variable in metadata.record.variables { fields.declare(variable.name, label: variable.label) }
            var records = 0
            try TripleSData.forEachCase(metadata: metadata, dataPath: dataPath) { (c) throws(SurveyError) in
                records += 1
                for (i, variable) in metadata.record.variables.enumerated() {
                    let text = TripleSCaseMapper.text(c.values[i])
                    fields.add(variable.name, text.isEmpty ? nil : text)
                }
            }
            return XMLInputDescription(
                format: format, encoding: metadata.encoding, records: records, fields: fields.finish(records: records),
                notes: ["Triple-S \(metadata.version), \(metadata.record.format) data in \(dataPath)"])

        default:
            throw SurveyError(.usage, path: path, "format \(format) is not an XML format; expected xml, limesurvey-xml or triple-s")
        }
    }
}

/// Counts values per field while a description is built.
private struct FieldTally {
    private var order: [String] = []
    private var fields: [String: XMLInputDescription.Field] = [:]
    private var seen: [String: Int] = [:]

    mutating func declare(_ name: String, label: String? = nil) {
        guard fields[name] == nil else { return }
        order.append(name)
        fields[name] = XMLInputDescription.Field(name: name, label: label)
    }

    mutating func add(_ name: String, _ value: String?) {
        declare(name)
        guard let value, !value.isEmpty else { return }
        seen[name, default: 0] += 1
        if fields[name]!.values[value] != nil || fields[name]!.values.count < XMLInputDescription.maximumValues {
            fields[name]!.values[value, default: 0] += 1
        } else {
            fields[name]!.overflow = true
        }
    }

    func finish(records: Int) -> [XMLInputDescription.Field] {
        order.map { name in
            var field = fields[name]!
            field.blank = records - (seen[name] ?? 0)
            return field
        }
    }
}
