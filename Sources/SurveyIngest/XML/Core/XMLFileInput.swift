import CLibXML2
import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes libxml2 parses, handed over through `xmlReaderForIO` rather than
/// `xmlReaderForFile`.
///
/// Reading the file ourselves keeps libxml2 from doing anything but parse: it does not open
/// other files, does not decompress gzip or xz input on its own (a decompression bomb would
/// otherwise pass for an XML file), and cannot fetch URLs.
final class XMLFileInput {
    private let file: UnsafeMutablePointer<FILE>?
    /// Instead of a file: pieces of memory handed over in order (a part of a large file, with
    /// the text that makes it a document of its own; see ``XMLParallelReader``). Their bytes
    /// are counted in ``ReadProgress`` by whoever read them from the file.
    private var pieces: [UnsafeBufferPointer<UInt8>] = []
    private var piece = 0
    private var position = 0
    private var closed = false
    /// Bytes read but not yet counted in ``ReadProgress`` (libxml2 reads a few KiB at a time).
    private var uncounted = 0
    /// The file's size in bytes (0 when unknown, and for pieces of memory).
    let size: Int

    /// Opens a file; a missing or unreadable file is `.noInput` (exit 66).
    init(path: String) throws(SurveyError) {
        guard let file = fopen(path, "rb") else {
            throw SurveyError(.noInput, path: path, "cannot open input: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        let known = fstat(fileno(file), &st) == 0
        if known, (st.st_mode & S_IFMT) == S_IFDIR {
            fclose(file)
            throw SurveyError(.noInput, path: path, "cannot read input: it is a directory")
        }
        self.file = file
        size = known ? Int(st.st_size) : 0
    }

    /// Reads `pieces` in order, as one document; they must stay valid until ``close()``.
    init(pieces: [UnsafeBufferPointer<UInt8>]) {
        file = nil
        self.pieces = pieces
        size = 0
    }

    deinit { close() }

    /// Closes the file (libxml2 calls it through ``closeCallback``; idempotent).
    func close() {
        guard !closed else { return }
        ReadProgress.shared.add(uncounted)
        uncounted = 0
        closed = true
        if let file { fclose(file) }
    }

    /// Refuses start tags with too many attributes before libxml2 sees them.
    private(set) var markupGuard = XMLMarkupGuard()

    /// Fills libxml2's buffer; 0 at the end of the file, -1 on a read error or when the
    /// ``markupGuard`` refuses what it read.
    func read(into buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
        guard !closed, count > 0 else { return 0 }
        let n: Int
        if let file {
            n = fread(buffer, 1, count, file)
            if n == 0 && ferror(file) != 0 { return -1 }
            uncounted += n
            if uncounted >= 1 << 20 {
                ReadProgress.shared.add(uncounted)
                uncounted = 0
            }
        } else {
            n = fill(buffer, count: count)
        }
        let scanned = buffer.withMemoryRebound(to: UInt8.self, capacity: n) { markupGuard.scan(UnsafeBufferPointer(start: $0, count: n)) }
        if !scanned { return -1 }
        return Int32(n)
    }

    /// Copies up to `count` bytes of the pieces into `buffer`.
    private func fill(_ buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int {
        var n = 0
        let out = UnsafeMutableRawPointer(buffer)
        while n < count, piece < pieces.count {
            let current = pieces[piece]
            let take = min(count - n, current.count - position)
            if take > 0, let base = current.baseAddress {
                (out + n).copyMemory(from: base + position, byteCount: take)
                n += take
                position += take
            }
            if position == current.count {
                piece += 1
                position = 0
            }
        }
        return n
    }

    /// The C read callback; its context is an unretained ``XMLFileInput``.
    static let readCallback: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer else { return -1 }
        return Unmanaged<XMLFileInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, count: Int(length))
    }

    /// The C close callback.
    static let closeCallback: xmlInputCloseCallback = { context in
        guard let context else { return -1 }
        Unmanaged<XMLFileInput>.fromOpaque(context).takeUnretainedValue().close()
        return 0
    }
}
