/// The buffers a ``CSVTokenizer`` reuses for every record, and its record parser.
///
/// All memory is allocated here and grows to the largest record seen; nothing is allocated per
/// record after that. The parser works on raw pointers in one audited loop (STYLE F.7): every
/// index is checked against `end` before it is read.
///
/// With ``CSVLimits``, the buffers stop growing at the limits: a field over
/// ``CSVLimits/maxFieldBytes`` is measured, not unescaped, and fields past
/// ``CSVLimits/maxFields`` are counted, not stored; ``breach`` then says what was too large.
final class CSVWorkspace {
    /// The mutable state lives behind a pointer, not in stored `var`s: a class's stored `var`s
    /// are checked for exclusive access at run time on every read and write, which cost about a
    /// third of the tokenizer's time when they were read per record and per field.
    private struct State {
        var fields: UnsafeMutablePointer<CSVFieldSlot>
        var fieldCapacity: Int
        var fieldCount = 0
        var scratch: UnsafeMutablePointer<UInt8>
        var scratchCapacity: Int
        var scratchCount = 0
        var carry: UnsafeMutablePointer<UInt8>
        var carryCapacity: Int
        var carryCount = 0
        var breach: CSVLimitBreach? = nil
    }

    private let state: UnsafeMutablePointer<State>
    /// The single empty field of a blank line.
    let blankSlot: UnsafeMutablePointer<CSVFieldSlot>
    /// The limits records are parsed under.
    let limits: CSVLimits

    /// Field slots of the current record.
    var fields: UnsafeMutablePointer<CSVFieldSlot> { state.pointee.fields }
    private var fieldCapacity: Int { state.pointee.fieldCapacity }
    /// The number of fields of the record parsed last.
    var fieldCount: Int { state.pointee.fieldCount }
    /// Unescaped bytes of quoted fields that could not be read in place.
    var scratch: UnsafeMutablePointer<UInt8> { state.pointee.scratch }
    /// The bytes of a record that spans chunks.
    var carry: UnsafeMutablePointer<UInt8> { state.pointee.carry }
    /// The number of bytes in `carry`; 0 when no record is carried.
    var carryCount: Int {
        get { state.pointee.carryCount }
        set { state.pointee.carryCount = newValue }
    }

    /// The first limit the record parsed last broke, or nil when it is within the limits.
    var breach: CSVLimitBreach? { state.pointee.breach }

    init(limits: CSVLimits = .unlimited, fieldCapacity: Int = 64, scratchCapacity: Int = 1024, carryCapacity: Int = 1024) {
        self.limits = limits
        state = .allocate(capacity: 1)
        state.initialize(
            to: State(
                fields: .allocate(capacity: fieldCapacity), fieldCapacity: fieldCapacity,
                scratch: .allocate(capacity: scratchCapacity), scratchCapacity: scratchCapacity,
                carry: .allocate(capacity: carryCapacity), carryCapacity: carryCapacity))
        blankSlot = .allocate(capacity: 1)
        blankSlot.initialize(to: CSVFieldSlot(offset: 0, count: 0, rawStart: 0, flags: 0))
    }

    deinit {
        state.pointee.fields.deallocate()
        state.pointee.scratch.deallocate()
        state.pointee.carry.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        blankSlot.deallocate()
    }

    /// A workspace with the same carried bytes, for a copied tokenizer.
    func copy() -> CSVWorkspace {
        let other = CSVWorkspace(limits: limits, carryCapacity: max(state.pointee.carryCapacity, 1))
        other.appendCarry(carry, count: carryCount)
        return other
    }

    /// Appends bytes to the carried record.
    func appendCarry(_ bytes: UnsafePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        let s = state
        if s.pointee.carryCount + count > s.pointee.carryCapacity {
            let capacity = max(s.pointee.carryCapacity * 2, s.pointee.carryCount + count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: s.pointee.carry, count: s.pointee.carryCount)
            s.pointee.carry.deallocate()
            s.pointee.carry = grown
            s.pointee.carryCapacity = capacity
        }
        (s.pointee.carry + s.pointee.carryCount).update(from: bytes, count: count)
        s.pointee.carryCount += count
    }

    /// Parses the carried record, which ends at the end of `carry`.
    func parseCarry(delimiter: UInt8) -> CSVParseOutcome {
        parseRecord(carry, from: 0, to: carryCount, atEndOfInput: true, delimiter: delimiter)
    }

    /// Appends bytes to the scratch buffer and returns the new scratch count.
    private func appendScratch(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        let s = state
        if s.pointee.scratchCount + count > s.pointee.scratchCapacity {
            let capacity = max(s.pointee.scratchCapacity * 2, s.pointee.scratchCount + count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: s.pointee.scratch, count: s.pointee.scratchCount)
            s.pointee.scratch.deallocate()
            s.pointee.scratch = grown
            s.pointee.scratchCapacity = capacity
        }
        (s.pointee.scratch + s.pointee.scratchCount).update(from: bytes, count: count)
        s.pointee.scratchCount += count
        return s.pointee.scratchCount
    }

