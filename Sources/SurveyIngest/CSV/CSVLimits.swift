import SurveyModel

/// How much one CSV record may hold before a ``CSVTokenizer`` refuses it (SPEC §3, issue #9).
///
/// A hostile or broken export can hold a single field of a gigabyte (a quote never closed, a
/// binary file renamed `.csv`) or a header of millions of columns. With limits, the tokenizer
/// never copies more than ``maxFieldBytes`` of such a record and never keeps more than
/// ``maxFields`` field slots: the record is handed to the caller's `oversized` handler as a
/// ``CSVOversizedRecord`` instead, and memory stays bounded whatever the input.
///
/// Sizes count the bytes of a field as written in the input, between its delimiters: the quotes
/// of a quoted field and both quotes of a doubled `""` included. So a chunked and a whole read
/// agree byte for byte, and the tokenizer decides before it unescapes anything.
public struct CSVLimits: Hashable, Sendable {
    /// The most bytes one field may take, as written (`--max-field-bytes`).
    public var maxFieldBytes: Int
    /// The most fields one record may have.
    public var maxFields: Int

    /// 1 MiB: the default `--max-field-bytes`.
    public static let defaultMaxFieldBytes = 1 << 20
    /// 100,000 fields: far above the widest real export (LimeSurvey's database caps a survey at
    /// a few thousand columns, Excel a sheet at 16,384), far below a hostile "million columns".
    public static let defaultMaxFields = 100_000

    /// 1 MiB per field, 100,000 fields per record.
    public static let `default` = CSVLimits(maxFieldBytes: defaultMaxFieldBytes, maxFields: defaultMaxFields)
    /// No limit: every record goes to the record handler, however large.
    public static let unlimited = CSVLimits(maxFieldBytes: .max, maxFields: .max)

    /// Creates limits.
    ///
    /// - Precondition: Both are at least 1.
    public init(maxFieldBytes: Int = defaultMaxFieldBytes, maxFields: Int = defaultMaxFields) {
        precondition(maxFieldBytes >= 1 && maxFields >= 1, "CSV limits must be at least 1")
        self.maxFieldBytes = maxFieldBytes
        self.maxFields = maxFields
    }

    /// How many bytes of an oversized record are kept (for the rejects file): ``maxFieldBytes``.
    var keptBytes: Int { maxFieldBytes }
}

/// A record over the ``CSVLimits``, as ``CSVTokenizer`` hands it to its `oversized` handler in
/// place of a ``CSVRecord``: where it is, what was too large, and its first bytes.
///
/// Valid only during the call, like a ``CSVRecord``.
public struct CSVOversizedRecord {
    /// What broke the limits: the first such thing in the record.
    public enum Problem: Hashable, Sendable {
        /// Field `field` (0-based) takes `bytes` bytes as written, more than ``CSVLimits/maxFieldBytes``.
        case fieldTooLarge(field: Int, bytes: Int)
        /// The record has `count` fields, more than ``CSVLimits/maxFields``.
        case tooManyFields(count: Int)
    }

    /// What broke the limits.
    public let problem: Problem
    /// The limits it broke.
    public let limits: CSVLimits
    /// The 1-based line where the record starts.
    public let line: Int
    /// The byte offset of the start of the record in the whole input.
    public let byteOffset: Int
    /// The line where the offending field starts (the record's line for ``Problem/tooManyFields(count:)``).
    public let problemLine: Int
    /// The 1-based byte column where the offending field starts (1 for ``Problem/tooManyFields(count:)``).
    public let problemColumn: Int
    /// The record's length in bytes as written, without its terminator.
    public let rawCount: Int
    /// The record's first bytes as written: at most ``CSVLimits/maxFieldBytes`` of them.
    public let rawPrefix: UnsafeBufferPointer<UInt8>

    /// The kept bytes as text, for the rejects file (a UTF-8 sequence cut at the end becomes U+FFFD).
    public func rawText() -> String {
        String(decoding: rawPrefix, as: UTF8.self)
    }
}

extension CSVOversizedRecord {
    /// The error for a header record over the limits (SPEC §3: a structurally broken file).
    ///
    /// `path:line:column: error: header field 3 is 2000000 bytes, more than the limit of 1048576
    /// (--max-field-bytes); expected column names`, or `path:line:1: error: the header has 2000000
    /// columns, more than the limit of 100000; expected at most 100000 columns`.
    public func headerError(path: String) -> SurveyError {
        let location = InputLocation(path: path, line: problemLine, column: problemColumn)
        switch problem {
        case let .fieldTooLarge(field, bytes):
            return SurveyError(
                .dataError, at: location,
                "header field \(field + 1) is \(bytes) bytes, more than the limit of \(limits.maxFieldBytes) (--max-field-bytes); expected column names")
        case let .tooManyFields(count):
            return SurveyError(
                .dataError, at: location,
                "the header has \(count) columns, more than the limit of \(limits.maxFields); expected at most \(limits.maxFields) columns")
        }
    }

    /// The rejected record for a data record over the limits: `field-too-large`, or `field-count`
    /// for too many fields, with the kept bytes as its text.
    ///
    /// - Parameter expectedFields: The header's field count.
    public func rejected(path: String, expectedFields: Int) -> RejectedRecord {
        let kept = rawCount > rawPrefix.count ? "; the record's first \(rawPrefix.count) bytes are kept" : ""
        switch problem {
        case let .fieldTooLarge(field, bytes):
            return RejectedRecord(
                reason: "field-too-large",
                detail: "field \(field + 1) is \(bytes) bytes, more than the limit of \(limits.maxFieldBytes) (--max-field-bytes)\(kept)",
                path: path, line: line, raw: rawText())
        case let .tooManyFields(count):
            return RejectedRecord(
                reason: "field-count", detail: "expected \(expectedFields) fields as in the header, found \(count)\(kept)",
                path: path, line: line, raw: rawText())
        }
    }
}

/// The first limit a record breaks, and where (internal to the tokenizer).
struct CSVLimitBreach: Equatable {
    var problem: CSVOversizedRecord.Problem
    /// Line breaks between the start of the record and the start of the offending field.
    var lineDelta: Int
    /// The 1-based byte column of the offending field's first byte (1 for too many fields).
    var column: Int
}
