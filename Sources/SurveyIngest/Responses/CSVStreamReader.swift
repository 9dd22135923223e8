import Dispatch
import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a large generic CSV input in pieces, on every core, into the same ``ReadResult`` the
/// whole-file reader gives (SPEC §3): same rows in the same order, same rejects, warnings,
/// counts, lines and hash.
///
/// ## How
/// The file is read in pieces of ``ReadOptions/chunkBytes`` and hashed as it is read. Each
/// piece is cut after a line feed that has a byte other than CR/LF on both sides, so every
/// batch *probably* starts at a record: the cut can only be wrong inside a quoted field with a
/// line break. Batches are tokenized and mapped on worker threads, each into its own small
/// table, with lines counted from the batch's start; the main thread merges them in order,
/// shifting lines and capping the invalid-answer warnings as one pass would.
///
/// A worker knows whether its batch ended at a record boundary (its tokenizer holds nothing at
/// the end). When it did not (the cut fell inside a quoted field), or something unusual
/// happened in the batch (an over-limit record, an error), the main thread reads that batch and
/// the next ones itself with one tokenizer at the true line, until a batch ends cleanly again,
/// and drops the workers' results for them. So the result never depends on where the cuts
/// fell or on the number of threads (`threads: 1` reads everything on the calling thread).
///
/// Files no larger than one piece, UTF-16 files, files that are not valid UTF-8 (read as
/// Windows-1252 with a warning) and headers longer than a piece go to the whole-file reader,
/// which gives the same result with the file in memory.
///
/// Memory: at most ``maxInFlight(threads:)`` batches (their bytes and their rows) besides the
/// table.
enum CSVStreamReader {
    /// One cut piece of the input.
    struct Batch: @unchecked Sendable {
        var index: Int
        /// The piece's bytes; the text runs from `start` to `end`.
        var bytes: [UInt8]
        var start: Int
        var end: Int
        /// Offset of `bytes[start]` in the decoded text.
        var offset: Int
        var isLast: Bool
    }

    /// What a worker made of one batch.
    struct BatchResult: @unchecked Sendable {
        var table: ResponseTable
        var rejects: [RejectedRecord] = []
        var diagnostics: [Diagnostic] = []
        var invalidAnswers = 0
        var read = 0
        /// Line breaks in the batch (the next batch starts this many lines later).
        var lines = 0
        /// The batch must be read again on the main thread (see the type's discussion).
        var redo = false
        /// The batch is not valid UTF-8: the whole input goes to the whole-file reader.
        var invalidUTF8 = false
    }

    /// A batch on its way through a worker.
    final class Slot: @unchecked Sendable {
        var batch: Batch
        var result: BatchResult?
        let done = DispatchSemaphore(value: 0)
        init(_ batch: Batch) { self.batch = batch }
    }

    /// A table handed to one worker (moved, so the worker holds the only reference).
    final class TableBox: @unchecked Sendable {
        var table: ResponseTable?
        init(_ table: ResponseTable?) { self.table = table }
    }

    /// The bound mapper a worker starts each batch from.
    struct Template: @unchecked Sendable {
        var mapper: RecordMapper
    }

    /// The input is not valid UTF-8: start again with the whole-file reader.
    struct NotUTF8: Error {}

    /// Batches in flight: one per worker and one more (being merged or read), each holding
    /// its bytes and its rows (about 2 MB per MB of input).
    static func maxInFlight(threads: Int) -> Int { threads + 1 }

    /// Reads one input.
    ///
    /// With `slices`, accepted rows are handed over in slices as they are merged instead of
    /// kept (the returned table holds only the labels). Inputs that go to the whole-file
    /// reader are handed over as one slice.
    static func read(
        path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, format: String, slices: RowSlices? = nil
    ) throws(SurveyError) -> ReadResult {
        guard let slices else { return try read(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format, sliced: nil) }
        return try read(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format, sliced: slices)
    }

