import CLibXML2
import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a document may hold in its prolog besides the root element.
struct XMLDocumentPolicy: Sendable {
    /// Whether `<!DOCTYPE x PUBLIC "…" "http://…">` naming an external DTD is accepted. The DTD is
    /// never loaded either way; Triple-S files name the standard's DTD, generic XML and LimeSurvey
    /// files have none, and in them a DTD reference is refused as a sign of a hostile file.
    var allowsExternalDTD: Bool
    /// What the document should be, for messages: "generic XML", "Triple-S metadata" ….
    var formatName: String
}

/// A hardened, streaming reader over libxml2's `xmlTextReader`: one node at a time, memory flat
/// whatever the file size (research/tech.md §1: 45–67 MB/s, 11 MB RSS on 200 MB).
///
/// ## Hardening
/// - Options: `XML_PARSE_NONET` (no network), `XML_PARSE_NOCDATA` (CDATA reads as text),
///   `XML_PARSE_NOBLANKS` (indentation between elements makes no nodes: about 10 % faster; the
///   whitespace content of an element is kept), `XML_PARSE_COMPACT`, `XML_PARSE_BIG_LINES`. Never `XML_PARSE_NOENT` (entities are not
///   substituted), `XML_PARSE_DTDLOAD`/`DTDATTR`/`DTDVALID` (no DTD is loaded, no default
///   attribute applied), `XML_PARSE_XINCLUDE`, nor `XML_PARSE_HUGE`: without it libxml2 keeps
///   its limits (10,000,000 bytes per text node, name or attribute value) and its
///   entity-amplification check, which refuses "billion laughs".
/// - The bytes come from ``XMLFileInput`` (`xmlReaderForIO`), so libxml2 opens no file itself and
///   does not decompress gzip input.
/// - A DOCTYPE that declares entities is refused, as is any entity reference in the content;
///   an external DTD reference is refused unless the ``XMLDocumentPolicy`` allows it.
/// - Every libxml2 report goes to an ``XMLErrorSink``; libxml2 prints nothing.
///
/// ## Positions
/// ``elementOrdinal`` counts element start tags in document order, which ``XMLLocator`` turns
/// back into an exact `line:column` when a message needs one; ``line`` is libxml2's line of the
/// current node (the line where its start tag ends).
///
/// Not `Sendable`: one reader belongs to one function on one thread (research/tech.md §1, 5).
final class XMLStreamReader {
    /// libxml2's reader node types (`xmlReaderTypes`), as returned by ``read()``.
    enum Kind {
        static let element: Int32 = 1
        static let text: Int32 = 3
        static let cdata: Int32 = 4
        static let entityReference: Int32 = 5
        static let documentType: Int32 = 10
        static let whitespace: Int32 = 13
        static let significantWhitespace: Int32 = 14
        static let endElement: Int32 = 15
    }

