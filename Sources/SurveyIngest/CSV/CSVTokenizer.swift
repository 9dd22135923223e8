import SurveyModel

/// An RFC 4180 CSV tokenizer over UTF-8 bytes: a push parser that calls you once per record.
///
/// It is hand-written because the Swift CSV libraries are far too slow for survey exports of
/// hundreds of megabytes: measured on the 2-core build machine (research/tech.md §2, 439 MB),
/// yaslab/CSV.swift reads 6 MB/s and SwiftCSV 3.5 MB/s (and needs 3.2 GB of memory), while a
/// byte loop reads 720–960 MB/s. This one works on bytes, skips quoted text in a tight loop,
/// makes no `String` per field and allocates nothing per record once its buffers have grown to
/// the widest record.
///
/// ## Grammar
/// - Fields are separated by ``delimiter``; records end at CR, LF or CRLF.
/// - A field that starts with `"` is quoted: it may contain the delimiter, CR, LF and CRLF, and
///   `""` stands for one `"`. ``CSVRecord/isQuoted(_:)`` tells `""` from an empty field.
/// - Lenient, like Excel: a `"` inside an unquoted field is kept as is (`5" screen`), and text
///   between a closing quote and the next delimiter or line end is appended verbatim, quotes
///   included (`"a"b` reads `ab`, `"a" ` reads `a `).
/// - A blank line is a record of one empty unquoted field. Blank lines at the end of the input
///   (a file that ends with an extra CRLF, as LimeSurvey writes them) are not records at all.
/// - A last record without a terminator is a record. A quoted field still open at the end of the
///   input is an error.
///
/// ## Positions
/// Lines are 1-based and count CR, LF and CRLF as one break, inside quoted fields too, so every
/// record's ``CSVRecord/line`` is the line a text editor shows. Columns count bytes from 1.
/// Byte offsets count from the start of the input: pass `startLine` and `startOffset` when the
/// first byte fed is not the first of the file (after a `sep=` line).
///
/// ## Chunks
/// Feed the input in chunks of any size: a record or a field may span chunks, and the records
/// are the same whatever the chunk sizes. A record that spans chunks is copied once into an
/// internal buffer; everything else is read in place.
///
/// ```swift
/// var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","), path: "wave1.csv")
/// try tokenizer.feed(chunk) { record in print(record.line, record.string(0)) }
/// try tokenizer.finish { record in print(record.line, record.string(0)) }
/// ```
///
/// After ``finish(_:)``, or after a callback throws, start a new tokenizer.
public struct CSVTokenizer {
    /// The field delimiter.
    public let delimiter: UInt8
    /// The input as the user named it, for messages.
    public let path: String
    /// The 1-based line where the next record starts.
    public private(set) var line: Int

    /// Offset in the whole input of the first byte of the next chunk.
    private var consumed: Int
    /// Field slots and unescaping space, reused for every record.
    private var workspace: CSVWorkspace
    /// Offset in the whole input of the first byte of the carried record (the start of a record
    /// that the chunks fed so far have not completed; its bytes are in the workspace).
    private var carryOffset = 0
    /// Where the scan for the end of the carried record stands.
    private var carryState = CSVScanState.fieldStart
    /// The last chunk ended with a CR terminator: an LF at the start of the next one completes it.
    private var skipLF = false
    /// Blank lines not yet emitted: emitted before the next record, dropped at the end of input.
    private var pendingBlanks: [(line: Int, offset: Int)] = []

    /// Creates a tokenizer.
    ///
    /// - Parameters:
    ///   - delimiter: The field delimiter (see ``CSVDialect``).
    ///     Must not be `"`, CR or LF.
    ///   - path: The input as the user named it, for messages.
    ///   - startLine: The line of the first byte fed.
    ///   - startOffset: The offset in the input of the first byte fed.
    public init(delimiter: UInt8, path: String, startLine: Int = 1, startOffset: Int = 0) {
        precondition(
            delimiter != CSVByte.quote && delimiter != CSVByte.cr && delimiter != CSVByte.lf,
            "a CSV delimiter cannot be a quote or a line break")
        self.delimiter = delimiter
        self.path = path
        self.line = startLine
        self.consumed = startOffset
        self.workspace = CSVWorkspace()
    }

