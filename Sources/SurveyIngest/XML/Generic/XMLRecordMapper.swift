import CLibXML2
import SurveyModel

/// The streaming loop behind ``XMLResponseReader``: one `<response>` at a time, names compared
/// by interned pointer, values read from libxml2's buffers, no `String` per element for the
/// usual case (ids, groups, waves and segment values are short and stay inline).
struct XMLRecordMapper {
    let reader: XMLStreamReader
    let instrument: Instrument
    /// Table, rejects and warnings.
    var assembler: ResponseAssembler
    /// Where accepted rows go instead of the table (nil keeps them), and how many went.
    var slices: RowSlices?
    var handedOver = 0
    /// Rejects decided after a response's children were read (their XML comes from a second
    /// pass): element ordinal of the `<response>` → index in `assembler.rejects`.
    var lateRejects: [Int: Int] = [:]
    /// The document's encoding.
    var encoding = "utf-8"

    private let responses, response, answer, segment, comment: UnsafePointer<xmlChar>
    private let idName, groupName, waveName, weightName, durationName, itemName, nameName, instrumentName: UnsafePointer<xmlChar>

    private var defaultGroup: String?
    private var defaultWave: String?
    private var defaultWeight: String?
    private var defaultDuration: String?

    /// Export column name or item id → item index.
    private let itemByName: [String: Int]
    private let itemNameBytes: [[UInt8]]
    /// `following[i + 1]`: the item that came after item `i` last time (`following[0]`: first).
    private var following: [Int]
    private let segmentNameBytes: [[UInt8]]

    private var answers: [Int16]
    private var templates: [[Int16]]
    private var seen: [Int]
    private var stamp = 0
    private var segments: [UInt32]
    private var text: [UInt8] = []
    private var warnedNames: Set<String> = []

    init(reader: XMLStreamReader, instrument: Instrument, inputIndex: Int, options: ReadOptions) {
        self.reader = reader
        self.instrument = instrument
        assembler = ResponseAssembler(path: reader.path, inputIndex: inputIndex, instrument: instrument, options: options)
        responses = reader.intern("responses")
        response = reader.intern("response")
        answer = reader.intern("answer")
        segment = reader.intern("segment")
        comment = reader.intern("comment")
        idName = reader.intern("id")
        groupName = reader.intern("group")
        waveName = reader.intern("wave")
        weightName = reader.intern("weight")
        durationName = reader.intern("duration")
        itemName = reader.intern("item")
        nameName = reader.intern("name")
        instrumentName = reader.intern("instrument")

        var byName: [String: Int] = [:]
        for (index, item) in instrument.items.enumerated() { byName[instrument.columns.column(for: item)] = index }
        for (index, item) in instrument.items.enumerated() where byName[item.id] == nil { byName[item.id] = index }
        itemByName = byName
        itemNameBytes = instrument.items.map { Array(instrument.columns.column(for: $0).utf8) }
        following = Array(repeating: -1, count: instrument.items.count + 1)
        segmentNameBytes = instrument.columns.segments.map { Array($0.utf8) }
        answers = Array(repeating: AnswerCode.absent, count: instrument.items.count)
        templates = assembler.asked.map { row in row.map { $0 ? AnswerCode.noAnswer : AnswerCode.absent } }
        seen = Array(repeating: -1, count: instrument.items.count)
        segments = Array(repeating: ResponseTable.missingSegment, count: instrument.columns.segments.count)
    }

    /// Reads the whole document.
    mutating func run() throws(SurveyError) {
        guard let root = try reader.nextElement() else {
            throw SurveyError(.dataError, at: InputLocation(path: reader.path, line: 1, column: 1), "empty file; expected an XML document with root <responses>")
        }
        guard root == responses else { throw wrongRoot(reader.nameString) }
        try readRootAttributes()
        if !reader.isEmptyElement {
            while let kind = try reader.read() {
                if kind == XMLStreamReader.Kind.element {
                    if reader.name == response {
                        try readResponse()
                    } else {
                        warnOnce("element <\(reader.nameString)>", "unexpected element <\(reader.nameString)> in <responses>; expected <response>; ignored")
                        try reader.skipElement()
                    }
                } else if kind == XMLStreamReader.Kind.endElement {
                    break
                }
            }
        }
        // Whatever follows the root must still be well-formed (libxml2 checks it).
        while try reader.read() != nil {}
        encoding = reader.encoding
    }

