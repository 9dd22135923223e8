import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with errors the user can act on.
public enum InputFile {
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
            if n == 0 {
                if ferror(file) != 0 { throw SurveyError(.noInput, path: path, "cannot read input: \(String(cString: strerror(errno)))") }
                break
            }
        }
        return total
    }
}
