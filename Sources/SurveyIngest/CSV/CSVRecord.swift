/// One CSV record, as ``CSVTokenizer`` hands it to its callback.
///
/// A record is a view of the tokenizer's buffers and of the chunk being fed: it is valid only
/// inside the callback that receives it. Copy out what you keep (``string(_:)``, or the bytes of
/// ``field(_:)``). Field bytes are already unescaped: `"a ""b"""` reads as `a "b"`.
///
/// Positions: ``line`` and ``byteOffset`` locate the start of the record; ``line(ofField:)`` and
/// ``column(ofField:)`` locate a field, counting lines broken inside earlier quoted fields. They
/// are computed on demand, for messages, in O(length of the record).
public struct CSVRecord {
    @usableFromInline let slots: UnsafePointer<CSVFieldSlot>
    /// The number of fields; at least 1 (a blank line is one empty field).
    public let fieldCount: Int
    /// The 1-based line where the record starts.
    public let line: Int
    /// The byte offset of the start of the record in the whole input.
    public let byteOffset: Int
    /// The record as it was in the input, without its terminator.
    @usableFromInline let raw: UnsafeBufferPointer<UInt8>
    /// Where unescaped copies of quoted fields with `""` (or text after the closing quote) live.
    @usableFromInline let scratch: UnsafePointer<UInt8>

    @inlinable
    init(
        slots: UnsafePointer<CSVFieldSlot>, fieldCount: Int, line: Int, byteOffset: Int,
        raw: UnsafeBufferPointer<UInt8>, scratch: UnsafePointer<UInt8>
    ) {
        self.slots = slots
        self.fieldCount = fieldCount
        self.line = line
        self.byteOffset = byteOffset
        self.raw = raw
        self.scratch = scratch
    }

    /// The unescaped bytes of field `i` (0-based): without the surrounding quotes, with `""`
    /// read as `"`.
    ///
    /// - Precondition: `0 <= i < fieldCount`.
    @inlinable
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < fieldCount, "field index out of range")
        let slot = slots[i]
        let base = slot.isInScratch ? scratch : raw.baseAddress.unsafelyUnwrapped
        return UnsafeBufferPointer(start: base + slot.offset, count: slot.count)
    }

    /// Whether field `i` was written in quotes, which tells `""` (quoted empty) from an empty field
    /// (LimeSurvey writes NULL as an empty field and the empty string as `""`).
    ///
    /// - Precondition: `0 <= i < fieldCount`.
    @inlinable
    public func isQuoted(_ i: Int) -> Bool {
        precondition(i >= 0 && i < fieldCount, "field index out of range")
        return slots[i].isQuoted
    }

    /// Field `i` as a string.
    ///
    /// - Precondition: `0 <= i < fieldCount`.
    public func string(_ i: Int) -> String {
        String(decoding: field(i), as: UTF8.self)
    }

    /// The record as it was written in the input (quotes and escapes included), without its
    /// terminator; for the rejects file.
    public func rawText() -> String {
        String(decoding: raw, as: UTF8.self)
    }

    /// The record's raw bytes, as ``rawText()`` returns them.
    public var rawBytes: UnsafeBufferPointer<UInt8> { raw }

    /// The 1-based line where field `i` starts: ``line``, plus the line breaks inside earlier
    /// quoted fields of the record.
    ///
    /// - Precondition: `0 <= i < fieldCount`.
    public func line(ofField i: Int) -> Int {
        position(ofField: i).line
    }

    /// The 1-based byte column where field `i` starts (at its opening quote, if quoted), on the
    /// line ``line(ofField:)``.
    ///
    /// - Precondition: `0 <= i < fieldCount`.
    public func column(ofField i: Int) -> Int {
        position(ofField: i).column
    }

    private func position(ofField i: Int) -> (line: Int, column: Int) {
        precondition(i >= 0 && i < fieldCount, "field index out of range")
        return CSVText.lineAndColumn(in: raw, offset: slots[i].rawStart, firstLine: line)
    }
}

/// Where one field of the current record lives. Internal to the tokenizer and ``CSVRecord``.
@usableFromInline
struct CSVFieldSlot {
    /// Offset of the unescaped bytes, from the start of the raw record or of the scratch buffer.
    @usableFromInline var offset: Int
    /// Number of unescaped bytes.
    @usableFromInline var count: Int
    /// Offset of the first byte of the field (its opening quote, if any) in the raw record.
    @usableFromInline var rawStart: Int
    /// Bit 0: quoted; bit 1: bytes are in the scratch buffer.
    @usableFromInline var flags: Int

    @usableFromInline static let quoted = 1
    @usableFromInline static let inScratch = 2

    @inlinable
    init(offset: Int, count: Int, rawStart: Int, flags: Int) {
        self.offset = offset
        self.count = count
        self.rawStart = rawStart
        self.flags = flags
    }

    @inlinable var isQuoted: Bool { flags & Self.quoted != 0 }
    @inlinable var isInScratch: Bool { flags & Self.inScratch != 0 }
}
