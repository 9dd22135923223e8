import CLibXML2
import SurveyModel

/// The streaming loop behind ``LimeSurveyResponseReader``.
struct LimeSurveyRowMapper {
    let reader: XMLStreamReader
    let structure: LimeSurveyStructure
    let structurePath: String
    let instrument: Instrument
    let effective: EffectiveColumns
    var assembler: ResponseAssembler
    /// `<row>` ordinal → index in `assembler.rejects` of rejects whose XML comes from a second pass.
    var lateRejects: [Int: Int] = [:]
    var encoding = "utf-8"

    private var binding: LimeSurveyBinding?
    private let waveLabeler: WaveLabeler?
    private let rowName, fieldsName, rowsName: UnsafePointer<xmlChar>
    /// Interned element name → field index (-1: not a field).
    private var fieldOfName: [UnsafePointer<xmlChar>: Int] = [:]
    private var rowBytes: [UInt8] = []
    private var slotStart: [Int] = []
    private var slotCount: [Int] = []
    private var slotOrdinal: [Int] = []
    private var slotStamp: [Int] = []
    private var stamp = 0
    private var text: [UInt8] = []
    private var answers: [Int16]
    private var segments: [UInt32]

    init(
        reader: XMLStreamReader, structure: LimeSurveyStructure, structurePath: String, instrument: Instrument,
        effective: EffectiveColumns, inputIndex: Int, options: ReadOptions
    ) {
        self.reader = reader
        self.structure = structure
        self.structurePath = structurePath
        self.instrument = instrument
        self.effective = effective
        assembler = ResponseAssembler(path: reader.path, inputIndex: inputIndex, instrument: instrument, options: options)
        var exportStructure = ExportStructure()
        exportStructure.distinguishNotShown = true
        exportStructure.placeholderDates = ["1980-01-01 00:00:00"]
        waveLabeler = effective.mapping.waveFrom.map { WaveLabeler($0, structure: exportStructure) }
        rowName = reader.intern("row")
        fieldsName = reader.intern("fields")
        rowsName = reader.intern("rows")
        answers = Array(repeating: AnswerCode.absent, count: instrument.items.count)
        segments = Array(repeating: ResponseTable.missingSegment, count: instrument.columns.segments.count)
    }