    /// Tokenizes the next chunk of input and calls `body` once per record it completes.
    ///
    /// A record is complete when its terminator has been seen; the last record of the input,
    /// which may have none, is emitted by ``finish(_:)``.
    ///
    /// - Parameters:
    ///   - chunk: The next bytes of the input, any number of them.
    ///   - body: Called with each complete record, in order. The record is valid only during the
    ///     call.
    /// - Throws: Only what `body` throws.
    /// - Complexity: O(`chunk.count`), plus O(record length) for a record that spans chunks.
    public mutating func feed<E: Error>(
        _ chunk: UnsafeBufferPointer<UInt8>, _ body: (borrowing CSVRecord) throws(E) -> Void
    ) throws(E) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        if !isKnownUniquelyReferenced(&workspace) { workspace = workspace.copy() }
        let workspace = self.workspace
        let end = chunk.count
        let delimiter = self.delimiter
        var i = 0

        if skipLF {
            skipLF = false
            if base[0] == CSVByte.lf { i = 1 }
        }

        if workspace.carryCount > 0 {
            // Finish the record carried over from earlier chunks.
            guard let terminator = Self.scanForTerminator(base, from: i, to: end, delimiter: delimiter, state: &carryState)
            else {
                workspace.appendCarry(base + i, count: end - i)
                consumed += end
                return
            }
            workspace.appendCarry(base + i, count: terminator - i)
            i = terminator + 1
            if base[terminator] == CSVByte.cr {
                if i < end {
                    if base[i] == CSVByte.lf { i += 1 }
                } else {
                    skipLF = true
                }
            }
            guard case let .complete(rawEnd, _, breaks, _) = workspace.parseCarry(delimiter: delimiter) else {
                preconditionFailure("the scan found the end of the carried record")
            }
            if !pendingBlanks.isEmpty { try emitPendingBlanks(body) }
            try body(
                CSVRecord(
                    slots: workspace.fields, fieldCount: workspace.fieldCount, line: line, byteOffset: carryOffset,
                    raw: UnsafeBufferPointer(start: workspace.carry, count: rawEnd), scratch: workspace.scratch))
            line += 1 + breaks
            workspace.carryCount = 0
            carryState = .fieldStart
        }

