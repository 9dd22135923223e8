import CLibXML2
import Dispatch
import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a large generic XML export on every core, into exactly the ``ReadResult`` that
/// ``XMLResponseReader`` gives on one, or gives up (nil) and leaves the file to it.
///
/// ## How
/// libxml2 parses one document on one thread, so the file is cut into parts before each
/// `<response` start tag, about eight ``ReadOptions/chunkBytes`` apart, and each part becomes a
/// document of its own: the root start tag (line breaks turned into spaces, so the lines of the
/// part stay those of the file), the part, and `</responses>`. Workers parse the parts with
/// their own readers into their own tables; this thread reads, hashes and cuts the file and
/// appends the tables in order, shifting each part's lines by the line breaks before it.
///
/// ## Exactness
/// A part gives the file's rows only when nothing about it is unusual, so the whole file goes
/// back to the one reader (from the start, with every message where it belongs) when any part:
/// - fails to parse: a cut that fell inside a comment, a CDATA section or a nested element
///   leaves the part before it unclosed, so a wrong cut always shows here;
/// - rejects a record, warns (an invalid answer, an unknown item or element) or needs the
///   file's element positions for a message.
///
/// Also left to the one reader: one thread, files of less than two parts, a prolog with more
/// than an XML declaration (a DOCTYPE, a comment), an encoding other than UTF-8, and a root
/// other than `<responses>`. A file whose first rejected record comes late is read about one
/// and a half times; a clean one, the common case for a nightly export, on every core.
enum XMLParallelReader {
    /// Bytes per part (8 MiB with the default pieces of 1 MiB).
    static func partBytes(_ options: ReadOptions) -> Int { max(1 << 12, options.chunkBytes * 8) }

    /// One part of the file and what a worker made of it.
    final class Slot: @unchecked Sendable {
        let bytes: [UInt8]
        let count: Int
        let isFirst: Bool
        let isLast: Bool
        var table: ResponseTable?
        var read = 0
        var lines = 0
        var encoding = "utf-8"
        var clean = false
        let done = DispatchSemaphore(value: 0)

        init(bytes: [UInt8], count: Int, isFirst: Bool, isLast: Bool) {
            self.bytes = bytes
            self.count = count
            self.isFirst = isFirst
            self.isLast = isLast
        }
    }