    private static func read(
        path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, format: String, sliced slices: RowSlices?
    ) throws(SurveyError) -> ReadResult {
        func handOver(_ result: ReadResult) throws(SurveyError) -> ReadResult {
            guard let slices else { return result }
            var result = result
            return try RowSlices.handOver(&result, to: slices)
        }
        let stream = try InputFile.open(path)
        var hasher = SHA256Hasher()
        let chunk = max(64, options.chunkBytes)
        var reader = PieceReader(stream: stream)

        // The first piece decides: small file, encoding, dialect, header.
        var first = try reader.read(count: chunk + 1, after: [], hasher: &hasher)
        func whole() throws(SurveyError) -> ReadResult {
            while !reader.eof { first = try reader.read(count: max(chunk, first.count), after: first, hasher: &hasher) }
            let decoded = try TextDecoding.decode(first, path: path)
            let sha = hasher.finalizeHex()
            return try handOver(CSVResponseReader.read(decoded: decoded, sha256: sha, path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format))
        }
        if reader.eof { return try whole() }
        if first.count >= 2 && ((first[0] == 0xFF && first[1] == 0xFE) || (first[0] == 0xFE && first[1] == 0xFF)) { return try whole() }
        let textStart = first.count >= 3 && first[0] == 0xEF && first[1] == 0xBB && first[2] == 0xBF ? 3 : 0
        let encoding: TextEncoding = textStart == 3 ? .utf8BOM : .utf8
        let dialect = first.withUnsafeBufferPointer { CSVDialect.sniff(UnsafeBufferPointer(rebasing: $0[textStart...])) }
        let headerFits = first.withUnsafeBufferPointer { CSVDialect.scanFirstRecord(UnsafeBufferPointer(rebasing: $0[(textStart + dialect.headerOffset)...])) }
        if !headerFits { return try whole() }
        // Slices handed over cannot be taken back, so the encoding (decided by every byte) is
        // settled before the first one: a file that is not all UTF-8 is read whole.
        if slices != nil, try !InputFile.isUTF8(path) { return try whole() }

        do {
            var merger = Merger(
                path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format, dialect: dialect,
                threads: options.resolvedThreads, expectedBytes: stream.size, slices: slices)
            var batch = try reader.cut(first, start: textStart + dialect.headerOffset, offset: dialect.headerOffset, index: 0)
            if batch == nil { batch = try reader.next(chunk: chunk, index: 0, hasher: &hasher) }
            first = []
            while let current = batch {
                batch = nil
                let (index, isLast) = (current.index, current.isLast)
                try merger.add(consume current)
                // Buffers of merged batches go back to the reader (by then nobody else holds them).
                reader.pool.append(contentsOf: merger.spareBuffers)
                merger.spareBuffers.removeAll()
                batch = isLast ? nil : try reader.next(chunk: chunk, index: index + 1, hasher: &hasher)
            }
            var mapper = try merger.finish()
            guard mapper.binding != nil else {
                throw SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file; expected a header row naming the columns")
            }
            if mapper.suppressedWarnings > 0 {
                mapper.diagnostics.append(Diagnostic(.warning, at: nil, path: path, "\(mapper.suppressedWarnings) more invalid answers not shown"))
            }
            let summary = InputSummary(
                path: path, format: format, sha256: hasher.finalizeHex(), encoding: encoding.rawValue,
                read: mapper.read, accepted: merger.handedOver + mapper.table.rowCount, rejected: mapper.rejects.count, invalidAnswers: mapper.invalidAnswers)
            return ReadResult(table: mapper.table, summary: summary, rejects: mapper.rejects, diagnostics: mapper.diagnostics)
        } catch is NotUTF8 {
            if slices != nil { throw InputFile.changedWhileRead(path) }
            return try handOver(CSVResponseReader.readWhole(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format))
        } catch let error as SurveyError {
            // A fatal error met before every byte was seen: the file's encoding is decided by all
            // of it, so when a later byte is not UTF-8 the whole-file reader (Windows-1252) answers.
            if slices == nil, (try? InputFile.isUTF8(path)) == false {
                return try handOver(CSVResponseReader.readWhole(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format))
            }
            throw error
        } catch {
            throw SurveyError(.internalError, path: path, "\(error)")
        }
    }
}