        while i < end {
            let first = base[i]
            if first == CSVByte.lf || first == CSVByte.cr {
                pendingBlanks.append((line, consumed + i))
                line += 1
                i += 1
                if first == CSVByte.cr {
                    if i < end {
                        if base[i] == CSVByte.lf { i += 1 }
                    } else {
                        skipLF = true
                    }
                }
                continue
            }
            switch workspace.parseRecord(base, from: i, to: end, atEndOfInput: false, delimiter: delimiter) {
            case let .complete(rawEnd, next, breaks, endsWithCR):
                if !pendingBlanks.isEmpty { try emitPendingBlanks(body) }
                let record = CSVRecord(
                    slots: workspace.fields, fieldCount: workspace.fieldCount, line: line,
                    byteOffset: consumed + i, raw: UnsafeBufferPointer(start: base + i, count: rawEnd - i),
                    scratch: workspace.scratch)
                try body(record)
                line += 1 + breaks
                i = next
                if endsWithCR { skipLF = true }
            case .incomplete, .unterminated:
                // The rest of the chunk is the start of a record: carry it over.
                carryOffset = consumed + i
                carryState = .fieldStart
                let found = Self.scanForTerminator(base, from: i, to: end, delimiter: delimiter, state: &carryState)
                assert(found == nil, "the parser and the scan disagree on the end of a record")
                workspace.appendCarry(base + i, count: end - i)
                i = end
            }
        }
        consumed += end
    }

    /// Ends the input: emits the last record if it had no terminator.
    ///
    /// Blank lines at the end of the input are dropped (see the type's discussion).
    ///
    /// - Parameter body: Called with the last record, if any; valid only during the call.
    /// - Throws: ``SurveyError`` `.dataError` when a quoted field is still open, located at its
    ///   opening quote: `path:line:column: error: unterminated quoted field (opened here); expected
    ///   a closing "`. Otherwise, what `body` throws.
    public mutating func finish(_ body: (borrowing CSVRecord) throws -> Void) throws {
        if !isKnownUniquelyReferenced(&workspace) { workspace = workspace.copy() }
        let workspace = self.workspace
        defer {
            workspace.carryCount = 0
            carryState = .fieldStart
            pendingBlanks.removeAll(keepingCapacity: true)
            skipLF = false
        }
        guard workspace.carryCount > 0 else { return }
        switch workspace.parseCarry(delimiter: delimiter) {
        case let .complete(rawEnd, _, _, _):
            if !pendingBlanks.isEmpty { try emitPendingBlanks(body) }
            try body(
                CSVRecord(
                    slots: workspace.fields, fieldCount: workspace.fieldCount, line: line, byteOffset: carryOffset,
                    raw: UnsafeBufferPointer(start: workspace.carry, count: rawEnd), scratch: workspace.scratch))
        case let .unterminated(quoteAt):
            let (line, column) = CSVText.lineAndColumn(
                in: UnsafeBufferPointer(start: workspace.carry, count: workspace.carryCount), offset: quoteAt,
                firstLine: line)
            throw SurveyError(
                .dataError, at: InputLocation(path: path, line: line, column: column),
                "unterminated quoted field (opened here); expected a closing \"")
        case .incomplete:
            preconditionFailure("a record parsed at the end of input is complete")
        }
    }

    /// Tokenizes a whole buffer: the records from `dialect.headerOffset` on.
    ///
    /// - Parameters:
    ///   - utf8: The input's text (``DecodedText/bytes``).
    ///   - dialect: The delimiter, and where the header starts.
    ///   - path: The input as the user named it, for messages.
    ///   - body: Called once per record, in order; the record is valid only during the call.
    /// - Throws: What ``finish(_:)`` throws, or what `body` throws.
    public static func records(
        in utf8: [UInt8], dialect: CSVDialect, path: String, _ body: (borrowing CSVRecord) throws -> Void
    ) throws {
        precondition(dialect.headerOffset >= 0 && dialect.headerOffset <= utf8.count, "header offset out of range")
        var tokenizer = CSVTokenizer(
            delimiter: dialect.delimiter, path: path, startLine: dialect.headerLine, startOffset: dialect.headerOffset)
        try utf8.withUnsafeBufferPointer { buffer in
            try tokenizer.feed(UnsafeBufferPointer(rebasing: buffer[dialect.headerOffset...]), body)
        }
        try tokenizer.finish(body)
    }

    // MARK: - Internals

    /// Emits the pending blank lines as records of one empty field.
    private mutating func emitPendingBlanks<E: Error>(_ body: (borrowing CSVRecord) throws(E) -> Void) throws(E) {
        let workspace = self.workspace
        defer { pendingBlanks.removeAll(keepingCapacity: true) }
        for k in pendingBlanks.indices {
            let blank = pendingBlanks[k]
            let record = CSVRecord(
                slots: workspace.blankSlot, fieldCount: 1, line: blank.line, byteOffset: blank.offset,
                raw: UnsafeBufferPointer(start: workspace.scratch, count: 0), scratch: workspace.scratch)
            try body(record)
        }
    }

    /// Scans for the terminator (CR or LF outside a quoted field) of the record being carried,
    /// resuming from `state`; returns its index, or `nil` if the bytes end first.
    private static func scanForTerminator(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, delimiter: UInt8, state: inout CSVScanState
    ) -> Int? {
        var i = start
        var s = state
        defer { state = s }
        while i < end {
            let c = base[i]
            switch s {
            case .fieldStart:
                if c == CSVByte.quote {
                    s = .quoted
                } else if c == CSVByte.lf || c == CSVByte.cr {
                    s = .fieldStart
                    return i
                } else if c != delimiter {
                    s = .unquoted
                }
            case .unquoted:
                if c == delimiter {
                    s = .fieldStart
                } else if c == CSVByte.lf || c == CSVByte.cr {
                    s = .fieldStart
                    return i
                }
            case .quoted:
                if c == CSVByte.quote { s = .quoteSeen }
            case .quoteSeen:
                if c == CSVByte.quote {
                    s = .quoted
                } else if c == delimiter {
                    s = .fieldStart
                } else if c == CSVByte.lf || c == CSVByte.cr {
                    s = .fieldStart
                    return i
                } else {
                    s = .unquoted
                }
            }
            i += 1
        }
        return nil
    }
}

/// Where a scan for the end of a record stands between two bytes.
enum CSVScanState {
    /// At the start of a field.
    case fieldStart
    /// In an unquoted field, or in the text after a quoted field's closing quote.
    case unquoted
    /// Inside a quoted field.
    case quoted
    /// Inside a quoted field, just after a quote: it closes the field unless another quote follows.
    case quoteSeen
}