    /// The parser options (see the type's documentation for what is deliberately absent).
    static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_BIG_LINES.rawValue)

    /// The file as the user named it.
    let path: String
    /// What the prolog may hold.
    let policy: XMLDocumentPolicy
    private let reader: OpaquePointer
    private let sink: XMLErrorSink
    private let input: XMLFileInput
    /// 0-based document-order index of the last element start tag read; -1 before the first.
    private(set) var elementOrdinal = -1
    /// The last attribute value libxml2 had to assemble (not a single text node); freed on the
    /// next such value and at the end.
    private var assembledAttribute: UnsafeMutablePointer<xmlChar>?

    /// Opens a file for reading.
    ///
    /// - Throws: `.noInput` when the file cannot be opened, `.internalError` when libxml2
    ///   cannot create a reader.
    convenience init(path: String, policy: XMLDocumentPolicy) throws(SurveyError) {
        try self.init(path: path, policy: policy, input: XMLFileInput(path: path))
    }

    /// Opens pieces of memory read in order as one document (messages name `path`); they must
    /// stay valid as long as the reader.
    convenience init(path: String, policy: XMLDocumentPolicy, pieces: [UnsafeBufferPointer<UInt8>]) throws(SurveyError) {
        try self.init(path: path, policy: policy, input: XMLFileInput(pieces: pieces))
    }

    private init(path: String, policy: XMLDocumentPolicy, input: XMLFileInput) throws(SurveyError) {
        self.path = path
        self.policy = policy
        self.input = input
        sink = XMLErrorSink()
        // Nothing libxml2 reports outside the reader may reach stderr either.
        xmlSetStructuredErrorFunc(nil, XMLErrorSink.silent)
        guard let reader = xmlReaderForIO(
            XMLFileInput.readCallback, XMLFileInput.closeCallback, Unmanaged.passUnretained(input).toOpaque(),
            path, nil, Self.options)
        else {
            throw SurveyError(.internalError, path: path, "libxml2 could not create a reader")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, XMLErrorSink.handler, Unmanaged.passUnretained(sink).toOpaque())
    }

    deinit {
        if let assembledAttribute { clibxml2_free(assembledAttribute) }
        xmlFreeTextReader(reader)
        input.close()
    }

    // MARK: Reading

    /// Moves to the next node.
    ///
    /// - Returns: The node's ``Kind``, or nil at the end of the document.
    /// - Throws: `.dataError` at the place libxml2 (or the hardening) found the problem.
    @inline(__always)
    func read() throws(SurveyError) -> Int32? {
        let status = xmlTextReaderRead(reader)
        guard status == 1 else { return try finish(status) }
        let kind = xmlTextReaderNodeType(reader)
        if kind == Kind.element {
            elementOrdinal &+= 1
        } else if kind == Kind.documentType {
            // Before libxml2's own complaints about the same prolog: the DOCTYPE is the cause.
            try checkDocumentType()
        } else if kind == Kind.entityReference {
            try refuseEntityReference()
        }
        if sink.failed { throw errorFromLibxml2() }
        return kind
    }

    private func finish(_ status: Int32) throws(SurveyError) -> Int32? {
        if status == 0 && !sink.failed { return nil }
        throw errorFromLibxml2()
    }

    /// The interned form of a name: compare it by pointer with ``name``.
    func intern(_ name: String) -> UnsafePointer<xmlChar> {
        guard let interned = xmlTextReaderConstString(reader, name) else {
            preconditionFailure("libxml2 could not intern \(name)")
        }
        return interned
    }

    /// The current node (valid until the next ``read()``).
    @inline(__always)
    var node: xmlNodePtr? { xmlTextReaderCurrentNode(reader) }

    /// The interned local name of the current element (compare with ``intern(_:)`` results).
    @inline(__always)
    var name: UnsafePointer<xmlChar>? { xmlTextReaderConstLocalName(reader) }

    /// The current element's name as a string (for messages).
    var nameString: String { xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "" }

    /// Whether the current element is written `<x/>` (no end-element node follows).
    @inline(__always)
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// libxml2's line of the current node: where its start tag ends.
    var line: Int {
        guard let node else { return 0 }
        return max(1, Int(xmlGetLineNo(node)))
    }

    /// The bytes of the current text node (valid until the next ``read()``).
    @inline(__always)
    var text: UnsafeBufferPointer<UInt8> {
        guard let value = xmlTextReaderConstValue(reader) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self)))
    }

    /// The value of an attribute of the current element, by interned name, without copying in the
    /// usual case (valid until the next ``read()`` or ``attribute(_:)`` call).
    func attribute(_ name: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8>? {
        guard let node else { return nil }
        var attribute = node.pointee.properties
        while let current = attribute {
            if current.pointee.name == name {
                guard let child = current.pointee.children else { return UnsafeBufferPointer(start: nil, count: 0) }
                if child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content {
                    return UnsafeBufferPointer(start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)))
                }
                return slowAttribute(current)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    private func slowAttribute(_ attribute: xmlAttrPtr) -> UnsafeBufferPointer<UInt8> {
        if let assembledAttribute { clibxml2_free(assembledAttribute) }
        assembledAttribute = xmlNodeListGetString(attribute.pointee.doc, attribute.pointee.children, 1)
        guard let value = assembledAttribute else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self)))
    }

    /// An attribute as a string (for messages and rarely read values).
    func attributeString(_ name: UnsafePointer<xmlChar>) -> String? {
        attribute(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the text inside the current element to `buffer` and leaves the reader on its end
    /// tag (or on the element itself when it is empty). Nested elements count for
    /// ``elementOrdinal``; their text is included.
    func readElementText(into buffer: inout [UInt8]) throws(SurveyError) {
        buffer.removeAll(keepingCapacity: true)
        guard !isEmptyElement else { return }
        var depth = 0
        while let kind = try read() {
            switch kind {
            case Kind.text, Kind.cdata, Kind.significantWhitespace, Kind.whitespace:
                buffer.append(contentsOf: text)
            case Kind.element:
                if !isEmptyElement { depth += 1 }
            case Kind.endElement:
                if depth == 0 { return }
                depth -= 1
            default:
                break
            }
        }
    }

    /// Reads past the current element's content, leaving the reader on its end tag (or on the
    /// element itself when it is empty). Descendants are read, not skipped, so that
    /// ``elementOrdinal`` stays exact.
    func skipElement() throws(SurveyError) {
        guard !isEmptyElement else { return }
        var depth = 0
        while let kind = try read() {
            if kind == Kind.element {
                if !isEmptyElement { depth += 1 }
            } else if kind == Kind.endElement {
                if depth == 0 { return }
                depth -= 1
            }
        }
    }

    /// How far the parser has read, in bytes of the file.
    var bytesConsumed: Int { Int(xmlTextReaderByteConsumed(reader)) }

    /// The file's size in bytes.
    var fileSize: Int { input.size }

    /// The document's encoding, lowercased (`utf-8` when it declares none).
    var encoding: String {
        guard let declared = xmlTextReaderConstEncoding(reader) else { return "utf-8" }
        return String(cString: declared).lowercased()
    }

    /// Moves to the next element start tag (skipping the prolog's comments, processing
    /// instructions and whitespace); nil at the end of the document.
    func nextElement() throws(SurveyError) -> UnsafePointer<xmlChar>? {
        while let kind = try read() {
            if kind == Kind.element { return name }
        }
        return nil
    }

    /// The location of the current element's start tag (one pass over the file: for messages).
    var elementLocation: InputLocation {
        XMLLocator.elementLocations(path: path, ordinals: [elementOrdinal])[elementOrdinal]
            ?? InputLocation(path: path, line: line, column: 1)
    }

    /// The current element as XML text (its whole subtree), for the rejects file.
    func outerXML() -> String {
        guard let xml = xmlTextReaderReadOuterXml(reader) else { return "" }
        defer { clibxml2_free(xml) }
        return String(cString: xml)
    }

    // MARK: Hardening

    private func checkDocumentType() throws(SurveyError) {
        guard let node else { return }
        let dtd = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlDtd.self)
        var child = dtd.pointee.children
        while let current = child {
            if current.pointee.type == XML_ENTITY_DECL {
                let name = current.pointee.name.map { String(cString: $0) } ?? ""
                throw SurveyError(
                    .dataError, at: XMLLocator.declarationLocation(path: path, keyword: "<!ENTITY"),
                    "the DOCTYPE declares entity \(name.quotedForMessage); entity declarations are refused in \(policy.formatName) (they could read other files or expand without bound)")
            }
            child = current.pointee.next
        }
        if !policy.allowsExternalDTD, let system = dtd.pointee.SystemID {
            let url = String(cString: system)
            throw SurveyError(
                .dataError, at: XMLLocator.declarationLocation(path: path, keyword: "<!DOCTYPE"),
                "the DOCTYPE names an external DTD \(url.quotedForMessage); \(policy.formatName) takes no DTD, and none is ever loaded")
        }
    }

    private func refuseEntityReference() throws(SurveyError) {
        let entity = nameString
        throw SurveyError(
            .dataError, at: XMLLocator.textLocation(path: path, line: line, containing: "&\(entity);"),
            "entity reference \("&\(entity);".quotedForMessage) is refused; \(policy.formatName) takes only the predefined entities (&lt; &gt; &amp; &quot; &apos;) and character references")
    }

    // MARK: Errors

    /// The first error libxml2 reported, as a ``SurveyError`` with a byte-accurate location and a
    /// message that says what was expected.
    private func errorFromLibxml2() -> SurveyError {
        if let refusal = input.markupGuard.refusal {
            return SurveyError(.dataError, at: InputLocation(path: path, line: refusal.line, column: refusal.column), refusal.message)
        }
        guard let issue = sink.first else {
            return SurveyError(.dataError, path: path, "the file is not well-formed XML (libxml2 gave no detail)")
        }
        return XMLErrorTranslation.error(for: issue, path: path, formatName: policy.formatName)
    }
}