/// Reads and cuts pieces.
struct PieceReader {
    let stream: InputFileStream
    var eof = false
    /// Bytes after the last cut, not yet in a batch.
    private var carry: [UInt8] = []
    /// Decoded offset of `carry[0]`.
    private var carryOffset = 0
    /// Buffers of merged batches, reused (no fresh pages, so no page faults, per piece).
    var pool: [[UInt8]] = []

    init(stream: InputFileStream) { self.stream = stream }

    /// `prefix` followed by up to `count` bytes of the file (hashed as they are read).
    mutating func read(count: Int, after prefix: [UInt8], hasher: inout SHA256Hasher) throws(SurveyError) -> [UInt8] {
        var failure: SurveyError?
        var got = 0
        let stream = self.stream
        let bytes = [UInt8](unsafeUninitializedCapacity: prefix.count + count) { buffer, initialized in
            if !prefix.isEmpty {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<prefix.count]).initialize(from: prefix)
            }
            do throws(SurveyError) {
                got = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[prefix.count...]))
            } catch {
                failure = error
            }
            initialized = prefix.count + got
        }
        if let failure { throw failure }
        bytes.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[prefix.count...])) }
        if got < count { eof = true }
        return bytes
    }

    /// Cuts a batch off `bytes` (text from `start`, at decoded `offset`); the rest is carried.
    /// Returns nil when no cut is possible (no suitable line feed): the bytes are carried whole.
    mutating func cut(_ bytes: [UInt8], count: Int? = nil, start: Int, offset: Int, index: Int) throws(SurveyError) -> CSVStreamReader.Batch? {
        let count = count ?? bytes.count
        if eof {
            carry = []
            return CSVStreamReader.Batch(index: index, bytes: bytes, start: start, end: count, offset: offset, isLast: true)
        }
        // The first batch (the header, read on the calling thread before any worker can start)
        // is cut short.
        let limit = index == 0 ? min(count, start + Self.firstBatchBytes) : count
        let found = bytes.withUnsafeBufferPointer { buffer in
            Self.cutPoint(in: UnsafeBufferPointer(rebasing: buffer[..<limit]), from: start)
                ?? (limit < count ? Self.cutPoint(in: UnsafeBufferPointer(rebasing: buffer[..<count]), from: start) : nil)
        }
        guard let end = found else {
            carry = Array(bytes[start..<count])
            carryOffset = offset
            return nil
        }
        carry.removeAll(keepingCapacity: true)
        carry.append(contentsOf: bytes[end..<count])
        carryOffset = offset + end - start
        return CSVStreamReader.Batch(index: index, bytes: bytes, start: start, end: end, offset: offset, isLast: false)
    }

    /// The next batch: the carried bytes and about `chunk` more, in a recycled buffer when one
    /// is big enough (its bytes past the batch's end are stale).
    mutating func next(chunk: Int, index: Int, hasher: inout SHA256Hasher) throws(SurveyError) -> CSVStreamReader.Batch {
        var want = chunk
        while true {
            let size = carry.count + want
            var buffer: [UInt8]
            if let i = pool.firstIndex(where: { $0.count >= size }) {
                buffer = pool.remove(at: i)
            } else {
                buffer = [UInt8](repeating: 0, count: size)
            }
            var failure: SurveyError?
            let stream = self.stream
            let prefix = carry.count
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                raw.copyBytes(from: carry)
                do throws(SurveyError) {
                    return try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[prefix..<size]))
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[prefix..<(prefix + got)])) }
            if got < want { eof = true }
            let offset = carryOffset
            if let batch = try cut(buffer, count: prefix + got, start: 0, offset: offset, index: index) { return batch }
            pool.append(buffer)
            want *= 2
        }
    }

    static let firstBatchBytes = 64 * 1024

    /// The position just after the last LF of `bytes[from...]` that has a byte other than CR
    /// or LF after it and before its line break, or nil.
    static func cutPoint(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = bytes.count - 2
        while i > from {
            if bytes[i] == CSVByte.lf {
                let after = bytes[i + 1]
                var before = i - 1
                if bytes[before] == CSVByte.cr { before -= 1 }
                if after != CSVByte.lf && after != CSVByte.cr && before >= from && bytes[before] != CSVByte.lf && bytes[before] != CSVByte.cr {
                    return i + 1
                }
            }
            i -= 1
        }
        return nil
    }
}