    mutating func run() throws(SurveyError) {
        let what = "LimeSurvey responses (.lsr)"
        guard try reader.nextElement() != nil else {
            throw SurveyError(.dataError, at: InputLocation(path: reader.path, line: 1, column: 1), "empty file; expected \(what)")
        }
        guard reader.nameString == "document" else {
            throw SurveyError(.dataError, at: reader.elementLocation, "root element <\(reader.nameString)> is not <document>; expected \(what)")
        }
        var docType: String?
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            switch reader.nameString {
            case "LimeSurveyDocType":
                let location = reader.elementLocation
                try reader.readElementText(into: &text)
                let found = String(decoding: text, as: UTF8.self).trimmingXMLSpace
                docType = found
                guard found == "Responses" else {
                    throw SurveyError(
                        .dataError, at: location,
                        "<LimeSurveyDocType>\(found)</LimeSurveyDocType>; expected Responses (\(what))\(found == "Survey" ? "; a survey structure is given with --structure" : "")")
                }
            case "responses":
                try readResponses()
            default:
                try reader.skipElement()
            }
        }
        while try reader.read() != nil {}
        guard docType != nil else {
            throw SurveyError(.dataError, at: InputLocation(path: reader.path, line: 1, column: 1), "no <LimeSurveyDocType>; expected Responses (\(what))")
        }
        encoding = reader.encoding
    }

    private mutating func readResponses() throws(SurveyError) {
        guard !reader.isEmptyElement else { return }
        var text: [UInt8] = []
        while let kind = try reader.read() {
            if kind == XMLStreamReader.Kind.endElement { break }
            guard kind == XMLStreamReader.Kind.element else { continue }
            let name = reader.name
            if name == fieldsName {
                let location = reader.elementLocation
                var fields: [String] = []
                if !reader.isEmptyElement {
                    while let inner = try reader.read() {
                        if inner == XMLStreamReader.Kind.endElement { break }
                        if inner == XMLStreamReader.Kind.element {
                            try reader.readElementText(into: &text)
                            fields.append(String(decoding: text, as: UTF8.self).trimmingXMLSpace)
                        }
                    }
                }
                try bind(fields, at: location)
            } else if name == rowsName {
                guard binding != nil else {
                    throw SurveyError(.dataError, at: reader.elementLocation, "<rows> before <fields>; expected the field list first (LimeSurvey responses)")
                }
                guard !reader.isEmptyElement else { continue }
                while let inner = try reader.read() {
                    if inner == XMLStreamReader.Kind.endElement { break }
                    guard inner == XMLStreamReader.Kind.element else { continue }
                    if reader.name == rowName {
                        try readRow()
                    } else {
                        try reader.skipElement()
                    }
                }
            } else {
                try reader.skipElement()
            }
        }
    }

    private mutating func bind(_ fields: [String], at location: InputLocation) throws(SurveyError) {
        if let sid = structure.surveyID {
            for field in fields {
                guard let other = LimeSurveyColumn.surveyID(ofField: field), other != sid else { continue }
                throw SurveyError(
                    .dataError, at: location,
                    "response column \(field.quotedForMessage) belongs to survey \(other), but \(structurePath) is the structure of survey \(sid); give the .lss of the same survey with --structure")
            }
        }
        let binding = try LimeSurveyBinding(
            fields: fields, structure: structure, instrument: instrument, mapping: effective.mapping,
            segmentColumns: effective.segmentColumns, options: assembler.options, location: location)
        self.binding = binding
        slotStart = Array(repeating: 0, count: fields.count)
        slotCount = Array(repeating: 0, count: fields.count)
        slotOrdinal = Array(repeating: 0, count: fields.count)
        slotStamp = Array(repeating: -1, count: fields.count)
    }

    private mutating func field(_ name: UnsafePointer<xmlChar>) -> Int {
        if let known = fieldOfName[name] { return known }
        let index = binding?.fieldOfElement[String(cString: name)] ?? -1
        fieldOfName[name] = index
        return index
    }

    private mutating func readRow() throws(SurveyError) {
        guard let binding else { return }
        assembler.read += 1
        stamp += 1
        let ordinal = reader.elementOrdinal
        let line = reader.line
        rowBytes.removeAll(keepingCapacity: true)
        if !reader.isEmptyElement {
            while let kind = try reader.read() {
                if kind == XMLStreamReader.Kind.endElement { break }
                guard kind == XMLStreamReader.Kind.element, let name = reader.name else { continue }
                let index = field(name)
                let cell = reader.elementOrdinal
                try reader.readElementText(into: &text)
                guard index >= 0 else { continue }
                slotStart[index] = rowBytes.count
                slotCount[index] = text.count
                slotOrdinal[index] = cell
                slotStamp[index] = stamp
                rowBytes.append(contentsOf: text)
            }
        }
        if let rejection = finishRow(binding, line: line) {
            assembler.reject(rejection, line: line, raw: "")
            lateRejects[ordinal] = assembler.rejects.count - 1
        }
    }

    /// The value of a field in the current row, nil when the row leaves it out (NULL).
    private func value(_ field: Int?) -> String? {
        guard let field, slotStamp[field] == stamp else { return nil }
        return String(decoding: rowBytes[slotStart[field]..<(slotStart[field] + slotCount[field])], as: UTF8.self)
    }

    private mutating func finishRow(_ binding: LimeSurveyBinding, line: Int) -> ResponseAssembler.Rejection? {
        if let submitted = binding.submitted, (value(submitted) ?? "").trimmingXMLSpace.isEmpty,
           !effective.mapping.include.contains(.unfinished) {
            return .init(reason: "unfinished", detail: "empty submitdate: the response was never submitted; add unfinished to columns.include to analyse it")
        }
        let id = (value(binding.respondent) ?? "").trimmingXMLSpace
        var derived: (label: Result<String, DateProblem>, column: String, text: String)?
        if let column = binding.waveFrom, let waveLabeler {
            let text = (value(column) ?? "").trimmingXMLSpace
            derived = (Array(text.utf8).withUnsafeBufferPointer { waveLabeler.label($0) }, waveLabeler.rule.column, text)
        }
        let identity: ResponseAssembler.Identity
        do {
            identity = try assembler.identity(
                id: id, group: binding.group.map { value($0)?.trimmingXMLSpace ?? "" }, wave: binding.wave.map { value($0)?.trimmingXMLSpace ?? "" },
                weight: binding.weight.map { value($0) ?? "" }, duration: binding.duration.flatMap { value($0) }, derivedWave: derived)
        } catch {
            return error
        }
        for (s, field) in binding.segments.enumerated() {
            let text = value(field)?.trimmingXMLSpace ?? ""
            segments[s] = text.isEmpty ? ResponseTable.missingSegment : assembler.table.segmentCode(s, text)
        }
        let group = Int(identity.group)
        for (item, field) in binding.items.enumerated() {
            guard let field, assembler.asked[group][item] else {
                answers[item] = AnswerCode.absent
                continue
            }
            guard slotStamp[field] == stamp else {
                answers[item] = AnswerCode.notShown
                continue
            }
            answers[item] = decode(item: item, field: field, map: binding.answerMaps[item])
        }
        assembler.append(identity, answers: answers, segments: segments, id: id, line: line)
        return nil
    }

    private mutating func decode(item: Int, field: Int, map: [(code: [UInt8], value: [UInt8])]) -> Int16 {
        let decoder = assembler.decoders[item]
        let code: Int16 = rowBytes.withUnsafeBufferPointer { all in
            let raw = XMLRecordMapper.trimmed(UnsafeBufferPointer(rebasing: all[slotStart[field]..<(slotStart[field] + slotCount[field])]))
            let direct = decoder.decode(raw)
            if direct >= AnswerCode.firstDeclaredMissing && !AnswerCode.isAnswer(direct) { return direct }
            guard let mapped = map.first(where: { $0.code.elementsEqual(raw) }) else { return direct }
            return mapped.value.withUnsafeBufferPointer { decoder.decode($0) }
        }
        if code == AnswerCode.invalid {
            let text = String(decoding: rowBytes[slotStart[field]..<(slotStart[field] + slotCount[field])], as: UTF8.self).trimmingXMLSpace
            assembler.noteInvalid(item: item, text: text, site: .element(slotOrdinal[field]))
        }
        return code
    }
}