    private func growFields(keeping count: Int) {
        let s = state
        let capacity = min(s.pointee.fieldCapacity * 2, max(limits.maxFields, s.pointee.fieldCapacity + 1))
        let grown = UnsafeMutablePointer<CSVFieldSlot>.allocate(capacity: capacity)
        grown.moveInitialize(from: s.pointee.fields, count: count)
        s.pointee.fields.deallocate()
        s.pointee.fields = grown
        s.pointee.fieldCapacity = capacity
    }

    /// Parses one record that starts at `base[start]` (not a CR or LF) into `fields`.
    ///
    /// - Parameter atEndOfInput: Whether `end` is the end of the input. If it is not, a record
    ///   that reaches `end` without a terminator is `.incomplete`; if it is, the record ends there.
    /// - Returns: `.complete` with the end of the record's bytes, the start of the next record,
    ///   the line breaks inside quoted fields, and whether the terminator was a CR at `end - 1`
    ///   (an LF may follow in the next chunk); `.incomplete`; or `.unterminated` with the offset of
    ///   the opening quote of a quoted field still open at the end of input. A complete record
    ///   over the limits has a ``breach``; its slots are then not to be read.
    func parseRecord(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, atEndOfInput: Bool, delimiter: UInt8
    ) -> CSVParseOutcome {
        let quote = CSVByte.quote
        let cr = CSVByte.cr
        let lf = CSVByte.lf
        let maxFieldBytes = limits.maxFieldBytes
        let quotes = SIMD16<UInt8>(repeating: quote)
        // Every byte up to CR: line breaks, and the tab, which the byte loop passes over.
        let controls = SIMD16<UInt8>(repeating: cr)
        var fields = self.fields
        var capacity = min(self.fieldCapacity, limits.maxFields)
        var count = 0
        var breaks = 0
        var i = start
        var scratchCount = 0
        state.pointee.scratchCount = 0
        state.pointee.breach = nil

        while true {
            if count == capacity {
                if capacity == limits.maxFields {
                    // Past the limit: count the remaining fields without keeping them.
                    return countRemainingFields(
                        base, from: i, to: end, atEndOfInput: atEndOfInput, delimiter: delimiter, recordStart: start,
                        stored: count, breaks: breaks)
                }
                growFields(keeping: count)
                fields = self.fields
                capacity = min(self.fieldCapacity, limits.maxFields)
            }
            var j = i
            let slot: CSVFieldSlot
            if j < end && base[j] == quote {
                // Quoted field: skip to the next quote, counting line breaks on the way.
                j += 1
                var segment = j
                var scratchStart = -1
                while true {
                    // Sixteen bytes at a time while they hold no quote and no control byte: open
                    // comments are most of a real export's bytes. A block that holds one is
                    // walked byte by byte.
                    scan: while j < end {
                        if j &+ 16 <= end {
                            let block = UnsafeRawPointer(base + j).loadUnaligned(as: SIMD16<UInt8>.self)
                            if !any((block .== quotes) .| (block .<= controls)) {
                                j &+= 16
                                continue
                            }
                        }
                        let stop = min(end, j &+ 16)
                        while j < stop {
                            let c = base[j]
                            if c == quote { break scan }
                            if c <= cr {
                                if c == lf {
                                    breaks &+= 1
                                } else if c == cr && (j + 1 == end || base[j + 1] != lf) {
                                    breaks &+= 1
                                }
                            }
                            j += 1
                        }
                    }
                    if j == end { return atEndOfInput ? .unterminated(quoteAt: i - start) : .incomplete }
                    // A quote ends the field unless another follows. (At the end of a chunk, the
                    // scan for text after the quote below reports `.incomplete`.)
                    if j + 1 == end || base[j + 1] != quote { break }
                    // `""`: keep one quote, continue after the pair (unescaping stops once the
                    // field is over the limit: it is measured, never delivered).
                    if j + 2 - i <= maxFieldBytes {
                        if scratchStart < 0 { scratchStart = scratchCount }
                        scratchCount = appendScratch(base + segment, count: j + 1 - segment)
                    }
                    j += 2
                    segment = j
                }
                let close = j
                j += 1
                // Lenient: text after the closing quote, up to the delimiter or line end, is kept.
                let trail = j
                while j < end {
                    let c = base[j]
                    if c == delimiter || c == lf || c == cr { break }
                    j += 1
                }
                if j == end && !atEndOfInput { return .incomplete }
                if j - i > maxFieldBytes {
                    noteOversizedField(count, from: i, to: j, recordStart: start, base: base)
                    slot = CSVFieldSlot(offset: 0, count: 0, rawStart: i - start, flags: 0)
                } else if scratchStart >= 0 || j > trail {
                    if scratchStart < 0 { scratchStart = scratchCount }
                    scratchCount = appendScratch(base + segment, count: close - segment)
                    scratchCount = appendScratch(base + trail, count: j - trail)
                    slot = CSVFieldSlot(
                        offset: scratchStart, count: scratchCount - scratchStart, rawStart: i - start,
                        flags: CSVFieldSlot.quoted | CSVFieldSlot.inScratch)
                } else {
                    slot = CSVFieldSlot(
                        offset: i + 1 - start, count: close - i - 1, rawStart: i - start, flags: CSVFieldSlot.quoted)
                }
            } else {
                while j < end {
                    let c = base[j]
                    if c == delimiter || c == lf || c == cr { break }
                    j += 1
                }
                if j == end && !atEndOfInput { return .incomplete }
                if j - i > maxFieldBytes { noteOversizedField(count, from: i, to: j, recordStart: start, base: base) }
                slot = CSVFieldSlot(offset: i - start, count: j - i, rawStart: i - start, flags: 0)
            }
            (fields + count).initialize(to: slot)
            count += 1

            if j == end {
                state.pointee.fieldCount = count
                return .complete(rawEnd: j, next: j, lineBreaks: breaks, endsWithCR: false)
            }
            let c = base[j]
            if c == delimiter {
                i = j + 1
                continue
            }
            state.pointee.fieldCount = count
            return Self.terminated(base, at: j, end: end, breaks: breaks)
        }
    }

