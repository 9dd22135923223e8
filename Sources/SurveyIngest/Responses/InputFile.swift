import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with errors the user can act on.
public enum InputFile {
    /// The error for an input whose bytes differ from those read a moment before (it is being
    /// written, or was replaced, while it is read).
    public static func changedWhileRead(_ path: String) -> SurveyError {
        SurveyError(.noInput, path: path, "the file changed while it was being read; run again when it is complete")
    }

    /// Reads every byte of a file. A missing or unreadable file is `.noInput` (exit 66).
    public static func bytes(_ path: String) throws(SurveyError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw SurveyError(.noInput, path: path, "cannot open input: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var st = stat()
        if fstat(fileno(file), &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw SurveyError(.noInput, path: path, "cannot read input: it is a directory")
        }
        var result: [UInt8] = []
        if st.st_size > 0 { result.reserveCapacity(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { result.append(contentsOf: buffer[0..<n]) }
            ReadProgress.shared.add(n)
            if n < buffer.count {
                if ferror(file) != 0 { throw SurveyError(.noInput, path: path, "cannot read input: \(String(cString: strerror(errno)))") }
                break
            }
        }
        return result
    }

    /// The first `count` bytes of a file (fewer when it is shorter).
    public static func prefix(_ path: String, bytes count: Int) throws(SurveyError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw SurveyError(.noInput, path: path, "cannot open input: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, file) }
        return Array(buffer[0..<n])
    }

    /// Whether a file's bytes, after an optional UTF-8 byte order mark, are all well-formed
    /// UTF-8; read in 1 MiB pieces, so a large file is never held whole.
    ///
    /// The streaming CSV reader asks this when it stops on a fatal error before it has seen
    /// every byte: the file's encoding is decided by all of it, and a message must quote the
    /// text as the whole-file reader decodes it.
    public static func isUTF8(_ path: String) throws(SurveyError) -> Bool {
        let stream = try open(path)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var carried = 0
        var first = true
        while true {
            var failure: SurveyError?
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                do throws(SurveyError) {
                    return try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[carried...]))
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            let count = carried + got
            let atEnd = carried + got < buffer.count
            let start = first && count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0
            first = false
            // A sequence cut by the piece's end is checked with the next piece.
            let end = atEnd ? count : completeSequencesEnd(buffer, count: count, from: start)
            let bad = buffer.withUnsafeBufferPointer {
                TextDecoding.firstInvalidUTF8(in: UnsafeBufferPointer(rebasing: $0[start..<end]))
            }
            if bad != nil { return false }
            if atEnd { return true }
            carried = count - end
            for k in 0..<carried { buffer[k] = buffer[end + k] }
        }
    }

    /// The end of the last complete UTF-8 sequence in `bytes[from..<count]`: `count`, or the
    /// start of a lead byte in the last three whose sequence runs past `count`.
    private static func completeSequencesEnd(_ bytes: [UInt8], count: Int, from: Int) -> Int {
        var i = count - 1
        while i >= max(from, count - 3) {
            let b = bytes[i]
            if b & 0xC0 != 0x80 {
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                return i + length > count ? i : count
            }
            i -= 1
        }
        return count
    }

    /// Opens a file for reading in pieces (``InputFileStream``), with the same errors as
    /// ``bytes(_:)``.
    public static func open(_ path: String) throws(SurveyError) -> InputFileStream {
        guard let file = fopen(path, "rb") else {
            throw SurveyError(.noInput, path: path, "cannot open input: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        if fstat(fileno(file), &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            fclose(file)
            throw SurveyError(.noInput, path: path, "cannot read input: it is a directory")
        }
        setvbuf(file, nil, _IONBF, 0)
        return InputFileStream(file: file, path: path, size: st.st_size > 0 ? Int(st.st_size) : 0)
    }
}

/// An open input read front to back in pieces, so a large file is never held whole.
public final class InputFileStream {
    private let file: UnsafeMutablePointer<FILE>
    /// The file as the user named it.
    public let path: String
    /// The size `fstat` reported (0 when unknown), for reservations only.
    public let size: Int

    init(file: UnsafeMutablePointer<FILE>, path: String, size: Int) {
        self.file = file
        self.path = path
        self.size = size
    }

    deinit { fclose(file) }

    /// Reads up to `buffer.count` bytes; returns how many, 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SurveyError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var total = 0
        while total < buffer.count {
            let n = fread(base + total, 1, buffer.count - total, file)
            total += n
            ReadProgress.shared.add(n)
            if n == 0 {
                if ferror(file) != 0 { throw SurveyError(.noInput, path: path, "cannot read input: \(String(cString: strerror(errno)))") }
                break
            }
        }
        return total
    }
}