/// Puts batches through workers and merges their results in order (the main thread's side).
struct Merger {
    let path: String
    let options: ReadOptions
    let dialect: CSVDialect
    let threads: Int
    let expectedBytes: Int
    /// The input's mapper: its table, rejects and counts are the result. (Optional only so
    /// that it can be moved out while a batch is read here, without copying its table.)
    var main: RecordMapper?
    /// The tokenizer of a stretch read on this thread (the header, a redo, or everything when
    /// serial); nil while workers' results are merged.
    var serial: CSVTokenizer?
    /// The line where the next merged batch starts, when `serial` is nil.
    var nextLine = 0
    /// Batches handed to workers, not merged yet, in order.
    var inFlight: [CSVStreamReader.Slot] = []
    var template: CSVStreamReader.Template?
    var rowsPerByte = 0.0
    /// Storage of merged batches, for the next ones: byte buffers (handed back to the reader)
    /// and tables (handed to workers, emptied, with the template's labels).
    var spareBuffers: [[UInt8]] = []
    var spareTables: [ResponseTable] = []
    /// Where accepted rows go instead of the mapper's table (nil keeps them).
    let slices: RowSlices?
    /// Rows handed over to `slices` so far.
    var handedOver = 0

    init(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions, format: String, dialect: CSVDialect, threads: Int, expectedBytes: Int, slices: RowSlices? = nil) {
        self.slices = slices
        self.path = path
        self.options = options
        self.dialect = dialect
        self.threads = threads
        self.expectedBytes = expectedBytes
        main = RecordMapper(path: path, inputIndex: inputIndex, instrument: instrument, options: options, format: format)
        serial = CSVTokenizer(delimiter: dialect.delimiter, path: path, startLine: dialect.headerLine, startOffset: dialect.headerOffset, limits: options.csvLimits)
    }

    /// Takes the next batch: reads it here while a serial stretch is open and nothing is in
    /// flight, else hands it to a worker (merging finished ones first when the pipeline is full).
    mutating func add(_ batch: CSVStreamReader.Batch) throws {
        if serial != nil && inFlight.isEmpty {
            try readHere(batch)
            try handOver()
            spareBuffers.append(batch.bytes)
            return
        }
        if template == nil {
            var fork = main!
            fork.table = fork.table.emptied()
            fork.rejects = []
            fork.diagnostics = []
            fork.read = 0
            fork.invalidAnswers = 0
            fork.suppressedWarnings = 0
            template = CSVStreamReader.Template(mapper: fork)
        }
        let slot = CSVStreamReader.Slot(batch)
        inFlight.append(slot)
        let (template, dialect, path, limits, rate) = (self.template!, self.dialect, self.path, options.csvLimits, rowsPerByte)
        let spare = CSVStreamReader.TableBox(spareTables.popLast())
        DispatchQueue.global(qos: .userInitiated).async {
            slot.result = Self.work(slot.batch, template: template, table: spare, dialect: dialect, path: path, limits: limits, rowsPerByte: rate)
            slot.done.signal()
        }
        while inFlight.count >= CSVStreamReader.maxInFlight(threads: threads) {
            try mergeOldest()
        }
    }