    /// `.complete` for a record whose terminator (CR or LF) is at `j`.
    private static func terminated(_ base: UnsafePointer<UInt8>, at j: Int, end: Int, breaks: Int) -> CSVParseOutcome {
        if base[j] == CSVByte.cr {
            if j + 1 == end { return .complete(rawEnd: j, next: j + 1, lineBreaks: breaks, endsWithCR: true) }
            return .complete(
                rawEnd: j, next: base[j + 1] == CSVByte.lf ? j + 2 : j + 1, lineBreaks: breaks, endsWithCR: false)
        }
        return .complete(rawEnd: j, next: j + 1, lineBreaks: breaks, endsWithCR: false)
    }

    /// Records field `index` (`base[from..<to]`) as the breach, unless an earlier one was found.
    private func noteOversizedField(_ index: Int, from: Int, to: Int, recordStart: Int, base: UnsafePointer<UInt8>) {
        guard state.pointee.breach == nil else { return }
        let (lineDelta, column) = CSVText.lineAndColumn(
            in: UnsafeBufferPointer(start: base + recordStart, count: from - recordStart), offset: from - recordStart,
            firstLine: 0)
        state.pointee.breach = CSVLimitBreach(
            problem: .fieldTooLarge(field: index, bytes: to - from), lineDelta: lineDelta, column: column)
    }

    /// The slow path of a record with more than ``CSVLimits/maxFields`` fields: finds its end and
    /// counts its fields and line breaks, keeping nothing. `stored` fields are in the slots;
    /// field `stored` starts at `base[from]`.
    private func countRemainingFields(
        _ base: UnsafePointer<UInt8>, from: Int, to end: Int, atEndOfInput: Bool, delimiter: UInt8, recordStart: Int,
        stored: Int, breaks: Int
    ) -> CSVParseOutcome {
        var breaks = breaks
        var count = stored
        var i = from
        while true {
            var j = i
            if j < end && base[j] == CSVByte.quote {
                j += 1
                while true {
                    while j < end && base[j] != CSVByte.quote {
                        let c = base[j]
                        if c == CSVByte.lf || (c == CSVByte.cr && (j + 1 == end || base[j + 1] != CSVByte.lf)) {
                            breaks &+= 1
                        }
                        j += 1
                    }
                    if j == end { return atEndOfInput ? .unterminated(quoteAt: i - recordStart) : .incomplete }
                    if j + 1 == end || base[j + 1] != CSVByte.quote { break }
                    j += 2
                }
                j += 1
            }
            while j < end {
                let c = base[j]
                if c == delimiter || c == CSVByte.lf || c == CSVByte.cr { break }
                j += 1
            }
            if j == end && !atEndOfInput { return .incomplete }
            count += 1
            if j < end && base[j] == delimiter {
                i = j + 1
                continue
            }
            state.pointee.fieldCount = stored
            if state.pointee.breach == nil {
                state.pointee.breach = CSVLimitBreach(problem: .tooManyFields(count: count), lineDelta: 0, column: 1)
            }
            if j == end { return .complete(rawEnd: j, next: j, lineBreaks: breaks, endsWithCR: false) }
            return Self.terminated(base, at: j, end: end, breaks: breaks)
        }
    }
}

/// What ``CSVWorkspace/parseRecord(_:from:to:atEndOfInput:delimiter:)`` found.
enum CSVParseOutcome {
    /// A whole record: its bytes end at `rawEnd`, the next record starts at `next`.
    case complete(rawEnd: Int, next: Int, lineBreaks: Int, endsWithCR: Bool)
    /// The bytes end inside the record.
    case incomplete
    /// The input ends inside a quoted field opened at `quoteAt` (relative to the record start).
    case unterminated(quoteAt: Int)
}
