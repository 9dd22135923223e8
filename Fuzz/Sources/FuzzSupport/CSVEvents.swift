/// What a tokenizer handed out, copied out of its callbacks, to compare one way of tokenizing
/// with another.
public enum CSVEvent: Equatable, CustomStringConvertible {
    case record(line: Int, offset: Int, fields: [[UInt8]], quoted: [Bool], raw: [UInt8])
    case oversized(line: Int, offset: Int, problem: CSVOversizedRecord.Problem, at: [Int], rawCount: Int, prefix: [UInt8])
    case error(String)

    public init(_ record: borrowing CSVRecord) {
        var fields: [[UInt8]] = []
        var quoted: [Bool] = []
        for i in 0..<record.fieldCount {
            fields.append(Array(record.field(i)))
            quoted.append(record.isQuoted(i))
        }
        // Field positions are derived from the raw bytes and the line, which are compared.
        self = .record(line: record.line, offset: record.byteOffset, fields: fields, quoted: quoted, raw: Array(record.rawBytes))
    }

    public init(oversized record: borrowing CSVOversizedRecord) {
        self = .oversized(
            line: record.line, offset: record.byteOffset, problem: record.problem, at: [record.problemLine, record.problemColumn],
            rawCount: record.rawCount, prefix: Array(record.rawPrefix))
    }

    public var description: String {
        switch self {
        case let .record(line, offset, fields, quoted, raw):
            "record line \(line) @\(offset) \(fields.map { String(decoding: $0, as: UTF8.self) }) quoted \(quoted) raw \(raw.count)"
        case let .oversized(line, offset, problem, at, rawCount, prefix):
            "oversized line \(line) @\(offset) \(problem) at \(at) raw \(rawCount) kept \(prefix.count)"
        case let .error(text): "error \(text)"
        }
    }
}

/// Tokenizes bytes in the ways that must agree.
public enum CSVTokenizing {
    /// The whole buffer at once (``CSVTokenizer/records(in:dialect:path:limits:oversized:_:)``).
    public static func whole(_ bytes: [UInt8], dialect: CSVDialect, limits: CSVLimits) -> [CSVEvent] {
        var events: [CSVEvent] = []
        do {
            try CSVTokenizer.records(
                in: bytes, dialect: dialect, path: "fuzz.csv", limits: limits,
                oversized: { events.append(CSVEvent(oversized: $0)) }
            ) { events.append(CSVEvent($0)) }
        } catch {
            events.append(.error("\(error)"))
        }
        return events
    }

    /// In chunks of `size` bytes, each in its own short-lived array.
    public static func chunked(_ bytes: [UInt8], dialect: CSVDialect, limits: CSVLimits, size: Int) -> [CSVEvent] {
        var events: [CSVEvent] = []
        var tokenizer = CSVTokenizer(
            delimiter: dialect.delimiter, path: "fuzz.csv", startLine: dialect.headerLine, startOffset: dialect.headerOffset,
            limits: limits)
        var start = dialect.headerOffset
        while start < bytes.count {
            let stop = min(bytes.count, start + size)
            let chunk = Array(bytes[start..<stop])
            chunk.withUnsafeBufferPointer { buffer in
                tokenizer.feed(buffer, oversized: { events.append(CSVEvent(oversized: $0)) }) { events.append(CSVEvent($0)) }
            }
            start = stop
        }
        do {
            try tokenizer.finish(oversized: { events.append(CSVEvent(oversized: $0)) }) { events.append(CSVEvent($0)) }
        } catch {
            events.append(.error("\(error)"))
        }
        return events
    }
}