    /// Batches read by workers and read here (the header, redos, serial reading), and the time
    /// this thread waited for workers and spent merging (printed with `SURVEYKPI_TIMINGS`).
    var statistics = (merged: 0, readHere: 0, waitNanoseconds: UInt64(0), mergeNanoseconds: UInt64(0))

    /// Merges every batch still in flight; returns the input's mapper.
    mutating func finish() throws -> RecordMapper {
        while !inFlight.isEmpty { try mergeOldest() }
        try handOver(atLeast: 1)
        if getenv("SURVEYKPI_TIMINGS") != nil {
            let line = "stream: \(statistics.merged) batches from workers, \(statistics.readHere) read on the main thread; the main thread waited \(statistics.waitNanoseconds / 1_000_000) ms for workers and merged for \(statistics.mergeNanoseconds / 1_000_000) ms\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
        return main!
    }

    /// Waits for the oldest worker and merges its batch, or reads it here when it must be redone
    /// or a serial stretch is open.
    private mutating func mergeOldest() throws {
        let slot = inFlight.removeFirst()
        let t0 = DispatchTime.now().uptimeNanoseconds
        slot.done.wait()
        let t1 = DispatchTime.now().uptimeNanoseconds
        statistics.waitNanoseconds += t1 - t0
        defer { statistics.mergeNanoseconds += DispatchTime.now().uptimeNanoseconds - t1 }
        var result = slot.result.take()!
        let batch = slot.batch
        slot.batch.bytes = []
        defer { spareBuffers.append(batch.bytes) }
        if result.invalidUTF8 { throw CSVStreamReader.NotUTF8() }
        if serial != nil || result.redo {
            if serial == nil {
                serial = CSVTokenizer(delimiter: dialect.delimiter, path: path, startLine: nextLine, startOffset: batch.offset, limits: options.csvLimits)
            }
            try readHere(batch)
            try handOver()
            return
        }
        merge(result)
        try handOver()
        var table = result.table
        result.table = ResponseTable(itemCount: 0, segmentNames: [])
        if let template {
            table.resetRows(labelsFrom: template.mapper.table)
            spareTables.append(table)
        }
    }

    /// Hands the rows merged so far to `slices` once there are at least `rows` of them (the
    /// slice size by default), keeping the labels so that codes stay the same.
    private mutating func handOver(atLeast rows: Int? = nil) throws(SurveyError) {
        guard let slices, main!.table.rowCount >= (rows ?? slices.rows), main!.table.rowCount > 0 else { return }
        try slices.handle(main!.table)
        handedOver += main!.table.rowCount
        let labels = main!.table.emptied()
        main!.table.resetRows(labelsFrom: labels)
    }

    /// Appends a worker's batch to the input's result.
    private mutating func merge(_ result: CSVStreamReader.BatchResult) {
        statistics.merged += 1
        let shift = nextLine - 1
        main!.table.append(contentsOf: result.table, lineOffset: shift)
        for var reject in result.rejects {
            reject.line += shift
            main!.rejects.append(reject)
        }
        let shown = min(main!.invalidAnswers, options.maxWarnings)
        let take = max(0, min(result.diagnostics.count, options.maxWarnings - shown))
        for var diagnostic in result.diagnostics.prefix(take) {
            diagnostic.location?.line += shift
            main!.diagnostics.append(diagnostic)
        }
        main!.invalidAnswers += result.invalidAnswers
        main!.suppressedWarnings += result.invalidAnswers - take
        main!.read += result.read
        nextLine += result.lines
    }

    /// Reads a batch on this thread with the open serial tokenizer, closing the stretch when
    /// the batch ends at a record boundary (and workers may take over again).
    private mutating func readHere(_ batch: CSVStreamReader.Batch) throws {
        let valid = batch.bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8(in: UnsafeBufferPointer(rebasing: $0[batch.start..<batch.end])) == nil }
        guard valid else { throw CSVStreamReader.NotUTF8() }
        statistics.readHere += 1
        var tokenizer = serial.take()!
        var mapper = main.take()!
        defer { main = mapper }
        try batch.bytes.withUnsafeBufferPointer { buffer throws(SurveyError) in
            try tokenizer.feed(
                UnsafeBufferPointer(rebasing: buffer[batch.start..<batch.end]),
                oversized: { record throws(SurveyError) in try mapper.consumeOversized(record) }
            ) { record throws(SurveyError) in try mapper.consume(record) }
        }
        if mapper.binding != nil, rowsPerByte == 0, mapper.table.rowCount > 0 {
            let bytes = Double(max(1, batch.end - batch.start))
            rowsPerByte = Double(mapper.table.rowCount) / bytes
            if expectedBytes > 0 && slices == nil {
                mapper.table.reserveCapacity(Int(Double(expectedBytes) * rowsPerByte * 1.02))
                mapper.table.reserveIDCapacity(Int(Double(expectedBytes) * Double(mapper.table.idBytes.count) / bytes * 1.02))
            }
        }
        if batch.isLast {
            try tokenizer.finish(oversized: { record in try mapper.consumeOversized(record) }) { record in try mapper.consume(record) }
            return
        }
        // Does the batch end at a record boundary? Ask a copy to finish: it must emit nothing.
        var probe = tokenizer
        var clean = true
        do {
            try probe.finish(oversized: { _ in clean = false }) { _ in clean = false }
        } catch {
            clean = false
        }
        if clean && threads > 1 && mapper.binding != nil && mapper.plan?.respondent != ColumnBinding.recordOrdinal {
            nextLine = tokenizer.line
        } else {
            serial = tokenizer
        }
    }