    private func wrongRoot(_ name: String) -> SurveyError {
        var hint = ""
        switch name {
        case "document": hint = "; a LimeSurvey .lsr is read with --input-format limesurvey-xml (and its .lss with --structure)"
        case "sss": hint = "; Triple-S metadata is read with --input-format triple-s"
        default: break
        }
        return SurveyError(.dataError, at: reader.elementLocation, "root element <\(name)> is not <responses>; expected a generic XML export (SPEC §3)\(hint)")
    }

    private mutating func readRootAttributes() throws(SurveyError) {
        if let named = reader.attributeString(instrumentName), named.trimmingXMLSpace != instrument.id {
            throw SurveyError(
                .dataError, at: reader.elementLocation,
                "<responses instrument=\(named.quotedForMessage)> names another instrument; expected \(instrument.id.quotedForMessage), the instrument given with --instrument")
        }
        defaultGroup = reader.attributeString(groupName)?.trimmingXMLSpace
        defaultWave = reader.attributeString(waveName)?.trimmingXMLSpace
        defaultWeight = reader.attributeString(weightName)?.trimmingXMLSpace
        defaultDuration = reader.attributeString(durationName)?.trimmingXMLSpace
    }

    private mutating func readResponse() throws(SurveyError) {
        assembler.read += 1
        if assembler.read == 1024 && slices == nil { reserveForTheWholeFile() }
        let ordinal = reader.elementOrdinal
        let line = reader.line
        let id = reader.attribute(idName).map(Self.trimmedString) ?? ""
        let identity: ResponseAssembler.Identity
        do {
            identity = try assembler.identity(
                id: id,
                group: reader.attribute(groupName).map(Self.trimmedString) ?? defaultGroup,
                wave: reader.attribute(waveName).map(Self.trimmedString) ?? defaultWave,
                weight: reader.attribute(weightName).map(Self.trimmedString) ?? defaultWeight,
                duration: reader.attribute(durationName).map(Self.trimmedString) ?? defaultDuration)
        } catch {
            assembler.reject(error, line: line, raw: reader.outerXML())
            try reader.skipElement()
            return
        }
        let group = Int(identity.group)
        let template = templates[group]
        for i in answers.indices { answers[i] = template[i] }
        for s in segments.indices { segments[s] = ResponseTable.missingSegment }
        stamp += 1
        var previous = -1
        var broken: ResponseAssembler.Rejection?

        if !reader.isEmptyElement {
            while let kind = try reader.read() {
                if kind == XMLStreamReader.Kind.endElement { break }
                guard kind == XMLStreamReader.Kind.element else { continue }
                let name = reader.name
                if name == answer {
                    let answerOrdinal = reader.elementOrdinal
                    guard let itemBytes = reader.attribute(itemName) else {
                        if broken == nil { broken = .init(reason: "no-item", detail: "an <answer> without an item attribute") }
                        try reader.skipElement()
                        continue
                    }
                    guard let item = lookup(itemBytes, after: previous) else {
                        let unknown = String(decoding: itemBytes, as: UTF8.self)
                        warnOnce("item \(unknown)", "<answer item=\(unknown.quotedForMessage)> names no item of instrument \(instrument.id); ignored", at: answerOrdinal)
                        try reader.skipElement()
                        continue
                    }
                    previous = item
                    if seen[item] == stamp {
                        if broken == nil {
                            broken = .init(reason: "duplicate-answer", detail: "item \(instrument.items[item].id) is answered more than once; expected one <answer> per item")
                        }
                        try reader.skipElement()
                        continue
                    }
                    seen[item] = stamp
                    try reader.readElementText(into: &text)
                    if assembler.asked[group][item] {
                        answers[item] = text.withUnsafeBufferPointer { bytes in
                            assembler.decode(item: item, Self.trimmed(bytes), site: .element(answerOrdinal))
                        }
                    }
                } else if name == segment {
                    try readSegment()
                } else if name == comment {
                    try reader.skipElement()
                } else {
                    let element = reader.nameString
                    warnOnce("element <\(element)>", "unexpected element <\(element)> in <response>; expected <answer>, <segment> or <comment>; ignored", at: reader.elementOrdinal)
                    try reader.skipElement()
                }
            }
        }
        if let broken {
            assembler.reject(broken, line: line, raw: "")
            lateRejects[ordinal] = assembler.rejects.count - 1
            return
        }
        assembler.append(identity, answers: answers, segments: segments, id: id, line: line)
        if let slices, assembler.table.rowCount >= slices.rows { try handOver() }
    }