    /// Reads `path` on `options.resolvedThreads` threads; nil when the one reader must.
    static func read(path: String, inputIndex: Int, instrument: Instrument, options: ReadOptions) -> ReadResult? {
        let threads = options.resolvedThreads
        guard threads > 1, let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var st = stat()
        guard fstat(fileno(file), &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        let part = partBytes(options)
        guard size >= 2 * part else { return nil }

        var hasher = SHA256Hasher()
        var pool: [[UInt8]] = []
        var carry: [UInt8] = []
        var eof = false
        var failed = false
        // Counted as read; taken back when the one reader starts again.
        var progress = 0
        defer { if progress > 0 { ReadProgress.shared.add(-progress) } }
        /// The carried bytes and up to `want` more from the file, in a recycled buffer.
        func next(_ want: Int) -> (bytes: [UInt8], count: Int) {
            var buffer = pool.popLast() ?? []
            if buffer.count < carry.count + want { buffer = [UInt8](repeating: 0, count: carry.count + want) }
            let prefix = carry.count
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                raw.copyBytes(from: carry)
                let n = fread(raw.baseAddress! + prefix, 1, want, file)
                if n < want {
                    eof = true
                    if ferror(file) != 0 { failed = true }
                }
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[prefix..<(prefix + n)]))
                return n
            }
            ReadProgress.shared.add(got)
            progress += got
            carry.removeAll(keepingCapacity: true)
            return (buffer, prefix + got)
        }

        var (bytes, count) = next(part)
        guard !failed, let root = bytes.withUnsafeBufferPointer({ rootStartTag(UnsafeBufferPointer(rebasing: $0[..<count])) }) else { return nil }
        // The root start tag on one line: attribute values normalise line breaks to spaces anyway.
        let rootTag = bytes[root].map { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 ? UInt8(ascii: " ") : $0 }

        xmlInitParser()
        var inFlight: [Slot] = []
        var merged: ResponseTable?
        var read = 0
        var linesBefore = 0
        var encoding = "utf-8"
        var clean = true
        var first = true
        /// Waits for the oldest part and appends its rows.
        func mergeOldest() {
            let slot = inFlight.removeFirst()
            slot.done.wait()
            pool.append(slot.bytes)
            guard clean, slot.clean, let table = slot.table else {
                clean = false
                return
            }
            if merged == nil {
                merged = table
                encoding = slot.encoding
                // Room for the whole file at the first part's rows per byte, as the one reader
                // reserves it: appending part after part would otherwise double the arrays,
                // holding old and new at once.
                let rows = Double(table.rowCount) / Double(max(1, slot.count)) * Double(size) * 1.02
                let ids = Double(table.idBytes.count) / Double(max(1, slot.count)) * Double(size) * 1.02
                if rows.isFinite, Int(rows) > table.rowCount {
                    merged!.reserveCapacity(Int(rows) - table.rowCount)
                    merged!.reserveIDCapacity(max(0, Int(ids) - table.idBytes.count))
                }
            } else {
                merged!.append(contentsOf: table, lineOffset: linesBefore)
            }
            read += slot.read
            linesBefore += slot.lines
        }

        while clean {
            // Cut before the last `<response` of the bytes, past the root start tag in the first
            // part. A part without one (a record of megabytes, or a hostile file) is left to the
            // one reader, whose memory stays bounded whatever the record.
            let cut: Int? = eof ? count : bytes.withUnsafeBufferPointer {
                lastRecordStart(UnsafeBufferPointer(rebasing: $0[..<count]), after: first ? root.upperBound : 1)
            }
            guard !failed, let end = cut, end > 0 else {
                clean = false
                break
            }
            let isLast = eof && end == count
            carry = Array(bytes[end..<count])
            let slot = Slot(bytes: bytes, count: end, isFirst: first, isLast: isLast)
            first = false
            inFlight.append(slot)
            let prefix = slot.isFirst ? [] : rootTag
            DispatchQueue.global(qos: .userInitiated).async {
                parse(slot, prefix: prefix, path: path, instrument: instrument, inputIndex: inputIndex, options: options)
                slot.done.signal()
            }
            while inFlight.count > threads { mergeOldest() }
            if isLast { break }
            (bytes, count) = next(part)
            if failed { clean = false }
        }
        while !inFlight.isEmpty { mergeOldest() }
        guard clean, !failed, let table = merged else { return nil }
        progress = 0
        let summary = InputSummary(
            path: path, format: "xml", sha256: hasher.finalizeHex(), encoding: encoding,
            read: read, accepted: table.rowCount, rejected: 0, invalidAnswers: 0)
        return ReadResult(table: table, summary: summary, rejects: [], diagnostics: [])
    }

    /// A worker: parses one part as a document of its own.
    private static func parse(_ slot: Slot, prefix: [UInt8], path: String, instrument: Instrument, inputIndex: Int, options: ReadOptions) {
        let suffix: [UInt8] = slot.isLast ? [] : Array("</responses>".utf8)
        slot.bytes.withUnsafeBufferPointer { body in
            prefix.withUnsafeBufferPointer { prefix in
                suffix.withUnsafeBufferPointer { suffix in
                    let part = UnsafeBufferPointer(rebasing: body[..<slot.count])
                    slot.lines = lineBreaks(part)
                    do {
                        let reader = try XMLStreamReader(path: path, policy: XMLResponseReader.policy, pieces: [prefix, part, suffix])
                        var mapper = XMLRecordMapper(reader: reader, instrument: instrument, inputIndex: inputIndex, options: options)
                        try mapper.run()
                        let assembler = mapper.assembler
                        slot.clean = assembler.rejects.isEmpty && assembler.warnings.isEmpty && assembler.invalidAnswers == 0
                            && mapper.lateRejects.isEmpty
                        slot.table = assembler.table
                        slot.read = assembler.read
                        slot.encoding = mapper.encoding
                    } catch {
                        slot.clean = false
                    }
                }
            }
        }
    }

    /// Where the root start tag `<responses …>` is, when only an XML declaration (UTF-8, or no
    /// encoding named) and white space come before it; nil otherwise.
    static func rootStartTag(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 } }
        func starts(with text: String) -> Bool {
            let t = Array(text.utf8)
            guard i + t.count <= bytes.count else { return false }
            for k in 0..<t.count where bytes[i + k] != t[k] { return false }
            return true
        }
        if starts(with: "<?xml") {
            let declStart = i
            while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "?") && bytes[i + 1] == UInt8(ascii: ">")) { i += 1 }
            guard i + 1 < bytes.count else { return nil }
            let declaration = String(decoding: UnsafeBufferPointer(rebasing: bytes[declStart..<i]), as: UTF8.self).lowercased()
            if let range = declaration.range(of: "encoding") {
                let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                let name = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " }
                guard ["utf-8", "utf8"].contains(String(name)) else { return nil }
            }
            i += 2
        }
        skipSpace()
        guard starts(with: "<responses") else { return nil }
        let start = i
        i += "<responses".utf8.count
        guard i < bytes.count, [0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ">")].contains(bytes[i]) else { return nil }
        var quote: UInt8 = 0
        while i < bytes.count {
            let c = bytes[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                return bytes[i - 1] == UInt8(ascii: "/") ? nil : start..<(i + 1)
            }
            i += 1
        }
        return nil
    }

    /// The offset of the last `<response` start tag at or after `after`; nil when there is none.
    static func lastRecordStart(_ bytes: UnsafeBufferPointer<UInt8>, after: Int) -> Int? {
        var i = bytes.count - recordName.count - 1
        while i >= after {
            if isRecordStart(bytes, at: i) { return i }
            i -= 1
        }
        return nil
    }

    /// `<response` start tags in `bytes`.
    static func recordStarts(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var i = 0
        while i + recordName.count < bytes.count {
            if isRecordStart(bytes, at: i) { n += 1 }
            i += 1
        }
        return n
    }

    private static let recordName = Array("<response".utf8)

    /// Whether `<response` followed by white space, `>` or `/` starts at `i` (a byte must
    /// follow the name).
    @inline(__always)
    static func isRecordStart(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard bytes[i] == UInt8(ascii: "<"), i + recordName.count < bytes.count else { return false }
        for k in 1..<recordName.count where bytes[i + k] != recordName[k] { return false }
        let c = bytes[i + recordName.count]
        return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == UInt8(ascii: ">") || c == UInt8(ascii: "/")
    }

    /// Line breaks as libxml2 counts them: LF, CRLF and a lone CR each once. (`memchr` for LF
    /// when there is no CR, the usual case: a byte loop was 4 % of a parallel read.)
    static func lineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        let count = bytes.count
        if memchr(base, 0x0D, count) == nil {
            var n = 0
            var at = UnsafeRawPointer(base)
            let end = UnsafeRawPointer(base + count)
            while at < end, let found = memchr(at, 0x0A, end - at) {
                n += 1
                at = UnsafeRawPointer(found) + 1
            }
            return n
        }
        var n = 0
        var i = 0
        while i < count {
            let c = bytes[i]
            if c == 0x0A {
                n += 1
            } else if c == 0x0D && (i + 1 == count || bytes[i + 1] != 0x0A) {
                n += 1
            }
            i += 1
        }
        return n
    }
}