    /// A worker: tokenizes and maps one batch into a fresh table, lines counted from 1.
    static func work(
        _ batch: CSVStreamReader.Batch, template: CSVStreamReader.Template, table: CSVStreamReader.TableBox, dialect: CSVDialect,
        path: String, limits: CSVLimits, rowsPerByte: Double
    ) -> CSVStreamReader.BatchResult {
        var mapper = template.mapper
        if let recycled = table.table.take() { mapper.table = recycled }
        mapper.table.reserveCapacity(Int(Double(batch.end - batch.start) * rowsPerByte * 1.1) + 16)
        var result = CSVStreamReader.BatchResult(table: ResponseTable(itemCount: 0, segmentNames: []))
        let valid = batch.bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8(in: UnsafeBufferPointer(rebasing: $0[batch.start..<batch.end])) == nil }
        guard valid else {
            result.invalidUTF8 = true
            return result
        }
        var tokenizer = CSVTokenizer(delimiter: dialect.delimiter, path: path, startLine: 1, startOffset: batch.offset, limits: limits)
        var redo = false
        do {
            try batch.bytes.withUnsafeBufferPointer { buffer throws(SurveyError) in
                try tokenizer.feed(
                    UnsafeBufferPointer(rebasing: buffer[batch.start..<batch.end]),
                    oversized: { _ throws(SurveyError) in redo = true }
                ) { record throws(SurveyError) in
                    mapper.read += 1
                    try mapper.map(record)
                }
            }
            try tokenizer.finish(oversized: { _ in redo = true }) { record in
                // Only the last batch may end with a record without a terminator.
                if batch.isLast {
                    mapper.read += 1
                    try mapper.map(record)
                } else {
                    redo = true
                }
            }
        } catch {
            redo = true
        }
        if redo {
            result.redo = true
            return result
        }
        result.table = mapper.table
        result.rejects = mapper.rejects
        result.diagnostics = mapper.diagnostics
        result.invalidAnswers = mapper.invalidAnswers
        result.read = mapper.read
        result.lines = tokenizer.line - 1
        return result
    }
}