    /// Hands the rows kept so far to `slices`, keeping the labels (so codes stay the same).
    mutating func handOver() throws(SurveyError) {
        guard let slices, assembler.table.rowCount > 0 else { return }
        try slices.handle(assembler.table)
        handedOver += assembler.table.rowCount
        let labels = assembler.table.emptied()
        assembler.table.resetRows(labelsFrom: labels)
    }

    /// Reserves the table for as many responses as the file holds at the rate seen so far, so
    /// that its arrays grow once instead of doubling (a copy each time) on a large file.
    private mutating func reserveForTheWholeFile() {
        let consumed = reader.bytesConsumed
        guard consumed > 0, reader.fileSize > consumed else { return }
        let estimate = Int(Double(reader.fileSize) / Double(consumed) * Double(assembler.read) * 1.02)
        if estimate > assembler.table.rowCount { assembler.table.reserveCapacity(estimate - assembler.table.rowCount) }
    }

    private mutating func readSegment() throws(SurveyError) {
        let ordinal = reader.elementOrdinal
        guard let nameBytes = reader.attribute(nameName) else {
            warnOnce("segment without name", "a <segment> without a name attribute; ignored", at: ordinal)
            return try reader.skipElement()
        }
        guard let s = segmentNameBytes.firstIndex(where: { $0.elementsEqual(nameBytes) }) else {
            let unknown = String(decoding: nameBytes, as: UTF8.self)
            warnOnce("segment \(unknown)", "<segment name=\(unknown.quotedForMessage)> is not a segment column of instrument \(instrument.id); ignored", at: ordinal)
            return try reader.skipElement()
        }
        try reader.readElementText(into: &text)
        let value = text.withUnsafeBufferPointer { Self.trimmedString($0) }
        segments[s] = value.isEmpty ? ResponseTable.missingSegment : assembler.table.segmentCode(s, value)
    }

    /// The item an `item` attribute names: first the item that followed `previous` last time
    /// (a byte comparison), else a dictionary lookup.
    @inline(__always)
    private mutating func lookup(_ bytes: UnsafeBufferPointer<UInt8>, after previous: Int) -> Int? {
        let predicted = following[previous + 1]
        if predicted >= 0, itemNameBytes[predicted].elementsEqual(bytes) { return predicted }
        guard let found = itemByName[Self.trimmedString(bytes)] else { return nil }
        following[previous + 1] = found
        return found
    }

    /// One warning per distinct key, at most 20 keys.
    private mutating func warnOnce(_ key: String, _ message: String, at ordinal: Int? = nil) {
        guard warnedNames.count < 20, warnedNames.insert(key).inserted else { return }
        assembler.warnings.append(.init(site: .element(ordinal ?? reader.elementOrdinal), message: message))
    }

    /// The bytes without leading and trailing XML whitespace.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, isXMLSpace(bytes[start]) { start += 1 }
        while end > start, isXMLSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The bytes as a string, without leading and trailing XML whitespace.
    @inline(__always)
    static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: trimmed(bytes), as: UTF8.self)
    }

    @inline(__always)
    static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF).
    var trimmingXMLSpace: String {
        Array(utf8).withUnsafeBufferPointer { XMLRecordMapper.trimmedString($0) }
    }
}
