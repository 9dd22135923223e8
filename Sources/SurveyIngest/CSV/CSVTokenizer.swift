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
///
/// ## Limits
/// A tokenizer made with ``CSVLimits`` hands a record with a field larger than
/// ``CSVLimits/maxFieldBytes``, or with more than ``CSVLimits/maxFields`` fields, to the
/// `oversized` handler of ``feed(_:oversized:_:)`` and ``finish(oversized:_:)`` instead of the
/// record handler, with at most ``CSVLimits/maxFieldBytes`` of its bytes. Memory then stays
/// bounded by the limits whatever the input: such a record is neither unescaped nor, when it
/// spans chunks, carried whole.
public struct CSVTokenizer {
    /// The field delimiter.
    public let delimiter: UInt8
    /// The input as the user named it, for messages.
    public let path: String
    /// The limits records are held to.
    public let limits: CSVLimits
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
    private var carryScan = CSVCarryScan()
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
    ///   - limits: What a record may hold; with limits other than ``CSVLimits/unlimited``, feed
    ///     with ``feed(_:oversized:_:)`` and finish with ``finish(oversized:_:)``.
    public init(delimiter: UInt8, path: String, startLine: Int = 1, startOffset: Int = 0, limits: CSVLimits = .unlimited) {
        precondition(
            delimiter != CSVByte.quote && delimiter != CSVByte.cr && delimiter != CSVByte.lf,
            "a CSV delimiter cannot be a quote or a line break")
        self.delimiter = delimiter
        self.path = path
        self.limits = limits
        self.line = startLine
        self.consumed = startOffset
        self.workspace = CSVWorkspace(limits: limits)
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
    /// - Precondition: The tokenizer has no limits (``CSVLimits/unlimited``), or no record breaks
    ///   them; otherwise use ``feed(_:oversized:_:)``.
    /// - Complexity: O(`chunk.count`), plus O(record length) for a record that spans chunks.
    public mutating func feed<E: Error>(
        _ chunk: UnsafeBufferPointer<UInt8>, _ body: (borrowing CSVRecord) throws(E) -> Void
    ) throws(E) {
        try feed(chunk, oversized: { (_: borrowing CSVOversizedRecord) throws(E) in Self.unhandledOversize() }, body)
    }

    /// Tokenizes the next chunk of input; calls `body` once per record it completes within the
    /// limits, and `oversized` once per record it completes over them.
    ///
    /// - Parameters:
    ///   - chunk: The next bytes of the input, any number of them.
    ///   - oversized: Called, in input order, with each complete record over the ``limits``.
    ///   - body: Called, in input order, with each other complete record.
    /// - Throws: Only what the handlers throw.
    /// - Complexity: O(`chunk.count`), plus O(min(record length, limits)) for a record that spans
    ///   chunks.
    public mutating func feed<E: Error>(
        _ chunk: UnsafeBufferPointer<UInt8>, oversized: (borrowing CSVOversizedRecord) throws(E) -> Void,
        _ body: (borrowing CSVRecord) throws(E) -> Void
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
            guard let terminator = carryScan.scan(base, from: i, to: end, delimiter: delimiter, limits: limits) else {
                appendCarry(base + i, count: end - i)
                consumed += end
                return
            }
            appendCarry(base + i, count: terminator - i)
            let rawCount = consumed + terminator - carryOffset
            i = terminator + 1
            if base[terminator] == CSVByte.cr {
                if i < end {
                    if base[i] == CSVByte.lf { i += 1 }
                } else {
                    skipLF = true
                }
            }
            if !pendingBlanks.isEmpty { try emitPendingBlanks(body) }
            if let breach = carryScan.breach {
                try emitOversized(breach, rawCount: rawCount, oversized)
                line += 1 + carryScan.breaks
            } else {
                guard case let .complete(rawEnd, _, breaks, _) = workspace.parseCarry(delimiter: delimiter) else {
                    preconditionFailure("the scan found the end of the carried record")
                }
                if let breach = workspace.breach {
                    try emitOversized(breach, rawCount: rawEnd, oversized)
                } else {
                    try body(
                        CSVRecord(
                            slots: workspace.fields, fieldCount: workspace.fieldCount, line: line, byteOffset: carryOffset,
                            raw: UnsafeBufferPointer(start: workspace.carry, count: rawEnd), scratch: workspace.scratch))
                }
                line += 1 + breaks
            }
            workspace.carryCount = 0
            carryScan = CSVCarryScan()
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
                if let breach = workspace.breach {
                    let kept = min(rawEnd - i, limits.keptBytes)
                    try oversized(
                        oversizedRecord(breach, byteOffset: consumed + i, rawCount: rawEnd - i,
                                        prefix: UnsafeBufferPointer(start: base + i, count: kept)))
                } else {
                    let record = CSVRecord(
                        slots: workspace.fields, fieldCount: workspace.fieldCount, line: line,
                        byteOffset: consumed + i, raw: UnsafeBufferPointer(start: base + i, count: rawEnd - i),
                        scratch: workspace.scratch)
                    try body(record)
                }
                line += 1 + breaks
                i = next
                if endsWithCR { skipLF = true }
            case .incomplete, .unterminated:
                // The rest of the chunk is the start of a record: carry it over.
                carryOffset = consumed + i
                carryScan = CSVCarryScan()
                let found = carryScan.scan(base, from: i, to: end, delimiter: delimiter, limits: limits)
                assert(found == nil, "the parser and the scan disagree on the end of a record")
                appendCarry(base + i, count: end - i)
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
    /// - Precondition: As for ``feed(_:_:)``.
    public mutating func finish(_ body: (borrowing CSVRecord) throws -> Void) throws {
        try finish(oversized: { _ in Self.unhandledOversize() }, body)
    }

    /// Ends the input: emits the last record if it had no terminator, to `body` or, when it is
    /// over the limits, to `oversized`.
    ///
    /// - Throws: As ``finish(_:)`` does (an unterminated quoted field is an error even in a
    ///   record over the limits), or what a handler throws.
    public mutating func finish(
        oversized: (borrowing CSVOversizedRecord) throws -> Void, _ body: (borrowing CSVRecord) throws -> Void
    ) throws {
        if !isKnownUniquelyReferenced(&workspace) { workspace = workspace.copy() }
        let workspace = self.workspace
        defer {
            workspace.carryCount = 0
            carryScan = CSVCarryScan()
            pendingBlanks.removeAll(keepingCapacity: true)
            skipLF = false
        }
        guard workspace.carryCount > 0 else { return }
        if carryScan.breach != nil {
            if carryScan.isInQuotedField {
                throw unterminated(line: line + carryScan.quoteLineDelta, column: carryScan.quoteColumn)
            }
            carryScan.endOfInput()
            if !pendingBlanks.isEmpty { try emitPendingBlanks(body) }
            try emitOversized(carryScan.breach!, rawCount: carryScan.position, oversized)
            return
        }
        switch workspace.parseCarry(delimiter: delimiter) {
        case let .complete(rawEnd, _, _, _):
            if !pendingBlanks.isEmpty { try emitPendingBlanks(body) }
            if let breach = workspace.breach {
                try emitOversized(breach, rawCount: rawEnd, oversized)
                return
            }
            try body(
                CSVRecord(
                    slots: workspace.fields, fieldCount: workspace.fieldCount, line: line, byteOffset: carryOffset,
                    raw: UnsafeBufferPointer(start: workspace.carry, count: rawEnd), scratch: workspace.scratch))
        case let .unterminated(quoteAt):
            let (line, column) = CSVText.lineAndColumn(
                in: UnsafeBufferPointer(start: workspace.carry, count: workspace.carryCount), offset: quoteAt,
                firstLine: line)
            throw unterminated(line: line, column: column)
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
        try records(in: utf8, dialect: dialect, path: path, limits: .unlimited, oversized: { _ in unhandledOversize() }, body)
    }

    /// Tokenizes a whole buffer under limits: the records from `dialect.headerOffset` on, each
    /// to `body`, or to `oversized` when it is over the limits.
    ///
    /// - Parameters:
    ///   - utf8: The input's text (``DecodedText/bytes``).
    ///   - dialect: The delimiter, and where the header starts.
    ///   - path: The input as the user named it, for messages.
    ///   - limits: What a record may hold.
    ///   - oversized: Called with each record over the limits, in order with the others.
    ///   - body: Called with each record within the limits, in order.
    /// - Throws: What ``finish(oversized:_:)`` throws, or what a handler throws.
    public static func records(
        in utf8: [UInt8], dialect: CSVDialect, path: String, limits: CSVLimits,
        oversized: (borrowing CSVOversizedRecord) throws -> Void, _ body: (borrowing CSVRecord) throws -> Void
    ) throws {
        precondition(dialect.headerOffset >= 0 && dialect.headerOffset <= utf8.count, "header offset out of range")
        var tokenizer = CSVTokenizer(
            delimiter: dialect.delimiter, path: path, startLine: dialect.headerLine, startOffset: dialect.headerOffset,
            limits: limits)
        try utf8.withUnsafeBufferPointer { buffer in
            try tokenizer.feed(UnsafeBufferPointer(rebasing: buffer[dialect.headerOffset...]), oversized: oversized, body)
        }
        try tokenizer.finish(oversized: oversized, body)
    }

    // MARK: - Internals

    /// The handler of the feeds without an `oversized` handler.
    private static func unhandledOversize() -> Never {
        preconditionFailure("a CSVTokenizer with limits needs an oversized handler (feed(_:oversized:_:))")
    }

    /// Appends to the carried record: everything while it is within the limits, then only up to
    /// the bytes an oversized record keeps.
    private mutating func appendCarry(_ bytes: UnsafePointer<UInt8>, count: Int) {
        var count = count
        if carryScan.breach != nil { count = max(0, min(count, limits.keptBytes - workspace.carryCount)) }
        workspace.appendCarry(bytes, count: count)
    }

    /// Hands the carried record, over the limits, to `oversized`.
    private func emitOversized<E: Error>(
        _ breach: CSVLimitBreach, rawCount: Int, _ oversized: (borrowing CSVOversizedRecord) throws(E) -> Void
    ) throws(E) {
        let kept = min(workspace.carryCount, rawCount, limits.keptBytes)
        try oversized(
            oversizedRecord(breach, byteOffset: carryOffset, rawCount: rawCount,
                            prefix: UnsafeBufferPointer(start: workspace.carry, count: kept)))
    }

    private func oversizedRecord(
        _ breach: CSVLimitBreach, byteOffset: Int, rawCount: Int, prefix: UnsafeBufferPointer<UInt8>
    ) -> CSVOversizedRecord {
        CSVOversizedRecord(
            problem: breach.problem, limits: limits, line: line, byteOffset: byteOffset, problemLine: line + breach.lineDelta,
            problemColumn: breach.column, rawCount: rawCount, rawPrefix: prefix)
    }

    private func unterminated(line: Int, column: Int) -> SurveyError {
        SurveyError(
            .dataError, at: InputLocation(path: path, line: line, column: column),
            "unterminated quoted field (opened here); expected a closing \"")
    }

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

/// The scan for the end of a record that spans chunks, resumable from chunk to chunk.
///
/// Besides the terminator it measures what ``CSVWorkspace/parseRecord(_:from:to:atEndOfInput:delimiter:)``
/// measures (fields, their sizes as written, line breaks inside quoted fields, where a quoted
/// field opened), so that a record over the limits need not be carried whole to be judged, and
/// every verdict is the same whichever way the input was cut into chunks.
struct CSVCarryScan {
    private(set) var state = CSVScanState.fieldStart
    /// Bytes of the record scanned so far (the offset of the next byte, relative to its start).
    private(set) var position = 0
    /// Line breaks inside quoted fields so far.
    private(set) var breaks = 0
    /// The first limit the record breaks.
    private(set) var breach: CSVLimitBreach?
    /// Fields begun so far.
    private var fields = 1
    /// Bytes of the current field so far, as written.
    private var fieldBytes = 0
    /// Where the current line starts, relative to the record.
    private var lineStart = 0
    /// The current field's first line (as breaks since the record start) and column.
    private var fieldLineDelta = 0
    private var fieldColumn = 1
    /// Where the open quoted field's quote is.
    private(set) var quoteLineDelta = 0
    private(set) var quoteColumn = 1
    /// The byte before was a CR inside a quoted field (an LF after it ends the same break).
    private var afterCR = false

    /// Whether the record scanned so far ends inside a quoted field.
    var isInQuotedField: Bool { state == .quoted }

    /// Scans `base[start..<end]`, the next bytes of the record; returns the index of its
    /// terminator (CR or LF outside a quoted field), or nil if the bytes end first.
    mutating func scan(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, delimiter: UInt8, limits: CSVLimits
    ) -> Int? {
        var i = start
        while i < end {
            let c = base[i]
            switch state {
            case .fieldStart:
                if c == CSVByte.quote {
                    state = .quoted
                    quoteLineDelta = breaks
                    quoteColumn = position - lineStart + 1
                    grow(limits)
                } else if c == CSVByte.lf || c == CSVByte.cr {
                    endField()
                    return i
                } else if c == delimiter {
                    nextField(limits)
                } else {
                    state = .unquoted
                    grow(limits)
                }
            case .unquoted:
                if c == delimiter {
                    nextField(limits)
                } else if c == CSVByte.lf || c == CSVByte.cr {
                    endField()
                    return i
                } else {
                    grow(limits)
                }
            case .quoted:
                if c == CSVByte.quote {
                    state = .quoteSeen
                } else if c == CSVByte.cr {
                    breaks += 1
                    lineStart = position + 1
                } else if c == CSVByte.lf {
                    if !afterCR { breaks += 1 }
                    lineStart = position + 1
                }
                afterCR = c == CSVByte.cr
                grow(limits)
            case .quoteSeen:
                if c == CSVByte.quote {
                    state = .quoted
                    grow(limits)
                } else if c == delimiter {
                    nextField(limits)
                } else if c == CSVByte.lf || c == CSVByte.cr {
                    endField()
                    return i
                } else {
                    state = .unquoted
                    grow(limits)
                }
            }
            position += 1
            i += 1
        }
        return nil
    }

    /// The input ended: the last field ends with it.
    mutating func endOfInput() { endField() }

    /// One more byte in the current field.
    private mutating func grow(_ limits: CSVLimits) {
        fieldBytes += 1
        if fieldBytes > limits.maxFieldBytes && breach == nil {
            breach = CSVLimitBreach(
                problem: .fieldTooLarge(field: fields - 1, bytes: fieldBytes), lineDelta: fieldLineDelta, column: fieldColumn)
        }
    }

    /// The current field ends: an oversized field's size is final.
    private mutating func endField() {
        if case .fieldTooLarge(let field, _)? = breach?.problem, field == fields - 1 {
            breach?.problem = .fieldTooLarge(field: field, bytes: fieldBytes)
        }
    }

    /// A delimiter at `position` ends the current field; the next starts after it.
    private mutating func nextField(_ limits: CSVLimits) {
        endField()
        state = .fieldStart
        fields += 1
        fieldBytes = 0
        fieldLineDelta = breaks
        fieldColumn = position + 1 - lineStart + 1
        if fields > limits.maxFields && breach == nil {
            breach = CSVLimitBreach(problem: .tooManyFields(count: fields), lineDelta: 0, column: 1)
        }
        if case .tooManyFields? = breach?.problem { breach?.problem = .tooManyFields(count: fields) }
    }
}

extension CSVRecord {
    /// The line and byte column where each field starts, in one pass over the record.
    ///
    /// Asking ``line(ofField:)`` and ``column(ofField:)`` for every field costs O(fields ×
    /// length): quadratic on a wide header, which a hostile file can make a hang. This is O(length).
    public func fieldPositions() -> [(line: Int, column: Int)] {
        var positions: [(line: Int, column: Int)] = []
        positions.reserveCapacity(fieldCount)
        var line = self.line
        var lineStart = 0
        var k = 0
        for i in 0..<fieldCount {
            let target = slots[i].rawStart
            while k < target {
                let c = raw[k]
                if c == CSVByte.lf || (c == CSVByte.cr && !(k + 1 < raw.count && raw[k + 1] == CSVByte.lf)) {
                    line += 1
                    lineStart = k + 1
                }
                k += 1
            }
            positions.append((line, target - lineStart + 1))
        }
        return positions
    }
}
