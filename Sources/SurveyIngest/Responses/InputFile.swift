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
}
