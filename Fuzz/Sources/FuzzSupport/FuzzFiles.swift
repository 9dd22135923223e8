import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The repository and its fixtures, and scratch files for readers that take a path.
public enum FuzzFiles {
    /// The main package's root (two folders above `Fuzz/Sources/FuzzSupport`).
    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A file of the repository, as text; stops the fuzzer when it is missing.
    public static func text(_ relative: String) -> String {
        guard let data = FileManager.default.contents(atPath: repository + "/" + relative) else {
            Oracle.fail("missing fixture \(relative)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// An instrument of the repository, loaded once.
    public static func instrument(_ relative: String) -> Instrument {
        do {
            return try InstrumentLoader.parse(yaml: text(relative), path: relative)
        } catch {
            Oracle.fail("fixture instrument \(relative) does not load: \(error)")
        }
    }

    /// A private folder in memory (`/dev/shm` when there is one) for this process's scratch files.
    public static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = "\(base)/surveykpi-fuzz-\(getpid())"
        mkdir(dir, 0o700)
        return dir
    }()

    /// Writes `bytes` to the scratch file `name` and returns its path.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, as name: String) -> String {
        let path = scratch + "/" + name
        guard let file = fopen(path, "wb") else { Oracle.fail("cannot write scratch file \(path)") }
        if bytes.count > 0, let base = bytes.baseAddress { fwrite(base, 1, bytes.count, file) }
        fclose(file)
        return path
    }

    /// Writes `bytes` to the scratch file `name` and returns its path.
    public static func write(_ bytes: [UInt8], as name: String) -> String {
        bytes.withUnsafeBufferPointer { write($0, as: name) }
    }
}

/// Cuts a fuzz input into the files of a multi-file format at a separator line, so that
/// libFuzzer's mutations stay meaningful (a length prefix would be broken by most of them).
public enum FuzzParts {
    /// The separator the seed builder writes between files.
    public static let separator = Array("\n--8<-- surveykpi fuzz part --8<--\n".utf8)

    /// The parts of `data`: the bytes between separators (at most `count`; the last part keeps
    /// any further separators).
    public static func split(_ data: UnsafeBufferPointer<UInt8>, count: Int) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        var i = 0
        let n = data.count
        let sep = separator
        while i + sep.count <= n && parts.count < count - 1 {
            if data[i] == sep[0] && data[i + 1] == sep[1] && matches(data, at: i) {
                parts.append(Array(data[start..<i]))
                i += sep.count
                start = i
                continue
            }
            i += 1
        }
        parts.append(Array(data[start..<n]))
        return parts
    }

    private static func matches(_ data: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        for k in 0..<separator.count where data[i + k] != separator[k] { return false }
        return true
    }
}
