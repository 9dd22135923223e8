import CLibXML2
import SurveyModel

/// Collects what libxml2 reports, so that libxml2 itself never prints anything.
///
/// libxml2 calls ``XMLErrorSink/handler`` (a C function) with the sink as its context; the
/// sink keeps the first error (with its line and column) and whether any error occurred.
/// Warnings are ignored. One sink belongs to one reader, on one thread.
final class XMLErrorSink {
    /// One error as libxml2 reported it.
    struct Issue: Equatable {
        /// libxml2's `xmlParserErrors` code.
        var code: Int32
        /// 1-based line.
        var line: Int
        /// 1-based column, in characters (libxml2 counts characters).
        var column: Int
        /// libxml2's message without its trailing newline.
        var message: String
    }

    /// The first error reported at a position in the document itself, else the first error
    /// (errors inside an entity's replacement text carry the entity's own lines).
    var first: Issue? { firstInDocument ?? firstAnywhere }
    /// Whether an error (not a warning) has been reported.
    private(set) var failed = false
    private var firstAnywhere: Issue?
    private var firstInDocument: Issue?

    /// Records one report.
    func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        failed = true
        guard firstInDocument == nil else { return }
        let inDocument = error.file != nil
        guard inDocument || firstAnywhere == nil else { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        // Some reports run over two lines ("…indicate encoding !\nBytes: 0xE4 0x22"): keep one,
        // so that no message can forge a line of a log.
        message = message.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        let issue = Issue(code: Int32(error.code), line: Int(error.line), column: Int(error.int2), message: message)
        if firstAnywhere == nil { firstAnywhere = issue }
        if inDocument { firstInDocument = issue }
    }

    /// The C callback libxml2 calls; its context is an unretained ``XMLErrorSink``.
    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<XMLErrorSink>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    /// A callback that drops every report, installed as the thread's global handler so that
    /// nothing libxml2 reports outside a reader reaches stderr.
    static let silent: xmlStructuredErrorFunc = { _, _ in }
}
